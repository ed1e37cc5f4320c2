"""Code checks (codes.md) as small pure functions: USCC, organisation code, patent numbers."""

from __future__ import annotations

import operator
import re

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
PATENT_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
_ORG_RE = re.compile(r"[0-9A-Z]{8}[0-9X]")


_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_ORG_VALUE = {c: int(c, 36) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def uscc_check_char(first17: str) -> str:
    total = sum(map(operator.mul, map(_USCC_VALUE.__getitem__, first17), USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    total = sum(map(operator.mul, map(_ORG_VALUE.__getitem__, first8), ORG_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def uscc_problem(code: str) -> str | None:
    """None when the code is a valid USCC, else a Chinese explanation of what is wrong."""
    if len(code) != 18:
        return f"应为 18 位，实为 {len(code)} 位。"
    bad = [c for c in code if c not in _USCC_VALUE]
    if bad:
        return f"含有不允许的字符“{bad[0]}”（不得使用 I、O、S、V、Z 及符号）。"
    org = code[8:17]
    if not _ORG_RE.fullmatch(org):
        return f"第 9–17 位组织机构代码“{org}”格式错误。"
    expected_org = org_code_check_char(org[:8])
    if org[8] != expected_org:
        return f"第 9–17 位组织机构代码校验码错误：第 17 位应为 {expected_org}。"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"校验码错误：最后一位校验码应为 {expected}。"
    return None


def make_uscc(prefix2: str, region6: str, org8: str) -> str:
    """Build a valid USCC from its parts (tests and the demo generator use it)."""
    org = org8 + org_code_check_char(org8)
    first17 = prefix2 + region6 + org
    return first17 + uscc_check_char(first17)


PATENT_TYPES_BY_DIGIT = {"1": "发明", "2": "实用新型", "3": "外观设计", "8": "发明", "9": "实用新型"}


def normalise_patent_number(raw: str) -> str:
    text = re.sub(r"\s+", "", raw.upper())
    if text.startswith(("ZL", "CN")):
        text = text[2:]
    return text.replace(".", "")


def patent_check_char(digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits, PATENT_WEIGHTS))
    value = total % 11
    return "X" if value == 10 else str(value)


def patent_problem(raw: str) -> tuple[str | None, str, str | None]:
    """(error or None, canonical number `digits.check`, patent type implied by the number)."""
    text = normalise_patent_number(raw)
    if re.fullmatch(r"\d{12}[0-9X]", text):
        digits, check, type_digit = text[:12], text[12], text[4]
    elif re.fullmatch(r"\d{8}[0-9X]", text):
        digits, check, type_digit = text[:8], text[8], text[2]
    else:
        return "格式错误：应为 12 位数字加校验位（2003 年前为 8 位数字加校验位），如 201710601862.3。", text, None
    canonical = f"{digits}.{check}"
    expected = patent_check_char(digits)
    if check != expected:
        return f"校验位错误：应为 {expected}。", canonical, None
    ptype = PATENT_TYPES_BY_DIGIT.get(type_digit)
    if ptype is None:
        return f"专利类型位“{type_digit}”无效：应为 1、2、3、8 或 9。", canonical, None
    return None, canonical, ptype


# GB/T 4754-2017: the divisions (大类, the first two digits) of each section (门类).
SECTION_DIVISIONS = {"A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
                     "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
                     "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
                     "S": (91, 96), "T": (97, 97)}


def industry_code(value: str) -> str:
    """An industry code (GB/T 4754-2017) as stored: a section letter or a 2–4 digit code; the common
    written form with its section letter in front (C13, I6510) is read as its digits when the letter
    is the section of that division. Raises ValueError with a Chinese message."""
    value = (value or "").strip().upper()
    written = re.fullmatch(r"([A-T])(\d{2,4})", value)
    if written:
        letter, digits = written.groups()
        low, high = SECTION_DIVISIONS[letter]
        if not low <= int(digits[:2]) <= high:
            section = next((k for k, (a, b) in SECTION_DIVISIONS.items() if a <= int(digits[:2]) <= b), None)
            where = f"大类 {digits[:2]} 属于 {section} 门类" if section else f"没有 {digits[:2]} 这个大类"
            raise ValueError(f"行业代码“{value}”的门类与大类不符：{where}。")
        return digits
    if not re.fullmatch(r"[A-T]|\d{2,4}", value):
        raise ValueError("行业代码应为 GB/T 4754-2017 的门类字母（A–T）或 2–4 位数字代码（也可写作 C13 这样带门类字母的形式）。")
    return value
