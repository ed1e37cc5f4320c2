"""Reads of indicator values that the command, the API, the pages and documents share."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core.filtering import MAX_YEAR, MIN_YEAR, parse_iso_date, split_codes
from qualitybrand.indicators import catalog
from qualitybrand.indicators.engine import UnknownIndicator, compute
from qualitybrand.indicators.periods import Period


class BadRequest(ValueError):
    """Bad parameters: the message is Chinese and says what is expected."""


def parse_year(text) -> int:
    text = str(text).strip()
    if not text.isdecimal() or len(text) != 4:
        raise BadRequest(f"年度“{text}”无效：请填写四位数字的年份，如 2013。")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadRequest(f"年度 {year} 超出范围：应在 {MIN_YEAR}–{MAX_YEAR} 之间。")
    return year


def parse_date(text) -> dt.date:
    return parse_iso_date(text, BadRequest)


def parse_period(year=None, as_of=None) -> Period:
    year = None if year in (None, "") else parse_year(year)
    day = None if as_of in (None, "") else parse_date(as_of)
    if year is None and day is None:
        raise BadRequest("请指定统计期：年度（--year / year=YYYY）或截止日期（--as-of / as_of=YYYY-MM-DD）。")
    if day is not None:
        if year is not None and day.year != year:
            raise BadRequest(f"截止日期 {day.isoformat()} 不在年度 {year} 内：两者同时给出时日期须在该年度内。")
        return Period.as_of(day)
    return Period.year(year)


def parse_codes(raw) -> list[str] | None:
    """Codes from `a,b` strings or lists; None means the whole catalog. Unknown codes are refused."""
    codes = split_codes(raw)
    if not codes:
        return None
    known = catalog.specs_by_code()
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise BadRequest(f"未知的指标代码：{'、'.join(unknown)}。可用代码见指标目录（qualitybrand indicators "
                         f"--year YYYY 列出全部）。")
    return codes


def resolve_region(code: str):
    from qualitybrand.core.services import resolve_region_codes

    code = str(code).strip()
    region = resolve_region_codes({code}).get(code) if code else None
    if region is None:
        raise BadRequest(f"区划代码“{code}”不存在：请填写登记在册的行政区划代码，如 620500。")
    return region


FIGURE_ROLES = {"city_admin", "county", "department", "leader"}


def may_read_figures(user) -> bool:
    """Region figures are for the offices, departments and leaders (enterprises and experts see none)."""
    return bool(user and user.is_authenticated and (user.is_superuser or getattr(user, "role", "") in FIGURE_ROLES))


def indicator_rows(codes: list[str] | None, period: Period, regions) -> list[dict]:
    """One row per (indicator, region), indicators in the given (or catalog) order, regions by tree path."""
    specs = catalog.specs_by_code()
    order = list(specs) if codes is None else codes
    regions = sorted(regions, key=lambda r: r.path)
    try:
        values = compute(order, period, regions=regions)
    except UnknownIndicator as exc:
        raise BadRequest(str(exc)) from None
    rows = []
    for code in order:
        unit = specs[code].unit
        for region in regions:
            rows.append({"code": code, "region": region.code, "value": values.get((code, region.code)),
                         "unit": unit})
    return rows


def indicator_document(codes, period: Period, regions) -> dict:
    return {"period": period.as_json(), "values": indicator_rows(codes, period, regions)}


def format_value(spec, value) -> str:
    """Screen form (UI.md): percentages one decimal half up, amounts two decimals, counts integers, — for null."""
    from decimal import ROUND_HALF_UP, Decimal

    if value is None:
        return "—"
    if spec is not None and (spec.unit == "%" or spec.measure == "ratio"):
        rounded = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"{rounded}%" if spec.unit == "%" else f"{rounded:,}"
    if spec is not None and spec.unit == "万元":
        return f"{Decimal(repr(float(value))).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{Decimal(repr(float(value))).normalize():f}"


def inspection_by_product(region, period: Period, limit: int = 12) -> list[dict]:
    """Pass rates by 产品类别 for a region and below (one grouped query; pooled, not averaged)."""
    from urllib.parse import urlencode

    from django.db.models import Count, Q

    from qualitybrand.supervision.models import Inspection

    rows = (Inspection.objects.filter(region__path__startswith=region.path, sampled__gte=period.start,
                                      sampled__lte=period.end)
            .order_by().values("product_category")
            .annotate(batches=Count("id"), passed=Count("id", filter=Q(conclusion="合格")))
            .order_by("-batches", "product_category")[:limit])
    out = []
    for row in rows:
        rate = row["passed"] * 100 / row["batches"] if row["batches"] else None
        query = urlencode([("region", region.code), ("year", str(period.end.year)),
                           ("product_category", row["product_category"])])
        out.append({"product": row["product_category"], "batches": row["batches"], "passed": row["passed"],
                    "rate": rate, "text": "—" if rate is None else format_value(_PERCENT, rate),
                    "url": f"/supervision/inspections/?{query}"})
    return out


class _Percent:
    unit, measure = "%", "ratio"


_PERCENT = _Percent()


# --- dashboard sections read from other areas (planning, cultivation) -------------------------

STATUS_TAGS = {"已完成": "green", "正常": "blue", "滞后": "orange"}


def cached_section(key: tuple, build):
    """`build()` cached under the data version, shared by every worker (`indicators.cache.cached`; never
    inside a transaction, where it may roll back)."""
    from qualitybrand.indicators.cache import cached

    return cached(key, build)


def target_progress_rows(user, region, year: int) -> list[dict]:
    """The target sets of `year` the user may see (planning's rule: the office's own sets, and for a county
    the sets allocating targets to it) that set a target for `region` (the set's own region or an
    allocation to it), with the region's rows from planning's progress computation."""
    from qualitybrand.planning import selectors as planning
    from qualitybrand.planning.api import visible_target_sets

    ancestors = [region.path[:i] for i in range(1, len(region.path) + 1) if region.path[i - 1] == "/"]
    sets = list(visible_target_sets(user).filter(year=year)
                .filter(region__path__in=ancestors + [region.path]).order_by("code"))
    day = planning.default_as_of(year)

    def build(ts):
        def rows():
            specs = catalog.specs_by_code()
            try:
                found = planning.progress(ts, day)
            except planning.AssessmentError as exc:
                return {"error": str(exc), "rows": []}
            return {"error": "", "rows": [
                {"indicator": r.indicator, "name": getattr(specs.get(r.indicator), "name", r.indicator),
                 "unit": getattr(specs.get(r.indicator), "unit", ""), "target": planning.json_number(r.target),
                 "actual": planning.json_number(r.actual) if r.actual is not None else 0,
                 "percent": float(r.ratio) * 100, "status": r.status, "tag": STATUS_TAGS.get(r.status, ""),
                 "lower_is_better": r.lower_is_better}
                for r in found if r.region == region.code]}
        return cached_section(("targets", ts.id, ts.version, str(ts.updated_at), region.code, day.isoformat()), rows)

    out = []
    for ts in sets:
        result = build(ts)
        if result["rows"] or result["error"]:
            out.append({"code": ts.code, "name": ts.name, "as_of": day, "url": f"/planning/targets/{ts.code}/",
                        "error": result["error"], "rows": result["rows"],
                        "late": sum(1 for r in result["rows"] if r["status"] == "滞后")})
    return out


def overdue_task_flags(user, region=None) -> dict:
    """Overdue rectification tasks (planning's selector), in the region's subtree when given: the count
    and, per round, how many with a link to the round's task list (one grouped query)."""
    from django.db.models import Count

    from qualitybrand.planning.selectors import overdue_tasks

    qs = overdue_tasks(user)
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    groups = list(qs.order_by().values("round_id", "round__scheme__name", "round__kind")
                  .annotate(n=Count("id")).order_by("round_id"))
    return {"count": sum(g["n"] for g in groups),
            "rounds": [{"name": f"{g['round__scheme__name']}（{g['round__kind']}）", "count": g["n"],
                        "url": f"/planning/rounds/{g['round_id']}/tasks/"} for g in groups]}


def shortfall_flags(user, region) -> list[dict]:
    """后备不足 rows of cultivation's pipeline under `region`, cached by data version (the pipeline
    evaluates the recognition rules, too heavy to run on every dashboard request)."""
    from qualitybrand.core import clock
    from qualitybrand.cultivation.selectors import pipeline_shortfalls

    def build():
        return [{"program": r["program"].name, "program_code": r["program"].code, "region": r["region"].name,
                 "region_code": r["region"].code, "eligible": r["eligible_next"], "target": r["target"]}
                for r in pipeline_shortfalls(user, region)]
    return cached_section(("shortfalls", region.code, clock.today().isoformat()), build)
