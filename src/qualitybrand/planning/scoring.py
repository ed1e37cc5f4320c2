"""Exact scoring of an assessment (assessment.md). Pure functions, no database.

Arithmetic is exact: every input becomes a `Fraction` (floats through `str()`, so 92.3 is 92.3),
item scores are rounded to 2 decimals half up (away from zero) and returned as `Decimal`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

RULES = ("ratio_to_target", "linear", "rank", "manual", "deduction", "bonus")
VALUE_RULES = ("ratio_to_target", "linear", "rank", "deduction", "bonus")


def to_fraction(value) -> Fraction | None:
    """An exact number from an indicator value (int, float via str(), Decimal, numeric str)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return Fraction(Decimal(str(value)))
    if isinstance(value, Decimal):
        return Fraction(value)
    return Fraction(Decimal(str(value)))


def round2(value: Fraction | Decimal | int) -> Decimal:
    """Round to 2 decimals, half up away from zero: 2.345 → 2.35, −2.345 → −2.35."""
    x = to_fraction(value)
    sign = -1 if x < 0 else 1
    n = math.floor(abs(x) * 100 + Fraction(1, 2))
    return (Decimal(sign * n) / 100).quantize(Decimal("0.01"))


def clamp(x: Fraction, low: Fraction, high: Fraction) -> Fraction:
    return max(low, min(high, x))


# --- one rule each -------------------------------------------------------------------------------

def ratio_to_target(points, v, target) -> Fraction:
    v, points, target = to_fraction(v), to_fraction(points), to_fraction(target)
    if v is None:
        return Fraction(0)
    return points * min(v / target, Fraction(1))


def linear(points, v, zero_at, full_at) -> Fraction:
    v, points = to_fraction(v), to_fraction(points)
    if v is None:
        return Fraction(0)
    zero_at, full_at = to_fraction(zero_at), to_fraction(full_at)
    return points * clamp((v - zero_at) / (full_at - zero_at), Fraction(0), Fraction(1))


def competition_ranks(values: dict[str, object], order: str = "desc") -> dict[str, int | None]:
    """Rank by value (desc: larger first), ties share the better rank (1, 2, 2, 4); nulls get None."""
    exact = {k: to_fraction(v) for k, v in values.items()}
    present = [v for v in exact.values() if v is not None]
    ranks: dict[str, int | None] = {}
    for key, v in exact.items():
        if v is None:
            ranks[key] = None
        elif order == "asc":
            ranks[key] = 1 + sum(1 for o in present if o < v)
        else:
            ranks[key] = 1 + sum(1 for o in present if o > v)
    return ranks


def rank_score(points, rank: int | None, n: int) -> Fraction:
    points = to_fraction(points)
    if rank is None:
        return Fraction(0)
    if n <= 1:
        return points
    return points * Fraction(n - rank, n - 1)


def deduction(per_unit, v, cap=None) -> Fraction:
    v = to_fraction(v)
    if v is None:
        return Fraction(0)
    amount = to_fraction(per_unit) * v
    if cap is not None:
        amount = min(amount, to_fraction(cap))
    return -amount


def bonus(per_unit, v, cap=None) -> Fraction:
    v = to_fraction(v)
    if v is None:
        return Fraction(0)
    amount = to_fraction(per_unit) * v
    if cap is not None:
        amount = min(amount, to_fraction(cap))
    return amount


def manual(score) -> Fraction:
    score = to_fraction(score)
    return Fraction(0) if score is None else score


def total_of(item_scores) -> Decimal:
    total = sum((Decimal(s) for s in item_scores), Decimal("0.00"))
    return max(Decimal("0.00"), total)


def grade_for(total, grades: list[dict]) -> str | None:
    """The first grade (ordered from best) whose `min` ≤ total."""
    t = to_fraction(total)
    for g in grades:
        if to_fraction(g["min"]) <= t:
            return g["grade"]
    return None


def worse_grade(a: str | None, b: str | None, grades: list[dict]) -> str | None:
    order = [g["grade"] for g in grades]
    pos = {g: i for i, g in enumerate(order)}
    # "no grade" (total below every min) is the worst of all
    ia = pos.get(a, len(order)) if a is not None else len(order)
    ib = pos.get(b, len(order)) if b is not None else len(order)
    return a if ia >= ib else b


def veto_fires(v, above) -> bool:
    v = to_fraction(v)
    return v is not None and v > to_fraction(above if above is not None else 0)


def final_ranks(totals: dict[str, Decimal], vetoed: dict[str, bool]) -> dict[str, int]:
    """Non-vetoed regions first by total desc, then vetoed by total desc; ties share the better rank."""
    ranks = {}
    for key, total in totals.items():
        group = 1 if vetoed.get(key) else 0
        ahead = sum(1 for k, t in totals.items()
                    if (1 if vetoed.get(k) else 0) < group or ((1 if vetoed.get(k) else 0) == group and t > total))
        ranks[key] = ahead + 1
    return ranks


# --- a whole round ----------------------------------------------------------------------------

@dataclass
class RegionResult:
    region: str
    items: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = Decimal("0.00")
    grade: str | None = None
    own_grade: str | None = None
    vetoed: list[str] = field(default_factory=list)
    rank: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def subject(self) -> str:
        """The assessed subject's key (responsibility.md): `region` holds it for every kind of subject."""
        return self.region

    def as_json(self, keys: dict | None = None) -> dict:
        """`keys`: the row's identifying keys (subjects.Subject.row_keys()), {"region": …} by default."""
        ident = keys if keys is not None else {"subject": self.region, "region": self.region}
        return {**ident, "total": float(self.total), "grade": self.grade, "rank": self.rank,
                "vetoed": list(self.vetoed), "items": {k: float(v) for k, v in self.items.items()},
                "missing": list(self.missing)}


def score_round(scheme: dict, regions: list[str], values: dict[tuple[str, str], object],
                targets: dict[tuple[str, str], object] | None = None,
                manual_scores: dict[str, dict[str, object]] | None = None) -> list[RegionResult]:
    """Score every assessed region. `scheme` is the validated document (items, grades, vetoes);
    `values` maps (indicator, region) → value; `targets` maps (indicator, region) → target;
    `manual_scores` maps region → item code → score (absent = missing, counts 0).
    Results come back ordered by rank, then region code."""
    targets = targets or {}
    manual_scores = manual_scores or {}
    n = len(regions)
    results = {r: RegionResult(region=r) for r in regions}
    for item in scheme["items"]:
        rule, code = item["rule"], item["code"]
        indicator = item.get("indicator")
        # `applies_to` (responsibility.md extension): the item is scored for those subjects only
        scored = [r for r in regions if r in item["applies_to"]] if item.get("applies_to") else regions
        if rule == "rank":
            ranks = competition_ranks({r: values.get((indicator, r)) for r in scored}, item.get("order", "desc"))
            n = len(scored)
        for r in scored:
            v = values.get((indicator, r)) if indicator else None
            if rule == "ratio_to_target":
                target = targets.get((indicator, r))
                if target is None:
                    raise KeyError(f"评分项 {code}：区划 {r} 没有 {indicator} 的目标值。")
                raw = ratio_to_target(item["points"], v, target)
            elif rule == "linear":
                raw = linear(item["points"], v, item["zero_at"], item["full_at"])
            elif rule == "rank":
                raw = rank_score(item["points"], ranks[r], n)
            elif rule == "manual":
                given = manual_scores.get(r, {}).get(code)
                if given is None:
                    results[r].missing.append(code)
                raw = manual(given)
            elif rule == "deduction":
                raw = deduction(item["per_unit"], v, item.get("cap"))
            elif rule == "bonus":
                raw = bonus(item["per_unit"], v, item.get("cap"))
            else:  # pragma: no cover - validated before
                raise ValueError(rule)
            results[r].items[code] = round2(raw)
    grades = scheme.get("grades") or []
    for r, res in results.items():
        res.total = total_of(res.items.values())
        res.own_grade = res.grade = grade_for(res.total, grades)
        for veto in scheme.get("vetoes") or []:
            if veto_fires(values.get((veto["indicator"], r)), veto.get("above")):
                res.vetoed.append(veto["code"])
                if veto.get("grade") is not None:
                    res.grade = worse_grade(res.grade, veto["grade"], grades)
    ranks = final_ranks({r: res.total for r, res in results.items()},
                        {r: bool(res.vetoed) for r, res in results.items()})
    for r, res in results.items():
        res.rank = ranks[r]
    return sorted(results.values(), key=lambda x: (x.rank, x.region))


def indicators_of(scheme: dict) -> list[str]:
    codes = [i["indicator"] for i in scheme["items"] if i.get("indicator") and i["rule"] != "manual"]
    codes += [v["indicator"] for v in scheme.get("vetoes") or []]
    return sorted(set(codes))


def item_max(item: dict) -> Decimal:
    """The most an item can give (its points; a bonus its cap; a deduction 0)."""
    if item["rule"] == "deduction":
        return Decimal(0)
    if item["rule"] == "bonus":
        return Decimal(str(item["cap"])) if item.get("cap") is not None else Decimal(0)
    return Decimal(str(item["points"]))
