"""Reads shared by the commands, the API, the pages and documents: progress and assessments."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q

from qualitybrand.core import clock
from qualitybrand.core.roles import VIEW, role_may
from qualitybrand.core.scoping import scope_filter
from qualitybrand.indicators.periods import Period, reporting_end
from qualitybrand.planning import documents as docs
from qualitybrand.planning import scoring, subjects, values
from qualitybrand.planning.models import TargetSet

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
    region: str          # the code of the region whose value counts (a department: the set's region)
    region_name: str
    indicator: str
    target: Decimal
    actual: object
    ratio: Fraction
    status: str
    lower_is_better: bool
    is_own: bool
    subject: str = ""    # the row's subject key (responsibility.md): a region or town code, a department
    subject_name: str = ""
    keeps_region: bool = True  # region and town rows carry "region" in JSON, department rows do not

    def as_json(self) -> dict:
        ident = {"subject": self.subject or self.region}
        if self.keeps_region:
            ident["region"] = self.region
        return {**ident, "indicator": self.indicator, "target": json_number(self.target),
                "actual": json_number(self.actual) if self.actual is not None else 0,
                "ratio": float(self.ratio), "status": self.status}


def allocation_subjects(target_set: TargetSet) -> dict[str, subjects.Subject]:
    """The set's own region and every allocated subject, by key (allocations made before a region or
    department was removed are left out rather than failing the whole page)."""
    doc = target_set.document
    index = subjects.SubjectIndex()
    own = index.regions.get(doc["region"])
    out = {own.code: index.region_subject(own)} if own is not None else {}
    kind = subjects.kind_of(doc)
    for key in {k for i in doc["items"] for k in i["allocations"]}:
        found, _problem = subjects.allocation_subject(kind, key, own, index)
        if found is not None:
            out[key] = found
    return out


def progress(target_set: TargetSet, day: dt.date) -> list[ProgressRow]:
    """Rows for the set's region and every allocated subject, item by item (one engine call)."""
    doc = target_set.document
    by_key = allocation_subjects(target_set)
    regions = {s.region.code: s.region for s in by_key.values()}
    try:
        found = values.indicator_values([i["indicator"] for i in doc["items"]], Period.as_of(day),
                                        list(regions.values()))
    except values.UnknownIndicator as exc:
        raise AssessmentError(f"目标集使用的指标 {exc} 已不存在。") from exc
    rows = []
    for item in doc["items"]:
        spec = values.indicator_spec(item["indicator"])
        pairs = [(doc["region"], item["target"], True)] + [(k, t, False) for k, t in item["allocations"].items()]
        for key, target, own in pairs:
            subject = by_key.get(key)
            if subject is None:
                continue
            rc = subject.region.code
            actual = found.get((item["indicator"], rc))
            exact = scoring.to_fraction(actual) or Fraction(0)
            t = Fraction(Decimal(target))
            rows.append(ProgressRow(rc, subject.region.name, item["indicator"], Decimal(target), actual, exact / t,
                                    status_for(spec, item.get("lower_is_better", False), exact, t, day),
                                    item.get("lower_is_better", False), own, subject=subject.key,
                                    subject_name=subject.name, keeps_region=subject.keeps_region or own))
    return rows


# --- assessments ---------------------------------------------------------------------------

@dataclass
class Assessment:
    scheme: dict
    regions: list  # Region objects of the region and town subjects, ordered by code
    period: Period
    values: dict   # (indicator, subject key) → value
    targets: dict  # (indicator, subject key) → target
    results: list  # scoring.RegionResult (`.region` = the subject key), ordered by rank
    subjects: list = field(default_factory=list)  # subjects.Subject, in the scheme's order

    def as_json(self) -> dict:
        keys = {s.key: s.row_keys() for s in self.subjects}
        return {"scheme": self.scheme["code"], "results": [r.as_json(keys.get(r.region)) for r in self.results]}

    def value(self, indicator, subject_key):
        return self.values.get((indicator, subject_key))

    def subject(self, key) -> subjects.Subject | None:
        return next((s for s in self.subjects if s.key == key), None)


def assessed_subjects(scheme_doc: dict) -> list[subjects.Subject]:
    try:
        return subjects.subjects_of_scheme(scheme_doc)
    except ValueError as exc:
        raise AssessmentError(str(exc)) from exc


def assessed_regions(scheme_doc: dict) -> list:
    """The Region objects of a scheme's region and town subjects (a department or enterprise scheme has none)."""
    return [s.region for s in assessed_subjects(scheme_doc) if s.keeps_region]


def scheme_targets(scheme_doc: dict, keys: list[str]) -> dict:
    needed = [i for i in scheme_doc["items"] if i["rule"] == "ratio_to_target"]
    if not needed:
        return {}
    ts = TargetSet.objects.filter(code=scheme_doc.get("targets") or "").first()
    if ts is None:
        raise AssessmentError(f"方案 {scheme_doc['code']} 使用的目标集 {scheme_doc.get('targets')} 不存在。")
    tmap = docs.targets_map(ts.document)
    for item in needed:
        lacking = [k for k in item.get("applies_to") or keys if (item["indicator"], k) not in tmap]
        if lacking:
            raise AssessmentError(f"评分项 {item['code']}：目标集 {ts.code} 没有为被考核对象 {'、'.join(lacking)} "
                                  f"设定 {item['indicator']} 的目标值，无法评分。")
    return tmap


def assess_document(scheme_doc: dict, period: Period, manual: dict | None = None,
                    overrides: dict | None = None) -> Assessment:
    """Score a scheme for its assessed subjects; `overrides` replaces values (what-if, never stored).
    A subject's values are those of the region it answers for (a department: the scheme's region)."""
    found_subjects = assessed_subjects(scheme_doc)
    keys = [s.key for s in found_subjects]
    tmap = scheme_targets(scheme_doc, keys)
    regions = list({s.region.code: s.region for s in found_subjects if s.has_values}.values())
    try:
        by_region = values.indicator_values(scoring.indicators_of(scheme_doc), period, regions)
    except values.UnknownIndicator as exc:
        raise AssessmentError(f"方案使用的指标 {exc} 不存在。") from exc
    found = {}
    for s in found_subjects:
        if s.has_values:
            for code in scoring.indicators_of(scheme_doc):
                found[(code, s.key)] = by_region.get((code, s.region.code))
    if overrides:
        found.update(overrides)
    results = scoring.score_round(scheme_doc, keys, found, tmap, manual or {})
    region_objects = sorted((s.region for s in found_subjects if s.keeps_region), key=lambda r: r.code)
    return Assessment(scheme_doc, region_objects, period, found, tmap, results, found_subjects)


def parse_manual(data, scheme_doc: dict, region_codes: list[str]) -> tuple[dict, list[str]]:
    """A manual-score mapping (subject key → item → score) checked against the scheme; (scores, errors)."""
    errors: list[str] = []
    scores: dict[str, dict[str, Decimal]] = {}
    if data is None:
        return scores, errors
    if not isinstance(data, dict):
        return scores, ["人工评分文件应为“被考核对象（区划代码、部门简称或统一社会信用代码）: {评分项代码: 分数}”的映射。"]
    manual_items = {i["code"]: i for i in scheme_doc["items"] if i["rule"] == "manual"}
    kind = subjects.kind_of(scheme_doc)
    for rc_raw, entries in data.items():
        rc = docs.code_str(rc_raw)
        if rc is not None and kind == subjects.ENTERPRISES:
            rc = rc.upper()
        if rc not in region_codes:
            what = "区划" if kind == subjects.REGIONS else "对象"
            errors.append(f"{what} {rc_raw} 不是本方案的被考核{what}（应为 {'、'.join(region_codes)} 之一）。")
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
            if item.get("applies_to") and rc not in item["applies_to"]:
                errors.append(f"{rc}：评分项 {item_code} 只适用于 {'、'.join(item['applies_to'])}，不能为 {rc} 评分。")
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
