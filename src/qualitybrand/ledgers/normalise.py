"""Cell normalisation and the value forms of the contract (dates, booleans, lists, amounts)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

# Full-width ASCII (U+FF01..U+FF5E) -> half-width; ideographic space -> space.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0xA0] = 0x20
for _cp in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(0xD800, 0xE000)]:
    _FOLD[_cp] = None  # control characters and lone surrogates cannot be stored


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message is Chinese."""


def text(value) -> str:
    """The normalised text of a raw cell: blanks stripped, full-width folded. '' for empty."""
    if value is None:
        return ""
    if value.__class__ is str:
        if value.isascii() and value.isprintable():
            s = value.strip()
        else:
            s = value.translate(_FOLD).strip()
        if s[:1] == "'" and s[1:2] in ("=", "+", "-", "@"):
            s = s[1:]  # the formula guard of our own .csv exports
        return s
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).translate(_FOLD).strip()


def header_key(value) -> str:
    """Normalised form of a header cell: folded, blanks and required-markers removed."""
    return re.sub(r"[\s*]+", "", text(value))


_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE8_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 100000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))  # an Excel serial without date format
    s = text(value)
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        try:
            return dt.date.fromisoformat(s)
        except ValueError:
            pass
    m = _DATE_RE.fullmatch(s) or _DATE8_RE.fullmatch(s)
    if not m:
        raise CellError("日期格式无法识别：应为 2013-05-01、2013/5/1、2013.5.1、2013年5月1日 或 20130501 等形式。")
    y, mo, d = (int(x) for x in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise CellError(f"日期不存在：{y} 年 {mo} 月没有 {d} 日（或月份不在 1–12）。") from None


_TRUE = {"是", "y", "yes", "1", "√", "✓", "true", "t", "对"}
_FALSE = {"否", "n", "no", "0", "×", "✗", "x", "false", "f"}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    s = text(value).lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellError("应为 是/否（也可写 Y/N、1/0、√/×、true/false）。")


_LIST_SPLIT = re.compile(r"[,;、\s]+")


def parse_list(value) -> list[str]:
    if isinstance(value, list | tuple | set | frozenset):
        return [t for t in (text(v) for v in value) if t]
    s = text(value)
    return [p for p in _LIST_SPLIT.split(s) if p]


def parse_decimal(value, what: str = "数值") -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"应为{what}。")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(f"应为{what}。")
        return Decimal(repr(value))
    s = text(value).replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", s):
        raise CellError(f"应为{what}（如 1234.5，可带千分位逗号）。")
    try:
        result = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regex guards it
        raise CellError(f"应为{what}。") from None
    if not result.is_finite():
        raise CellError(f"应为{what}。")
    return result


def parse_int(value) -> int:
    if isinstance(value, bool):
        raise CellError("应为整数。")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError("应为整数。")
    s = text(value).replace(",", "")
    m = re.fullmatch(r"[+-]?\d+(?:\.0*)?", s)
    if not m or len(s) > 15:
        raise CellError("应为整数。")
    return int(Decimal(s))
