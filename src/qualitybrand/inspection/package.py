"""The evidence package (印证材料包, .zip): a folder per item holding its files named
“<item code>_<item name>_<n>.<ext>”, with an index (索引.xlsx and 目录.txt) listing every file by item.
Built streaming into a temporary file (never the whole package in memory); refused, with the total
and the limit, when the files exceed `INSPECTION_PACKAGE_MAX_BYTES`."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError

from qualitybrand.core import clock, xlsxbook
from qualitybrand.inspection import selectors

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "INSPECTION_PACKAGE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" .") or "未命名"


def _size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} 字节"


@dataclass
class Entry:
    item_code: str
    item_name: str
    path: str          # inside the zip
    original: str      # the name the holder uploaded
    holder: str
    size: int
    attachment: object


def filename(prep) -> str:
    return f"{prep.region.name}{prep.scheme.name}印证材料.zip"


def entries(prep) -> list[Entry]:
    """Every evidence file of the preparation by item, in the scheme's order, with its name in the package."""
    out = []
    for row in selectors.item_rows(prep):
        if not row.evidence:
            continue
        stem = _safe(f"{row.code}_{row.name}")
        for n, a in enumerate(row.evidence, 1):
            ext = PurePosixPath(a.original_name).suffix.lower() or ".bin"
            holder = a.report.assignee.label if a.report_id else ""
            out.append(Entry(row.code, row.name, f"{stem}/{stem}_{n}{ext}", a.original_name, holder,
                             int(a.size or 0), a))
    return out


def check_size(files: list[Entry]) -> int:
    total = sum(e.size for e in files)
    limit = max_bytes()
    if total > limit:
        raise ValidationError(f"佐证材料共 {len(files)} 个文件、{_size_text(total)}，超过印证材料包允许的 "
                              f"{_size_text(limit)}：请压缩或精简较大的文件后再下载，或请管理员调整上限。")
    return total


def _index_xlsx(prep, files: list[Entry]) -> bytes:
    book = xlsxbook.Book()
    rows = [[i, e.item_code, e.item_name, e.path, e.original, e.holder, e.size] for i, e in enumerate(files, 1)]
    book.sheet("索引", title=f"{prep.region.name}{prep.scheme.name}印证材料索引", unit_name=prep.region.name,
               period=f"截至{prep.as_of:%Y-%m-%d}", unit="字节",
               columns=["序号", "评分项", "评分项名称", "包内文件", "原文件名", "提供单位", "大小"], rows=rows,
               widths=[6, 8, 28, 44, 30, 14, 12])
    return book.to_bytes()


def _index_txt(prep, files: list[Entry]) -> str:
    lines = [f"{prep.region.name}{prep.scheme.name}印证材料目录", f"统计截至 {prep.as_of:%Y-%m-%d}，"
             f"生成于 {clock.today():%Y-%m-%d}，共 {len(files)} 个文件。", ""]
    current = None
    for e in files:
        if e.item_code != current:
            current = e.item_code
            lines.append(f"{e.item_code} {e.item_name}")
        lines.append(f"    {e.path}    （原文件：{e.original}；提供单位：{e.holder or '—'}）")
    if not files:
        lines.append("（暂无经验收的佐证材料）")
    return "\r\n".join(lines) + "\r\n"


def _info(name: str) -> zipfile.ZipInfo:
    """An entry dated with the platform's clock (QB_TODAY in a demo), compressed."""
    info = zipfile.ZipInfo(name, date_time=clock.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _copy(zf, e: Entry) -> None:
    try:
        with e.attachment.file.open("rb") as src, zf.open(_info(e.path), "w", force_zip64=True) as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
    except OSError:
        raise ValidationError(f"佐证材料文件“{e.original}”（{e.item_code}）在服务器上找不到，无法打包："
                              "请让提供单位重新上传。") from None


def build(prep):
    """The package as an open temporary file positioned at its start (deleted when closed).
    Raises ValidationError when the files exceed the limit (checked before anything is written)."""
    files = entries(prep)
    check_size(files)
    tmp = tempfile.TemporaryFile(suffix=".zip")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(_info("索引.xlsx"), _index_xlsx(prep, files))
            zf.writestr(_info("目录.txt"), _index_txt(prep, files).encode("utf-8-sig"))
            for e in files:
                _copy(zf, e)
    except BaseException:
        tmp.close()
        raise
    tmp.seek(0)
    return tmp
