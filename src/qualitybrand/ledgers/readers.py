"""Readers: .xlsx (python-calamine) and .csv (UTF-8 with or without BOM, GB18030/GBK).

A reader yields `(row_number, cells)` where row_number is the row as Excel shows it."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

XLSX_EXTS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_EXTS = {".csv", ".txt"}



class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; the message is Chinese."""


def sniff_kind(path: Path) -> str:
    ext = path.suffix.lower()
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UnreadableFile(f"无法打开文件 {path.name}：{exc.strerror or exc}。") from None
    if not head:
        raise UnreadableFile(f"文件 {path.name} 是空文件，没有任何内容。")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xlsx"
    if ext in XLSX_EXTS:
        raise UnreadableFile(f"文件 {path.name} 不是有效的 Excel 文件：请上传 .xlsx 或 .csv 表格。")
    if ext in CSV_EXTS or ext == "":
        return "csv"
    raise UnreadableFile(f"不支持的文件类型“{ext}”：请上传 .xlsx 或 .csv 表格。")


def read_rows(path: Path, sheet_title: str | None = None) -> Iterator[tuple[int, list]]:
    from qualitybrand.ledgers import limits

    path = Path(path)
    kind = sniff_kind(path)
    most = limits.get("rows")
    return _xlsx_rows(path, sheet_title, most) if kind == "xlsx" else _csv_rows(path, most)


def _too_many(name: str, most: int) -> UnreadableFile:
    return UnreadableFile(f"文件 {name} 超过 {most} 行的上限：请拆分为几个文件后再导入。")


def _xlsx_rows(path: Path, sheet_title: str | None, most: int) -> Iterator[tuple[int, list]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = wb.sheet_names
        if not names:
            raise UnreadableFile(f"文件 {path.name} 中没有工作表。")
        name = names[0]
        if sheet_title:
            name = next((n for n in names if n == sheet_title), None) or next(
                (n for n in names if sheet_title in n), names[0])
        sheet = wb.get_sheet_by_name(name)
        if sheet.height > most:  # the loaded range's own height: no count per row needed
            raise _too_many(path.name, most)
        start = sheet.start or (0, 0)
        rows = sheet.iter_rows()
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises various errors for junk
        raise UnreadableFile(f"文件 {path.name} 不是有效的 Excel 文件，无法读取（{type(exc).__name__}）。"
                             "请上传 .xlsx 或 .csv 表格。") from None
    first_row, first_col = start

    def gen():
        n = first_row
        try:
            for cells in rows:
                n += 1
                yield n, ([None] * first_col + list(cells)) if first_col else cells
        except Exception as exc:
            raise UnreadableFile(f"文件 {path.name} 第 {n} 行附近无法读取（{type(exc).__name__}）。") from None

    return gen()


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise UnreadableFile("文件含有二进制内容，不是文本表格：请上传 .xlsx 或 .csv 表格。")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    decoder = codecs.getincrementaldecoder("gb18030")()
    try:
        decoder.decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise UnreadableFile("无法识别文件编码：CSV 应为 UTF-8 或 GBK/GB18030 编码。") from None


def _csv_rows(path: Path, most: int) -> Iterator[tuple[int, list]]:
    from qualitybrand.ledgers import limits

    # A cell longer than Excel allows (32,767 characters by default) is no ledger cell: most often a
    # quote that never closes, which would read the rest of the file as one cell.
    longest = limits.get("cell_chars")
    csv.field_size_limit(longest)
    with open(path, "rb") as fh:
        sample = fh.read(1 << 20)
    encoding = detect_encoding(sample)

    first_line = sample[:4096].decode(encoding, errors="ignore").split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","

    def gen():
        n = 0
        try:
            with open(path, encoding=encoding, newline="") as fh:
                for cells in csv.reader(fh, delimiter=delimiter):
                    n += 1
                    if n > most:
                        raise _too_many(path.name, most)
                    yield n, cells
        except UnicodeDecodeError:
            raise UnreadableFile(f"第 {n + 1} 行附近的文字无法按 {encoding} 解码：文件编码不一致或已损坏。") from None
        except csv.Error as exc:
            if "field larger" in str(exc):
                raise UnreadableFile(f"第 {n + 1} 行有超长的单元格（超过 {longest} 字）："
                                     "请检查是否缺少引号结束符，或拆分该单元格。") from None
            raise UnreadableFile(f"第 {n + 1} 行 CSV 格式错误：{exc}。") from None

    return gen()
