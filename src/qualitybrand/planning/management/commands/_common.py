"""Helpers of the planning commands: reading files and dates without tracebacks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import CommandError


def read_text(path: str) -> str:
    p = Path(path)
    if not p.is_file():
        raise CommandError(f"文件 {path} 不存在或不是文件：请检查路径。", returncode=2)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise CommandError(f"无法读取文件 {path}：{exc.strerror or exc}。", returncode=2) from exc
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise CommandError(f"文件 {path} 的编码无法识别：请保存为 UTF-8。", returncode=2)


def parse_day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CommandError(f"日期 “{text}” 无效：应写成 YYYY-MM-DD，例如 2014-06-30。", returncode=2) from exc
