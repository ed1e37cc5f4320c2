"""Shared row rules: code checks with the strict/warn setting, date order, defaults."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re

from django.conf import settings

from qualitybrand.core.codes import ORG_WEIGHTS, USCC_ALPHABET, USCC_WEIGHTS, uscc_problem
from qualitybrand.ledgers.normalise import CellError
from qualitybrand.ledgers.spec import Row

USCC_KIND = {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}


_USCC_GET = {c: i for i, c in enumerate(USCC_ALPHABET)}.__getitem__
_ORG_GET = {c: int(c, 36) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}.__getitem__
_ORG_LAST = "0123456789X"
_ORG_CHECK = {v: ("X" if 11 - v == 10 else "0" if 11 - v == 11 else str(11 - v)) for v in range(11)}
_MUL = operator.mul


def uscc_valid(code: str) -> bool:
    """True exactly when `uscc_problem(code)` is None (the import's fast path for valid codes)."""
    if len(code) != 18:
        return False
    try:
        values = list(map(_USCC_GET, code))
    except KeyError:
        return False
    last_org = code[16]
    if last_org not in _ORG_LAST:  # the organisation code [0-9A-Z]{8}[0-9X]; the alphabet is within [0-9A-Z]
        return False
    if _ORG_CHECK[sum(map(_MUL, map(_ORG_GET, code[8:16]), ORG_WEIGHTS)) % 11] != last_org:
        return False
    return code[17] == USCC_ALPHABET[(31 - sum(map(_MUL, values[:17], USCC_WEIGHTS)) % 31) % 31]


def check_uscc(row: Row, header: str, kind: str | None = None) -> bool:
    """Check a USCC cell; a check-character failure warns instead when QB_USCC_STRICT is off."""
    code = row.values.get(header)
    if not code:
        return False
    problem = None if header in row.passed or uscc_valid(code) else uscc_problem(code)
    if problem:
        if "校验码错误" in problem and not getattr(settings, "QB_USCC_STRICT", True):
            row.warn(header, problem + "（系统设置允许校验码不符的代码，请核实后确认。）")
        else:
            row.error(header, problem)
            return False
    if kind and code[0] == "9" and code[1] in USCC_KIND and USCC_KIND[code[1]] != kind:
        row.warn(header, f"第 2 位“{code[1]}”表示{USCC_KIND[code[1]]}，与主体类型“{kind}”不一致，请核实。")
    return True


def not_before(row: Row, merged: dict, later: str, earlier: str, later_header: str, earlier_header: str,
               strict: bool = False) -> None:
    a, b = merged.get(later), merged.get(earlier)
    if a is None or b is None:
        return
    if (strict and a <= b) or (not strict and a < b):
        word = "晚于" if strict else "不早于"
        row.error(later_header, f"{later_header}（{a.isoformat()}）应{word}{earlier_header}（{b.isoformat()}）。",
                  None)


def check_date_order(row: Row, merged: dict, order) -> None:
    """A ledger's `date_order` on one record."""
    get = merged.get
    for later, earlier, later_header, earlier_header, strict in order:
        a, b = get(later), get(earlier)
        if a is not None and b is not None and (a <= b if strict else a < b):  # the usual case stays here
            not_before(row, merged, later, earlier, later_header, earlier_header, strict)


def digits(max_len: int, what: str = "注册号"):
    def check(value: str) -> str:
        if not re.fullmatch(r"\d+", value):
            raise CellError(f"{what}只能由数字组成（1–{max_len} 位），“{value}”含有其他字符。")
        if len(value) > max_len:
            raise CellError(f"{what}最多 {max_len} 位数字，实为 {len(value)} 位。")
        return value
    return check


@functools.lru_cache(maxsize=20000)  # a ledger has a few thousand distinct dates at most
def ten_years(registered: dt.date) -> dt.date:
    """The day before the tenth anniversary (2012-02-29 -> 2022-02-28)."""
    try:
        anniversary = dt.date(registered.year + 10, registered.month, registered.day)
    except ValueError:
        anniversary = dt.date(registered.year + 10, 3, 1)
    return anniversary - dt.timedelta(days=1)
