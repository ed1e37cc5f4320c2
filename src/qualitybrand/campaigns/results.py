"""A campaign's results per county: the registries' figures over its period and counties, never typed
twice (supervision.md § campaigns).

Without product categories the figures are the indicator engine's (`engine.compute` over
`Period.between(start, end)` for the participating counties: pooled over each county and the regions
below it). With categories the engine cannot filter, so the same definitions are computed here
set-based from the supervision registry (two grouped queries), restricted to the categories:
inspections whose 产品类别 contains a keyword, and cases whose 当事人 had such an inspection (the
case ledger holds no product category). `records()` gives the records behind every figure (the
drill-down) with exactly the same conditions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from qualitybrand.campaigns.models import Campaign, CampaignReport
from qualitybrand.core.models import Region
from qualitybrand.indicators import catalog
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period

# (code, short label, unit); the order of the results table
FIGURES = [
    ("insp.batches", "抽查批次", "批次"),
    ("insp.pass_rate", "合格率", "%"),
    ("insp.failed_entities", "不合格企业", "户"),
    ("case.opened", "立案", "件"),
    ("case.goods_value", "涉案货值", "万元"),
    ("case.fines", "罚没", "万元"),
    ("case.transferred", "移送司法", "件"),
]
CODES = [code for code, _, _ in FIGURES]
ENGINE_CODES = CODES + ["insp.passed"]
INSPECTION_CODES = {"insp.batches", "insp.pass_rate", "insp.failed_entities"}
REPORTED = [("officers", "出动执法人员人次", "人次"), ("entities_checked", "检查经营主体户次", "户次"),
            ("dens_destroyed", "捣毁窝点", "个")]
SUMS = {"case.goods_value", "case.fines"}


@dataclass
class Row:
    region: Region
    values: dict = field(default_factory=dict)   # code -> int | float | Decimal | None
    reported: CampaignReport | None = None


@dataclass
class Results:
    campaign: Campaign
    period: Period
    rows: list[Row]
    total: Row | None          # None when the reader sees only part of the counties
    filtered: bool             # figures restricted to the campaign's product categories

    def as_json(self) -> dict:
        def one(row: Row) -> dict:
            out = {code: _plain(row.values.get(code)) for code in CODES}
            rep = row.reported
            out.update({key: (getattr(rep, key) if rep else None) for key, _, _ in REPORTED})
            return out

        return {"period": self.period.as_json(), "filtered_by_categories": self.filtered,
                "categories": self.campaign.category_list,
                "counties": [{"region": r.region.code, "name": r.region.name, **one(r)} for r in self.rows],
                "total": one(self.total) if self.total is not None else None}


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def period_of(campaign: Campaign) -> Period:
    return Period.between(campaign.start, campaign.end)


def category_q(keywords: list[str], prefix: str = "") -> Q:
    q = Q()
    for word in keywords:
        q |= Q(**{f"{prefix}product_category__icontains": word})
    return q


def _inspections(campaign: Campaign, period: Period):
    from qualitybrand.supervision.models import Inspection

    qs = Inspection.objects.filter(sampled__gte=period.start, sampled__lte=period.end)
    return qs.filter(category_q(campaign.category_list)) if campaign.category_list else qs


def _cases(campaign: Campaign):
    from qualitybrand.supervision.models import Case, Inspection

    qs = Case.objects.all()
    if campaign.category_list:
        parties = Inspection.objects.filter(category_q(campaign.category_list)).values("entity_id")
        qs = qs.filter(party_id__in=parties)
    return qs


def figure_filter(code: str, period: Period) -> Q:
    """The records behind a figure (the engine's definitions, indicators.md)."""
    opened = Q(opened__gte=period.start, opened__lte=period.end)
    closed = Q(closed__gte=period.start, closed__lte=period.end)
    return {
        "insp.batches": Q(), "insp.pass_rate": Q(), "insp.failed_entities": Q(conclusion="不合格"),
        "case.opened": opened, "case.goods_value": opened, "case.fines": closed,
        "case.transferred": opened & Q(transferred=True),
    }[code]


def records(campaign: Campaign, code: str, counties: list[Region]):
    """The inspections or cases behind figure `code` of these counties (and the regions below them)."""
    period = period_of(campaign)
    qs = _inspections(campaign, period) if code in INSPECTION_CODES else _cases(campaign)
    within = Q()
    for county in counties:
        within |= Q(region__path__startswith=county.path)
    return qs.filter(within).filter(figure_filter(code, period)).select_related("region").order_by("-id")


def _county_of_region(counties: list[Region]) -> dict[int, int]:
    """Every region id below (or at) a participating county -> that county's id (one query)."""
    q = Q()
    for county in counties:
        q |= Q(path__startswith=county.path)
    by_path = sorted(counties, key=lambda r: -len(r.path))
    out = {}
    for rid, path in Region.objects.filter(q).values_list("id", "path"):
        out[rid] = next(c.pk for c in by_path if path.startswith(c.path))
    return out


def _filtered_values(campaign: Campaign, period: Period, counties: list[Region]) -> dict[int, dict]:
    """The figures restricted to the categories, per county id (two grouped queries)."""
    owner = _county_of_region(counties)
    ids = list(owner)
    zero = {code: (Decimal(0) if code in SUMS else 0) for code in ENGINE_CODES if code != "insp.pass_rate"}
    out: dict[int, dict] = {c.pk: dict(zero) for c in counties}
    insp = (_inspections(campaign, period).filter(region_id__in=ids).order_by().values("region_id")
            .annotate(n=Count("id"), passed=Count("id", filter=Q(conclusion="合格")),
                      failed=Count("entity_id", distinct=True, filter=Q(conclusion="不合格"))))
    for row in insp:
        values = out[owner[row["region_id"]]]
        values["insp.batches"] += row["n"]
        values["insp.passed"] += row["passed"]
        values["insp.failed_entities"] += row["failed"]
    opened, closed = figure_filter("case.opened", period), figure_filter("case.fines", period)
    cases = (_cases(campaign).filter(region_id__in=ids).filter(opened | closed).order_by().values("region_id")
             .annotate(n=Count("id", filter=opened), goods=Sum("goods_value", filter=opened),
                       fines=Sum("fines", filter=closed), transferred=Count("id", filter=opened & Q(transferred=True))))
    for row in cases:
        values = out[owner[row["region_id"]]]
        values["case.opened"] += row["n"]
        values["case.transferred"] += row["transferred"]
        for code, key in (("case.goods_value", "goods"), ("case.fines", "fines")):
            values[code] += row[key] or Decimal(0)
    for values in out.values():
        values["insp.pass_rate"] = _rate(values["insp.passed"], values["insp.batches"])
    return out


def _rate(passed, batches):
    return None if not batches else passed * 100 / batches


def _engine_values(period: Period, counties: list[Region]) -> dict[int, dict]:
    figures = compute(ENGINE_CODES, period, counties)
    return {c.pk: {code: figures.get((code, c.code)) for code in ENGINE_CODES} for c in counties}


def results(campaign: Campaign, counties: list[Region], *, whole: bool) -> Results:
    """The results of these counties (the reader's share of the campaign's counties); `whole` adds the
    totals (only for a reader who sees every participating county)."""
    period = period_of(campaign)
    counties = sorted(counties, key=lambda r: r.code)
    filtered = bool(campaign.category_list)
    values = _filtered_values(campaign, period, counties) if filtered else _engine_values(period, counties)
    reports = {r.region_id: r for r in CampaignReport.objects.filter(campaign=campaign, region__in=counties)}
    rows = [Row(c, values.get(c.pk, {}), reports.get(c.pk)) for c in counties]
    total = None
    if whole:
        total = Row(Region(name="合计", code=""), {})
        for code in ENGINE_CODES:
            if code == "insp.pass_rate":
                continue
            parts = [r.values.get(code) for r in rows if r.values.get(code) is not None]
            zero = Decimal(0) if code in SUMS else 0
            total.values[code] = sum((Decimal(str(p)) if code in SUMS else p for p in parts), zero)
        total.values["insp.pass_rate"] = _rate(total.values["insp.passed"], total.values["insp.batches"])
        total.reported = CampaignReport(**{key: sum(getattr(r.reported, key) for r in rows if r.reported)
                                           for key, _, _ in REPORTED}) if any(r.reported for r in rows) else None
    return Results(campaign, period, rows, total, filtered)


def definition(code: str) -> str:
    spec = catalog.get(code)
    return spec.definition if spec is not None else ""


def fmt(code: str, value) -> str:
    """92.3% · 12.50 万元 · 1,234 (UI.md); “—” for no value."""
    unit = next((u for c, _, u in FIGURES if c == code), "")
    if value is None:
        return "—"
    if unit == "%":
        return f"{float(value):.1f}%"
    if unit == "万元":
        return f"{Decimal(str(value)):,.2f} 万元"
    return f"{int(value):,} {unit}"
