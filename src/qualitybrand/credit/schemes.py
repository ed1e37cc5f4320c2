"""Rating schemes as data (credit.md § Rating): the document format, its validation and the loader.

A scheme document (stored in `CreditScheme.document`, exported as YAML with `kind: credit_scheme`):

    format: 1
    window_years: 3                 # records dated in (D − window_years, D]
    start: 100                      # every entity starts here
    inspection_penalty: {国家: 10, 省: 10, 市: 5, 县: 5}   # per 不合格 batch, by 抽查级别
    case_penalty: {移送司法: 30, 未移送: 15}             # per case of the entity as 当事人
    recognition_bonus: {each: 5, cap: 15}             # per recognition valid on D, at most cap in all
    certification_bonus: {each: 2, cap: 6}            # per certification valid on D
    bands:                          # min inclusive, max exclusive, null = unbounded; no gap, no overlap
      - {grade: A, min: 95, max: null}
      - {grade: B, min: 80, max: 95}
      - {grade: C, min: 60, max: 80}
      - {grade: D, min: null, max: 60}
    listed_grade: D                 # the grade of an entity on the blacklist on D, whatever its score

Penalties and bonuses are written as positive numbers (how many points are taken off or added).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from qualitybrand.registry.choices import INSPECTION_LEVELS

BUILTIN_CODE = "builtin"
GRADES = ("A", "B", "C", "D")
LEVELS = tuple(value for value, _ in INSPECTION_LEVELS)
CASE_KINDS = ("移送司法", "未移送")

BUILTIN_DOCUMENT: dict = {
    "format": 1,
    "window_years": 3,
    "start": 100,
    "inspection_penalty": {"国家": 10, "省": 10, "市": 5, "县": 5},
    "case_penalty": {"移送司法": 30, "未移送": 15},
    "recognition_bonus": {"each": 5, "cap": 15},
    "certification_bonus": {"each": 2, "cap": 6},
    "bands": [
        {"grade": "A", "min": 95, "max": None},
        {"grade": "B", "min": 80, "max": 95},
        {"grade": "C", "min": 60, "max": 80},
        {"grade": "D", "min": None, "max": 60},
    ],
    "listed_grade": "D",
}

KEY_LABELS = {
    "format": "格式版本", "window_years": "评价期（年）", "start": "起评分",
    "inspection_penalty": "监督抽查不合格扣分", "case_penalty": "执法案件扣分",
    "recognition_bonus": "荣誉认定加分", "certification_bonus": "认证证书加分",
    "bands": "等级分段", "listed_grade": "列入严重违法失信名单时的等级",
}
BONUS_KEYS = {"each": "每项加分", "cap": "加分上限"}
BAND_KEYS = ("grade", "min", "max")


class SchemeNotFound(LookupError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"信用评价方案“{str(self.code)[:50]}”不存在或没有启用的版本。"


@dataclass(frozen=True)
class Band:
    grade: str
    low: int | None   # inclusive; None = no lower bound
    high: int | None  # exclusive; None = no upper bound


@dataclass(frozen=True)
class Scheme:
    """A validated scheme: what `rating.rate` applies."""

    code: str
    version: int
    window_years: int
    start: int
    inspection_penalty: dict
    case_transferred: int
    case_other: int
    recognition_each: int
    recognition_cap: int
    certification_each: int
    certification_cap: int
    bands: tuple
    listed_grade: str

    def grade_of(self, score: int) -> str:
        for band in self.bands:
            if (band.low is None or score >= band.low) and (band.high is None or score < band.high):
                return band.grade
        raise AssertionError("validated bands cover every score")

    @property
    def label(self) -> str:
        return self.code if self.code == BUILTIN_CODE else f"{self.code}@{self.version}"


def _fail(message: str):
    raise ValidationError(message)


def _integer(value, where: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(f"{where}应为整数，实际为“{str(value)[:30]}”。")
    if minimum is not None and value < minimum:
        _fail(f"{where}不能小于 {minimum}（实际为 {value}）。" if minimum else f"{where}不能为负数（实际为 {value}）。")
    if maximum is not None and value > maximum:
        _fail(f"{where}不能大于 {maximum}（实际为 {value}）。")
    return value


def _mapping(value, where: str, keys: tuple, labels: dict | None = None) -> dict:
    if not isinstance(value, dict):
        _fail(f"{where}应为键值对。")
    unknown = [str(k) for k in value if k not in keys]
    if unknown:
        _fail(f"{where}中有未知的键：{'、'.join(unknown)}（应为 {'、'.join(keys)}）。")
    missing = [k for k in keys if k not in value]
    if missing:
        names = [labels.get(k, k) if labels else k for k in missing]
        _fail(f"{where}缺少：{'、'.join(names)}。")
    return value


def _bands(raw) -> tuple:
    where = KEY_LABELS["bands"]
    if not isinstance(raw, list) or not raw:
        _fail(f"{where}应为非空列表。")
    bands = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            _fail(f"{where}第 {i} 项应为键值对（grade、min、max）。")
        unknown = [str(k) for k in item if k not in BAND_KEYS]
        if unknown:
            _fail(f"{where}第 {i} 项中有未知的键：{'、'.join(unknown)}（应为 grade、min、max）。")
        grade = item.get("grade")
        if grade not in GRADES:
            _fail(f"{where}第 {i} 项的等级“{str(grade)[:10]}”无效：应为 A、B、C、D 之一。")
        low, high = item.get("min"), item.get("max")
        low = None if low is None else _integer(low, f"等级 {grade} 的下限", minimum=-10000, maximum=10000)
        high = None if high is None else _integer(high, f"等级 {grade} 的上限", minimum=-10000, maximum=10000)
        if low is not None and high is not None and low >= high:
            _fail(f"等级 {grade} 的下限 {low} 应小于上限 {high}。")
        bands.append(Band(grade, low, high))
    seen = [b.grade for b in bands]
    twice = sorted({g for g in seen if seen.count(g) > 1})
    if twice:
        _fail(f"{where}中等级 {'、'.join(twice)} 出现了不止一次。")
    # Highest band first; every band's lower bound is the next band's upper bound.
    bands.sort(key=lambda b: (b.high is None, b.high if b.high is not None else 0), reverse=True)
    if bands[0].high is not None:
        _fail(f"{where}没有覆盖高分：最高的等级 {bands[0].grade} 应没有上限（max 留空），"
              f"现在 {bands[0].high} 分及以上不属于任何等级。")
    if bands[-1].low is not None:
        _fail(f"{where}没有覆盖低分：最低的等级 {bands[-1].grade} 应没有下限（min 留空），"
              f"现在低于 {bands[-1].low} 分不属于任何等级。")
    for upper, lower in zip(bands, bands[1:]):
        if upper.low is None or lower.high is None:
            _fail(f"{where}重叠：等级 {upper.grade} 与等级 {lower.grade} 都没有边界。")
        if upper.low > lower.high:
            _fail(f"{where}有空档：{lower.high} 至 {upper.low} 分之间（等级 {lower.grade} 与 {upper.grade} 之间）"
                  f"不属于任何等级。")
        if upper.low < lower.high:
            _fail(f"{where}重叠：等级 {upper.grade}（{upper.low} 分起）与等级 {lower.grade}（低于 {lower.high} 分）"
                  f"在 {upper.low} 至 {lower.high} 分之间重叠。")
    return tuple(bands)


def parse(document, *, code: str = BUILTIN_CODE, version: int = 1) -> Scheme:
    """The validated scheme of a document; ValidationError with a Chinese message naming the problem."""
    if not isinstance(document, dict):
        _fail("方案内容应为键值对。")
    document = {k: v for k, v in document.items() if k not in ("kind", "code", "name", "note", "version")}
    _mapping(document, "方案内容", tuple(KEY_LABELS), KEY_LABELS)
    if document["format"] != 1:
        _fail(f"不支持的方案格式版本：{str(document['format'])[:10]}（应为 1）。")
    window = _integer(document["window_years"], KEY_LABELS["window_years"], minimum=1, maximum=20)
    start = _integer(document["start"], KEY_LABELS["start"], minimum=0, maximum=1000)
    insp = _mapping(document["inspection_penalty"], KEY_LABELS["inspection_penalty"], LEVELS)
    insp = {level: _integer(insp[level], f"{level}级抽查不合格扣分", minimum=0, maximum=1000) for level in LEVELS}
    cases = _mapping(document["case_penalty"], KEY_LABELS["case_penalty"], CASE_KINDS)
    cases = {kind: _integer(cases[kind], f"案件（{kind}）扣分", minimum=0, maximum=1000) for kind in CASE_KINDS}
    bonuses = {}
    for key in ("recognition_bonus", "certification_bonus"):
        raw = _mapping(document[key], KEY_LABELS[key], tuple(BONUS_KEYS), BONUS_KEYS)
        bonuses[key] = tuple(_integer(raw[k], f"{KEY_LABELS[key]}的{BONUS_KEYS[k]}", minimum=0, maximum=1000)
                             for k in BONUS_KEYS)
    bands = _bands(document["bands"])
    listed = document["listed_grade"]
    if listed not in {b.grade for b in bands}:
        _fail(f"{KEY_LABELS['listed_grade']}“{str(listed)[:10]}”不是分段中的等级。")
    return Scheme(code=code, version=version, window_years=window, start=start, inspection_penalty=insp,
                  case_transferred=cases["移送司法"], case_other=cases["未移送"],
                  recognition_each=bonuses["recognition_bonus"][0], recognition_cap=bonuses["recognition_bonus"][1],
                  certification_each=bonuses["certification_bonus"][0],
                  certification_cap=bonuses["certification_bonus"][1], bands=bands, listed_grade=listed)


def builtin() -> Scheme:
    return parse(copy.deepcopy(BUILTIN_DOCUMENT))


def load(code: str | None = None) -> Scheme:
    """The active version of a scheme code (None: the built-in scheme). Raises SchemeNotFound."""
    from qualitybrand.credit.models import CreditScheme

    code = (code or BUILTIN_CODE).strip()
    if code == BUILTIN_CODE:  # never changes (services refuse it): no query
        return builtin()
    row = CreditScheme.objects.filter(code=code, active=True).order_by("-version").first()
    if row is None:
        raise SchemeNotFound(code)
    return parse(row.document, code=row.code, version=row.version)


def resolve(scheme) -> Scheme:
    """What `rate(scheme=...)` accepts: None, a code, a CreditScheme row or a parsed Scheme."""
    from qualitybrand.credit.models import CreditScheme

    if scheme is None or isinstance(scheme, str):
        return load(scheme)
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, CreditScheme):
        return parse(scheme.document, code=scheme.code, version=scheme.version)
    raise TypeError(f"not a scheme: {scheme!r}")
