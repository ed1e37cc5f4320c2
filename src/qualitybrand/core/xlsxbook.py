"""The one .xlsx writer of the platform's documents and statistical tables (统计报表, the target breakdown,
推荐名单, the indicator catalog, monthly statistics …): fixed-layout sheets, each with its 表头 — the table's
title, then 填报单位, 统计期 and 单位 — a ruled header row repeated on every printed page, numbers stored as
numbers, text never read as a formula, and a source line under the table. (List exports that stream rows
as they are read from the database use `core/xlsxstream.py`.)

    book = Book()
    book.sheet("表1 商标", title="商标注册情况统计表", unit_name="天水市市场监督管理局",
               period="2013年", unit="件", columns=["区划", "有效注册商标", "新增"], rows=[["秦州区", 512, 60]])
    data = book.to_bytes()
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import re
from collections.abc import Sequence

import xlsxwriter

_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\)."""
    base = _SHEET_NAME_BAD.sub("_", name or "Sheet").strip("'")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f"({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


class Book:
    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        # strings_to_formulas/urls off: a cell "=1+1" or "http://…" stays the text it is
        self._book = xlsxwriter.Workbook(self._buffer, {"in_memory": True, "strings_to_formulas": False,
                                                        "strings_to_urls": False, "strings_to_numbers": False})
        self._names: set[str] = set()
        f = self._book.add_format
        self.fmt = {
            "title": f({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}),
            "info": f({"font_size": 10}),
            "info_right": f({"font_size": 10, "align": "right"}),
            "header": f({"bold": True, "bg_color": "#DCE6F2", "border": 1, "align": "center", "valign": "vcenter",
                         "text_wrap": True}),
            "text": f({"border": 1, "valign": "vcenter"}),
            "int": f({"border": 1, "num_format": "#,##0"}),
            "number": f({"border": 1, "num_format": "#,##0.0###"}),
            "date": f({"border": 1, "num_format": "yyyy-mm-dd"}),
            "note": f({"font_size": 10, "italic": True}),
        }

    def sheet(self, name: str, *, title: str, columns: Sequence[str], rows: Sequence[Sequence],
              unit_name: str = "", period: str = "", unit: str = "", widths: Sequence[float] | None = None,
              notes: Sequence[str] = (), number_formats: dict[int, str] | None = None,
              lines: Sequence[str] | None = None, note_gap: int = 1, freeze_columns: int = 0):
        """One table on its own sheet. `number_formats` maps a column index to "int" | "number" | a format
        string (e.g. "0.0%") for the numbers of that column. Under the title comes the line of 填报单位, 统计期
        and 单位 — or, with `lines`, those lines instead (one a row, "" for a blank row; [] for none). The
        notes start `note_gap` blank rows under the table; `freeze_columns` keeps the first columns in view.
        Returns the worksheet."""
        ws = self._book.add_worksheet(sheet_name(name, self._names))
        width = max(len(columns), 1)
        ws.merge_range(0, 0, 0, width - 1, title, self.fmt["title"]) if width > 1 else ws.write(0, 0, title,
                                                                                             self.fmt["title"])
        ws.set_row(0, 28)
        if lines is None:
            ws.write_string(1, 0, f"填报单位：{unit_name}" if unit_name else "", self.fmt["info"])
            if width > 2:
                ws.write_string(1, width // 2, f"统计期：{period}" if period else "", self.fmt["info"])
            ws.write_string(1, width - 1, f"单位：{unit}" if unit else "", self.fmt["info_right"])
            header_row = 2
        else:
            for i, line in enumerate(lines, start=1):
                if line:
                    ws.write_string(i, 0, str(line), self.fmt["info"])
            header_row = 1 + len(lines)
        for c, text in enumerate(columns):
            ws.write_string(header_row, c, str(text), self.fmt["header"])
        custom = {}
        for col, spec in (number_formats or {}).items():
            custom[col] = self.fmt[spec] if spec in self.fmt else self._book.add_format({"border": 1,
                                                                                       "num_format": spec})
        for r, row in enumerate(rows, start=header_row + 1):
            for c, value in enumerate(row):
                self._cell(ws, r, c, value, custom.get(c))
        last = header_row + len(rows)
        for i, note in enumerate(notes, start=last + 1 + max(note_gap, 0)):
            ws.write_string(i, 0, str(note), self.fmt["note"])
        for c in range(width):
            w = widths[c] if widths and c < len(widths) else max(10, min(40, 2 * len(str(columns[c])) + 4))
            ws.set_column(c, c, w)
        ws.freeze_panes(header_row + 1, freeze_columns)
        ws.repeat_rows(header_row)  # the header row on every printed page
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        if width > 6:
            ws.set_landscape()
        return ws

    def _cell(self, ws, r: int, c: int, value, fmt=None) -> None:
        if value is None or value == "":
            ws.write_blank(r, c, None, self.fmt["text"])
        elif isinstance(value, bool):
            ws.write_string(r, c, "是" if value else "否", self.fmt["text"])
        elif isinstance(value, int):
            ws.write_number(r, c, value, fmt or self.fmt["int"])
        elif isinstance(value, (float, decimal.Decimal)):
            ws.write_number(r, c, float(value), fmt or self.fmt["number"])
        elif isinstance(value, (dt.date, dt.datetime)):
            day = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
            ws.write_datetime(r, c, day, self.fmt["date"])
        else:
            ws.write_string(r, c, str(value), self.fmt["text"])

    @property
    def workbook(self):
        """The underlying xlsxwriter workbook, for a sheet with a layout of its own."""
        return self._book

    def to_bytes(self) -> bytes:
        self._book.close()
        return self._buffer.getvalue()
