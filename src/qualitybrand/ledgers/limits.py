"""What an uploaded ledger file may hold, checked before anything parses it.

A spreadsheet is a zip of XML: a few kilobytes can declare a sheet of 17 billion cells (one cell at
XFD1048576) or unpack to gigabytes. The cheap facts — file size, the zip's member sizes and
compression ratios, the number of sheets, each sheet's declared dimension — are checked here; what
only parsing can tell (the real row count, a sheet that lies about its size) is bounded while
reading (`readers`) and by the memory cap of the process that parses (`parsing.ChildReader`).

Limits come from the environment (`config.IMPORT_LIMITS`, `QB_IMPORT_*`), with safe defaults."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from django.conf import settings

from qualitybrand.config import IMPORT_LIMITS
from qualitybrand.ledgers.readers import UnreadableFile

MB = 1024 * 1024
MAX_MEMBERS = 10_000
RATIO_FROM = 10 * MB  # small members may compress very well (empty styles): only large ones are judged
SCAN_WHOLE_SHEET = 4 * MB  # a sheet this small is scanned for its real extent (a missing or false dimension)
VALUE_CHARS = 200  # a cell's value quoted in an error message or stored with it

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{0,3})(\d*)(?::([A-Z]{1,3})(\d+))?"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]{1,3})(\d+)"')


def get(name: str) -> int:
    limits = getattr(settings, "QB_IMPORT_LIMITS", None) or {}
    return limits.get(name) or IMPORT_LIMITS[name][1]


def cut(value) -> object:
    """A value as it may be quoted or stored: long texts cut to `VALUE_CHARS` characters."""
    if isinstance(value, str) and len(value) > VALUE_CHARS:
        return f"{value[:VALUE_CHARS]}…（共 {len(value)} 字，已截断）"
    return value


def check_file(path: Path, shown_name: str | None = None) -> None:
    """Raise UnreadableFile (a Chinese message) if the file exceeds a limit; reads no cell."""
    path = Path(path)
    name = shown_name or path.name
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader says what is wrong with the path
    if size > get("upload_mb") * MB:
        raise UnreadableFile(f"文件 {name} 过大（{size / MB:.1f} MB）：最多 {get('upload_mb')} MB，请拆分后再导入。")
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head == b"PK\x03\x04":
        _check_zip(path, name)


def _check_zip(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_members(infos, name)
            sheets = [i for i in infos if re.fullmatch(r"xl/worksheets/[^/]+\.xml", i.filename)]
            if len(sheets) > get("sheets"):
                raise UnreadableFile(f"文件 {name} 含有 {len(sheets)} 个工作表，超过上限 {get('sheets')} 个："
                                     "请只保留要导入的台账工作表。")
            for info in sheets:
                _check_extent(zf, info, name)
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        raise UnreadableFile(f"文件 {name} 不是有效的 Excel 文件：压缩结构已损坏（{type(exc).__name__}）。"
                             "请用 Excel 重新保存为 .xlsx 后再导入。") from None


def _check_members(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFile(f"文件 {name} 的内部结构异常（含 {len(infos)} 个部件）：不是正常的 Excel 表格。")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > get("unpacked_mb") * MB:
        raise UnreadableFile(f"文件 {name} 解压后有 {unpacked / MB:.0f} MB，超过上限 {get('unpacked_mb')} MB："
                             "请拆分为几个文件后再导入。")
    for info in infos:
        if info.file_size > RATIO_FROM and info.file_size > get("ratio") * max(info.compress_size, 1):
            raise UnreadableFile(f"文件 {name} 的压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍）："
                                 "可能是大量空白或超长的单元格。请删除无用的行列后另存，再导入。")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """The sheet's declared dimension, and for a small sheet every cell reference, within the limits."""
    with zf.open(info) as fh:
        start = fh.read(64 * 1024)
        whole = start + fh.read(SCAN_WHOLE_SHEET) if info.file_size <= SCAN_WHOLE_SHEET else None
    extents = []
    m = _DIMENSION.search(start)
    if m:
        extents.append((m.group(3) or m.group(1), m.group(4) or m.group(2)))
    if whole is not None:
        refs = _CELL_REF.findall(whole)
        rows = max((int(r) for _c, r in refs), default=0)
        cols = max((_column_number(c) for c in {c for c, _r in refs}), default=0)
        extents.append((cols, rows))
    for col, row in extents:
        cols = _column_number(col) if isinstance(col, bytes) else col
        rows = int(row or 0)
        if rows > get("rows") or cols > get("columns"):
            raise UnreadableFile(
                f"文件 {name} 的工作表范围过大（{rows} 行 × {cols} 列），超过上限（{get('rows')} 行、"
                f"{get('columns')} 列）：请删除表格末尾的空白行列（或把数据复制到新工作表）后再导入。")
