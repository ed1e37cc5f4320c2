"""The streaming engine of the list pages' exports (core/exports.py): one worksheet, written row by row
into a ZIP stream, so the first bytes leave while the database is still being read and no export holds
its rows. Every list export streamed from the database stays here; documents and statistical tables
(fixed layouts with a 表头: the target breakdown, 推荐名单, 统计报表 …) are written by core/xlsxbook.py,
and the ledgers' files and templates by the ledger engine (ledgers/export.py, ledgers.md).

The package is the minimal one Excel, WPS and LibreOffice read: content types, relationships, a
workbook (with the print titles and the autofilter range), styles (a title, a header, date and number
formats) and the sheet with inline strings (`t="inlineStr"`: a string cell, never a formula). The
ZIP members are written with data descriptors (the stream is not seekable); the sheet's XML is
deflated as it is produced. xlsxwriter (under ledger files, templates and core/xlsxbook.py) keeps every
cell until `close()`, or in its constant-memory mode still writes the whole sheet to a temporary
file before the ZIP can start, and is four times slower per cell.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence

from xlsxwriter.utility import xl_col_to_name

BATCH = 500  # rows per chunk handed to the response
EPOCH = dt.datetime(1899, 12, 30)
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

# cellXfs indexes of STYLES_XML
STYLE = {"title": 1, "info": 2, "header": 3, "date": 4, "datetime": 5, "amount": 6, "int": 7, "year": 8,
         "number": 9}

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>")
ROOT_RELS = HEAD + (
    f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK_RELS = HEAD + (
    f'<Relationships xmlns="{PKG_REL}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>')
STYLES_XML = HEAD + (
    f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/><numFmt numFmtId="166" formatCode="#,##0.00"/>'
    '<numFmt numFmtId="167" formatCode="#,##0.0##"/></numFmts>'
    '<fonts count="4">'
    '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
    '<font><b/><sz val="14"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
    '<font><sz val="11"/><color rgb="FF555555"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
    '<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="10">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="3" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    'applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")


class _Sink(io.RawIOBase):
    """Where the ZIP writes: the bytes are collected and handed on chunk by chunk (not seekable)."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def text(value: str) -> str:
    """XML text of a cell: escaped, without the control characters XML cannot hold."""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return value.translate(_ESCAPE)


def _string_cell(ref: str, value: str, style: int = 0) -> str:
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}" t="inlineStr"{s}><is><t{space}>{text(value)}</t></is></c>'


def serial(value: dt.date | dt.datetime) -> str:
    """Excel's date number (days since 1899-12-30; 1900 date system)."""
    if isinstance(value, dt.datetime):
        return repr(round((value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400, 10))
    return str(value.toordinal() - 693594)  # 693594 == date(1899, 12, 30).toordinal()


def sheet_name(title: str) -> str:
    return (_SHEET_NAME_BAD.sub("_", title)[:31] or "Sheet1").strip("'") or "Sheet1"


def stream(title: str, lines: Sequence[str], headers: Sequence[str], widths: Sequence[int],
           rows: Iterable[Sequence[tuple[object, str]]]) -> Iterator[bytes]:
    """The .xlsx as chunks of bytes. `lines`: the title block (the first in bold); `headers`: the header
    row; `rows`: per row, (value, kind) per column, value None (blank), str, int, float, Decimal, date or
    datetime, kind a key of STYLE for numbers and dates."""
    sink = _Sink()
    zf = zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
    zf.writestr("[Content_Types].xml", CONTENT_TYPES)
    zf.writestr("_rels/.rels", ROOT_RELS)
    zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
    zf.writestr("xl/styles.xml", STYLES_XML)
    yield sink.take()
    letters = [xl_col_to_name(j) for j in range(max(len(headers), 1))]
    last_col = letters[len(headers) - 1] if headers else "A"
    header_row = len(lines) + 1
    first_data = header_row + 1
    cols = "".join(f'<col min="{j + 1}" max="{j + 1}" width="{w}" customWidth="1"/>' for j, w in enumerate(widths))
    start = [HEAD, f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">',
             '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
             f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{header_row}" topLeftCell="A{first_data}" '
             f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A{first_data}" '
             f'sqref="A{first_data}"/></sheetView></sheetViews>',
             '<sheetFormatPr defaultRowHeight="15"/>', f"<cols>{cols}</cols>" if cols else "", "<sheetData>"]
    for i, line in enumerate(lines, start=1):
        height = ' ht="22" customHeight="1"' if i == 1 else ""
        start.append(f'<row r="{i}"{height}>{_string_cell(f"A{i}", line, STYLE["title" if i == 1 else "info"])}</row>')
    start.append(f'<row r="{header_row}">' + "".join(
        _string_cell(f"{letters[j]}{header_row}", h, STYLE["header"]) for j, h in enumerate(headers)) + "</row>")
    n = header_row
    with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
        sheet.write("".join(start).encode("utf-8"))
        out: list[str] = []
        for n, row in enumerate(rows, start=first_data):
            parts = [f'<row r="{n}">']
            for j, (value, kind) in enumerate(row):
                if value is None:
                    continue
                ref = f"{letters[j]}{n}"
                t = type(value)
                if t is str:
                    parts.append(_string_cell(ref, value))
                elif t is dt.date or t is dt.datetime:
                    style = STYLE["datetime" if t is dt.datetime else "date"]
                    parts.append(f'<c r="{ref}" s="{style}"><v>{serial(value)}</v></c>')
                elif t is decimal.Decimal:
                    if not value.is_finite() or len(value.as_tuple().digits) > 15:
                        parts.append(_string_cell(ref, format(value, "f")))  # beyond Excel's precision
                    else:
                        parts.append(f'<c r="{ref}" s="{STYLE.get(kind, STYLE["amount"])}">'
                                     f'<v>{format(value, "f")}</v></c>')
                elif t is int or t is float:
                    parts.append(f'<c r="{ref}" s="{STYLE.get(kind, STYLE["number"])}"><v>{value!r}</v></c>')
                else:
                    parts.append(_string_cell(ref, str(value)))
            parts.append("</row>")
            out.append("".join(parts))
            if len(out) >= BATCH:
                sheet.write("".join(out).encode("utf-8"))
                out = []
                data = sink.take()
                if data:
                    yield data
        end = "".join(out) + "</sheetData>"
        end += f'<autoFilter ref="A{header_row}:{last_col}{max(n, header_row)}"/>'
        end += ('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')
        sheet.write(end.encode("utf-8"))
    name = sheet_name(title)
    quoted = "'" + name.replace("'", "''") + "'"
    zf.writestr("xl/workbook.xml", HEAD + (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView/></bookViews>'
        f'<sheets><sheet name="{text(name)}" sheetId="1" r:id="rId1"/></sheets><definedNames>'
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{text(quoted)}!$A${header_row}:${last_col}${max(n, header_row)}</definedName>"
        f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{text(quoted)}!${header_row}:${header_row}'
        "</definedName></definedNames></workbook>"))
    zf.close()
    yield sink.take()
