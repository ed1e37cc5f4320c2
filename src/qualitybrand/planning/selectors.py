"""Reads shared by the commands, the API, the pages and documents: progress and assessments."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q

from qualitybrand.core import clock
from qualitybrand.core.roles import VIEW, Role, role_may
from qualitybrand.core.scoping import own_region_code, scope_filter
from qualitybrand.indicators.periods import Period, reporting_end
from qualitybrand.planning import documents as docs
from qualitybrand.planning import scoring, values
from qualitybrand.planning.models import Round, Scheme, TargetSet

DONE, NORMAL, LATE = "已完成", "正常", "滞后"


class AssessmentError(Exception):
    """The scheme cannot be scored as it stands (exit 1)."""


def json_number(value):
    """A JSON number: integers stay integers, exact decimals become floats."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


# --- progress of target sets --------------------------------------------------------------

def default_as_of(year: int) -> dt.date:
    """Targets and progress of `year` are counted as the pages count it (indicators.periods)."""
    return reporting_end(year)


def time_ratio(day: dt.date) -> Fraction:
    days = 366 if calendar.isleap(day.year) else 365
    return Fraction(day.timetuple().tm_yday, days)


def status_for(spec, lower_is_better: bool, actual: Fraction, target: Fraction, day: dt.date) -> str:
    if lower_is_better:
        if actual > target:
            return LATE
        return DONE if (day.month, day.day) == (12, 31) else NORMAL
    ratio = actual / target
    if ratio >= 1:
        return DONE
    accumulates = spec is not None and getattr(spec, "kind", "") == "flow" and getattr(spec, "measure", "") in (
        "count", "sum")
    if accumulates and ratio >= time_ratio(day):
        return NORMAL
    return LATE


@dataclass
class ProgressRow:
    region: str
    region_name: str
    indicator: str
    target: Decimal
    actual: object
    ratio: Fraction
    status: str
    lower_is_better: bool
    is_own: bool

    def as_json(self) -> dict:
        return {"region": self.region, "indicator": self.indicator, "target": json_number(self.target),
                "actual": json_number(self.actual) if self.actual is not None else 0,
                "ratio": float(self.ratio), "status": self.status}


def progress(target_set: TargetSet, day: dt.date) -> list[ProgressRow]:
    """Rows for the set's region and every allocated region, item by item (one engine call)."""
    from qualitybrand.core.models import Region

    doc = target_set.document
    codes = {doc["region"]} | {rc for i in doc["items"] for rc in i["allocations"]}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    try:
        found = values.indicator_values([i["indicator"] for i in doc["items"]], Period.as_of(day),
                                        list(regions.values()))
    except values.UnknownIndicator as exc:
        raise AssessmentError(f"目标集使用的指标 {exc} 已不存在。") from exc
    rows = []
    for item in doc["items"]:
        spec = values.indicator_spec(item["indicator"])
        pairs = [(doc["region"], item["target"], True)] + [(rc, t, False) for rc, t in item["allocations"].items()]
        for rc, target, own in pairs:
            if rc not in regions:
                continue
            actual = found.get((item["indicator"], rc))
            exact = scoring.to_fraction(actual) or Fraction(0)
            t = Fraction(Decimal(target))
            rows.append(ProgressRow(rc, regions[rc].name, item["indicator"], Decimal(target), actual, exact / t,
                                    status_for(spec, item.get("lower_is_better", False), exact, t, day),
                                    item.get("lower_is_better", False), own))
    return rows


# --- assessments ---------------------------------------------------------------------------

@dataclass
class Assessment:
    scheme: dict
    regions: list  # Region objects, ordered by code
    period: Period
    values: dict
    targets: dict
    results: list  # scoring.RegionResult, ordered by rank

    def as_json(self) -> dict:
        return {"scheme": self.scheme["code"], "results": [r.as_json() for r in self.results]}

    def value(self, indicator, region_code):
        return self.values.get((indicator, region_code))


def assessed_regions(scheme_doc: dict) -> list:
    index = docs.RegionIndex()
    region = index.get(scheme_doc["region"])
    if region is None:
        raise AssessmentError(f"方案的区划 {scheme_doc['region']} 已不存在。")
    found, problems = docs.resolve_assessed(scheme_doc["assessed"], region, index)
    if problems:
        raise AssessmentError("；".join(problems))
    return found


def scheme_targets(scheme_doc: dict, regions: list) -> dict:
    needed = [i for i in scheme_doc["items"] if i["rule"] == "ratio_to_target"]
    if not needed:
        return {}
    ts = TargetSet.objects.filter(code=scheme_doc.get("targets") or "").first()
    if ts is None:
        raise AssessmentError(f"方案 {scheme_doc['code']} 使用的目标集 {scheme_doc.get('targets')} 不存在。")
    tmap = docs.targets_map(ts.document)
    for item in needed:
        lacking = [r.code for r in regions if (item["indicator"], r.code) not in tmap]
        if lacking:
            raise AssessmentError(f"评分项 {item['code']}：目标集 {ts.code} 没有为被考核区划 {'、'.join(lacking)} "
                                  f"设定 {item['indicator']} 的目标值，无法评分。")
    return tmap


def assess_document(scheme_doc: dict, period: Period, manual: dict | None = None,
                    overrides: dict | None = None) -> Assessment:
    """Score a scheme for its assessed regions; `overrides` replaces values (what-if, never stored)."""
    regions = assessed_regions(scheme_doc)
    tmap = scheme_targets(scheme_doc, regions)
    try:
        found = values.indicator_values(scoring.indicators_of(scheme_doc), period, regions)
    except values.UnknownIndicator as exc:
        raise AssessmentError(f"方案使用的指标 {exc} 不存在。") from exc
    found = dict(found)
    if overrides:
        found.update(overrides)
    results = scoring.score_round(scheme_doc, [r.code for r in regions], found, tmap, manual or {})
    return Assessment(scheme_doc, regions, period, found, tmap, results)


def parse_manual(data, scheme_doc: dict, region_codes: list[str]) -> tuple[dict, list[str]]:
    """A manual-score mapping (region → item → score) checked against the scheme; (scores, errors)."""
    errors: list[str] = []
    scores: dict[str, dict[str, Decimal]] = {}
    if data is None:
        return scores, errors
    if not isinstance(data, dict):
        return scores, ["人工评分文件应为“区划代码: {评分项代码: 分数}”的映射。"]
    manual_items = {i["code"]: i for i in scheme_doc["items"] if i["rule"] == "manual"}
    for rc_raw, entries in data.items():
        rc = docs.code_str(rc_raw)
        if rc not in region_codes:
            errors.append(f"区划 {rc_raw} 不是本方案的被考核区划（应为 {'、'.join(region_codes)} 之一）。")
            continue
        if entries is None:
            continue
        if not isinstance(entries, dict):
            errors.append(f"区划 {rc} 的评分应为“评分项代码: 分数”的映射。")
            continue
        for item_code, raw in entries.items():
            item_code = docs.code_str(item_code)
            item = manual_items.get(item_code)
            if item is None:
                errors.append(f"区划 {rc}：{item_code} 不是本方案的人工评分项（应为 "
                              f"{'、'.join(manual_items) or '无'}）。")
                continue
            if raw is None:
                continue
            score = docs.number(raw)
            if score is None:
                errors.append(f"区划 {rc} 评分项 {item_code} 的分数 “{raw}” 不是数字。")
            elif score < 0 or score > Decimal(item["points"]):
                errors.append(f"区划 {rc} 评分项 {item_code} 的分数 {raw} 超出范围：应在 0 到 {item['points']} 分之间。")
            else:
                scores.setdefault(rc, {})[item_code] = score
    return scores, errors


def period_for(scheme_doc: dict, as_of: dt.date | None) -> Period:
    return Period.as_of(as_of) if as_of else Period.year(scheme_doc["year"])


# --- rounds as a user sees them -----------------------------------------------------------

def rounds_for_user(user):
    """Rounds the user may see: the office's own (scoped), and for a county (leader, department) the
    rounds that assess its region."""
    qs = Round.objects.select_related("scheme", "region")
    if user is None or not user.is_authenticated:
        return qs.none()
    own = Round.objects.for_user(user).values_list("id", flat=True)
    ids = set(own)
    mine = own_region_code(user, {Role.COUNTY, Role.LEADER, Role.DEPARTMENT})
    if mine:
        for rid, codes in Round.objects.values_list("id", "scheme__assessed_codes"):
            if mine in (codes or []):
                ids.add(rid)
    return qs.filter(id__in=ids)


def schemes_for_user(user):
    """Schemes of the user's office (scoped), and for a county the schemes that assess it."""
    qs = Scheme.objects.for_user(user)
    mine = own_region_code(user, {Role.COUNTY})
    if mine:
        extra = [sid for sid, codes in Scheme.objects.values_list("id", "assessed_codes") if mine in (codes or [])]
        qs = Scheme.objects.filter(id__in=list(qs.values_list("id", flat=True)) + extra)
    return qs.select_related("region")


def target_sets_for_user(user):
    return TargetSet.objects.for_user(user).select_related("region")


def visible_target_sets(user):
    """Target sets of the user's office (scoped), and those allocating targets to its region or
    below, for a role that may see target sets at all."""
    qs = TargetSet.objects.for_user(user)
    allocated = scope_filter(user, "items__allocations__region__path")
    if allocated and not user.is_superuser and role_may(getattr(user, "role", ""), VIEW, TargetSet):
        allocated = TargetSet.objects.filter(allocated)
        qs = TargetSet.objects.filter(Q(id__in=qs.values("id")) | Q(id__in=allocated.values("id")))
    return qs.select_related("region").distinct()


def overdue_tasks(user):
    """Rectification tasks past their deadline and not done, within the user's scope (dashboard flag)."""
    from qualitybrand.planning.models import RectificationTask

    return (RectificationTask.objects.for_user(user).exclude(state=RectificationTask.State.DONE)
            .filter(deadline__lt=clock.today()).select_related("region", "round__scheme"))
