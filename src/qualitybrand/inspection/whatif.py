"""What-if of a preparation (assessment.md): which items can still move before the deadline, and the
total and grade with hypothetical values typed in. Pure reads of the stored draft; never stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from qualitybrand.inspection.selectors import ItemRow, scheme_vetoes
from qualitybrand.planning import scoring
from qualitybrand.planning import selectors as planning_selectors
from qualitybrand.planning.selectors import json_number


@dataclass
class Movable:
    row: ItemRow
    reason: str
    gap: Decimal            # points still to gain
    needed: str = ""        # the value that gives full points, where the rule allows saying it


def _fmt(x) -> str:
    return str(json_number(Decimal(str(x))))


def _needed(row: ItemRow, targets: dict, city: str) -> str:
    item, unit = row.item, row.unit
    rule = item["rule"]
    if rule == "linear":
        sign = "≥" if Decimal(str(item["full_at"])) >= Decimal(str(item["zero_at"])) else "≤"
        return f"{sign} {_fmt(item['full_at'])} {unit}".strip()
    if rule == "ratio_to_target":
        target = targets.get((item["indicator"], city))
        return f"≥ {_fmt(target)} {unit}（目标值）".strip() if target is not None else ""
    if rule == "bonus" and item.get("cap") is not None:
        return f"≥ {_fmt(Decimal(str(item['cap'])) / Decimal(str(item['per_unit'])))} {unit}".strip()
    if rule == "deduction":
        return f"0 {unit}".strip()
    return ""


def _targets(prep, city: str) -> dict:
    region = prep.region
    try:
        return planning_selectors.scheme_targets(prep.scheme.document, [region])
    except planning_selectors.AssessmentError:
        return {}


def movable_items(prep, rows: list[ItemRow]) -> list[Movable]:
    """Manual items not yet scored or reviewed; indicator items below their most (with the value
    needed for full points where the rule says it: linear full_at, ratio_to_target's target)."""
    city = prep.region.code
    targets = _targets(prep, city)
    out = []
    for row in rows:
        most = row.max_score
        score = row.score if row.score is not None else Decimal(0)
        if row.is_manual:
            if row.score is None:
                out.append(Movable(row, "人工评分项，尚未评分", most))
            elif not row.evaluation.reviewed:
                out.append(Movable(row, "人工评分项，尚未审核", most - score))
            continue
        if row.evaluation is None:
            continue
        if score < most or (row.item["rule"] == "deduction" and score < 0):
            gap = (most - score)
            out.append(Movable(row, "指标项未得满分" if row.item["rule"] != "deduction" else "扣分项已扣分",
                               gap, _needed(row, targets, city)))
    return out


@dataclass
class WhatIf:
    total: Decimal
    grade: str | None
    items: dict = field(default_factory=dict)
    vetoed: list = field(default_factory=list)
    changes: list = field(default_factory=list)


def parse_number(raw: str) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def compute(prep, rows: list[ItemRow], indicator_values: dict[str, Decimal],
            manual_scores: dict[str, Decimal]) -> WhatIf:
    """Score the scheme for the city on the stored values, with `indicator_values` (indicator → value)
    and `manual_scores` (item code → score) replacing them. Nothing is stored."""
    doc = prep.scheme.document
    city = prep.region.code
    stored = {e.item_code: e for e in prep.items.all()}
    values: dict[tuple[str, str], object] = {}
    for entry in list(doc["items"]) + scheme_vetoes(prep):
        ev = stored.get(entry["code"])
        if entry.get("indicator") and ev is not None and ev.value != "":
            values[(entry["indicator"], city)] = Decimal(ev.value)
    for indicator, v in indicator_values.items():
        values[(indicator, city)] = v
    manual = {r.code: r.score for r in rows if r.is_manual and r.score is not None}
    manual.update(manual_scores)
    targets = _targets(prep, city)
    try:
        result = scoring.score_round(doc, [city], values, targets, {city: manual})[0]
    except KeyError:  # a ratio_to_target item without a target: the draft already said so
        result = scoring.RegionResult(region=city)
    return WhatIf(result.total, result.grade, dict(result.items), list(result.vetoed))
