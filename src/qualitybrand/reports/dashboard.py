"""The dashboard's content (the top floor): its figures from the engine, rendered once per data version
into the cache every worker shares, and the sections read from the areas above the engine (target
progress from planning, overdue rectification tasks, cultivation's 后备不足 flags). Documents and the
leader's screen read the same figures from here."""

from __future__ import annotations

from django.template.loader import render_to_string

from qualitybrand.core import clock
from qualitybrand.indicators import catalog
from qualitybrand.indicators.cache import request_scope
from qualitybrand.indicators.drilldown import drilldown
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import reporting_period
from qualitybrand.indicators.selectors import figure, format_value, inspection_by_product

KEY_FIGURES = ["entity.count", "tm.valid", "tm.per100", "tm.registrations", "insp.pass_rate", "patent.applications",
               "patent.invention_valid", "cert.valid", "std.published", "case.closed", "incident.count",
               "pledge.amount"]
TREND_CODES = ["tm.valid", "tm.registrations", "insp.pass_rate", "patent.applications", "patent.grants"]
CREDIT_CODES = ["credit.grade.a", "credit.grade.b", "credit.grade.c", "credit.grade.d"]
COMPARE_CODES = ["entity.count", "tm.valid", "tm.per100", "insp.pass_rate", "patent.applications", "case.closed"]
LEVELS = [("national", "国家"), ("provincial", "省"), ("city", "市"), ("county", "县")]




def dashboard_figures(region, year: int, rank_code: str = "tm.per100") -> tuple[str, str]:
    """The dashboard's figures as HTML (cards, figures), the same for everyone who may see the region:
    rendered once per data version in the cache every worker shares (and by the precompute task)."""
    def build():
        context = _figures_context(region, year, rank_code)
        return (render_to_string("reports/_dashboard_cards.html", context),
                render_to_string("reports/_dashboard_figures.html", context))

    with request_scope(years=range(year - 4, year + 1)):
        return cached_section(figures_key(region, year, rank_code), build)


def screen_data(region, year: int) -> dict:
    """The same figures as plain data (the leader's screen and its county carousel): the key figures with
    their texts and drill-downs, and the chart data with a URL per point. Built from `_figures_context`
    (the engine's values), cached per data version like `dashboard_figures`."""
    def build():
        context = _figures_context(region, year, "tm.per100")
        period = context["period"]
        card_keys = ("code", "name", "unit", "value", "text", "url", "definition", "previous", "delta_text", "trend")
        return {"region": {"code": region.code, "name": region.name}, "year": year,
                "period": {"label": period.label(), "start": period.start.isoformat(), "end": period.end.isoformat()},
                "compare_label": context["compare_label"],
                "cards": [{k: _plain(card.get(k)) for k in card_keys} for card in context["cards"]],
                "chart": _plain(context["chart"])}

    with request_scope(years=range(year - 4, year + 1)):
        return cached_section(screen_key(region, year), build)


def screen_key(region, year: int) -> tuple:
    return ("screen", region.code, year, clock.today().isoformat())


def _plain(value):
    """JSON-ready: Decimals as floats (amounts), containers walked."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def figures_key(region, year: int, rank_code: str = "tm.per100") -> tuple:
    return ("figures", region.code, year, rank_code, clock.today().isoformat())


def _figures_context(region, year: int, rank_code: str) -> dict:
    from qualitybrand.core.models import Region
    from qualitybrand.registry.models import Program

    period = reporting_period(year)
    before = period.same_span_a_year_before()
    specs = catalog.specs_by_code()
    children = list(Region.objects.filter(parent=region).exclude(kind="乡镇街道").order_by("code"))
    programs = list(Program.objects.order_by("id"))
    brand_codes = [f"rec.valid.{p.code}" for p in programs] + [f"rec.share.{p.code}" for p in programs]
    codes = list(dict.fromkeys(KEY_FIGURES + COMPARE_CODES + brand_codes
                               + [f"insp.{slug}.pass_rate" for slug, _ in LEVELS]
                               + [f"insp.{slug}.batches" for slug, _ in LEVELS] + CREDIT_CODES))
    now = compute(codes, period, regions=[region] + children)
    prev = compute(KEY_FIGURES, before, regions=[region])
    cards = [figure(specs[c], now[(c, region.code)], region, period, prev[(c, region.code)]) for c in KEY_FIGURES]

    trend_years = list(range(year - 4, year + 1))
    trend_periods = {y: reporting_period(y) for y in trend_years}
    trend_values = {y: compute(TREND_CODES, trend_periods[y], regions=[region]) for y in trend_years}
    trends = [{"code": c, "name": specs[c].name, "unit": specs[c].unit, "definition": specs[c].definition,
               "values": [trend_values[y][(c, region.code)] for y in trend_years],
               "cells": [{"text": format_value(specs[c], trend_values[y][(c, region.code)]),
                          "url": drilldown(c, region, trend_periods[y], specs[c])} for y in trend_years]} for c in TREND_CODES]

    comparison = []
    for child in children:
        row = {"region": child, "figures": [figure(specs[c], now[(c, child.code)], child, period)
                                            for c in COMPARE_CODES]}
        comparison.append(row)
    rank_index = COMPARE_CODES.index(rank_code)
    ranking = sorted(comparison, key=lambda r: (r["figures"][rank_index]["value"] is None,
                                                -(r["figures"][rank_index]["value"] or 0)))

    tiers = []
    for kind, title in (("商标", "商标品牌"), ("产品", "名牌产品"), ("企业", "质量奖")):
        levels = []
        for level in ("国家", "省", "市"):
            for p in programs:
                if p.object_kind == kind and p.level == level:
                    code = f"rec.valid.{p.code}"
                    share = f"rec.share.{p.code}"
                    levels.append(dict(figure(specs[code], now[(code, region.code)], region, period),
                                       program=p.name,
                                       share=figure(specs[share], now[(share, region.code)], region, period)))
        if levels:
            tiers.append({"title": title, "levels": levels})

    inspection = [dict(figure(specs[f"insp.{slug}.pass_rate"], now[(f"insp.{slug}.pass_rate", region.code)],
                               region, period), label=label,
                       batches=now[(f"insp.{slug}.batches", region.code)]) for slug, label in LEVELS]
    # Every bar or point carries the URL of the records behind it (`urls` parallel to `values`; None where
    # the figure is empty: nothing to open), the same drill-down as the figure in the tables.
    chart = {
        "years": [_trend_label(trend_periods[y]) for y in trend_years],
        "trends": [{"code": t["code"], "name": t["name"], "unit": t["unit"], "values": t["values"],
                    "urls": [_point_url(c["url"], v) for c, v in zip(t["cells"], t["values"], strict=True)]}
                   for t in trends],
        "compare": {"regions": [c.name for c in children], "codes": [c.code for c in children],
                    "series": [{"code": c, "name": specs[c].name, "unit": specs[c].unit,
                                "values": [now[(c, ch.code)] for ch in children],
                                "urls": [_point_url(row["figures"][k]["url"], now[(c, row["region"].code)])
                                         for row in comparison]}
                               for k, c in enumerate(COMPARE_CODES)]},
        "tiers": [{"title": t["title"], "items": [{"name": f["program"], "value": f["value"] or 0,
                                                   "url": _point_url(f["url"], f["value"])} for f in t["levels"]]}
                  for t in tiers],
        "inspection": {"levels": [i["label"] + "级" for i in inspection],
                       "values": [i["value"] for i in inspection],
                       "urls": [_point_url(i["url"], i["value"]) for i in inspection]},
    }
    return {
        "region": region, "year": year, "cards": cards, "trends": trends, "trend_years": trend_years,
        "comparison": comparison, "ranking": ranking, "rank_code": rank_code, "rank_spec": specs[rank_code],
        "rank_index": rank_index, "compare_specs": [specs[c] for c in COMPARE_CODES], "tiers": tiers,
        "inspection": inspection, "chart": chart, "period": period, "compare_label": before_label(period),
        "trend_labels": [_trend_label(trend_periods[y]) for y in trend_years],
        "products": inspection_by_product(region, period),
        "credit": [_credit_row(r, now, specs, period, r == region) for r in [region] + children],
    }


def _point_url(url, value):
    """A chart point opens its records; an empty figure (None) has none to open."""
    return None if value is None else url


def _credit_row(region, now, specs, period, whole: bool) -> dict:
    """A row of the grade distribution (credit.grade.*): the four grades with drill-downs, total, A share."""
    figures = [figure(specs[c], now[(c, region.code)], region, period) for c in CREDIT_CODES]
    total = sum(f["value"] or 0 for f in figures)
    share = f"{figures[0]['value'] * 100 / total:.1f}%" if total else "—"
    return {"region": region, "figures": figures, "total": total, "a_share": share, "whole": whole}


def before_label(period) -> str:
    return period.span_label()


def _trend_label(period) -> str:
    """A year's column heading; the current year says where it stops."""
    if period.is_whole_year:
        return str(period.start.year)
    return f"{period.start.year}（截至 {period.end.month} 月 {period.end.day} 日）"


# --- sections read from the areas above the engine (planning, cultivation) ------------------------

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
                for r in found if r.subject == region.code]}  # a region row, never a department's
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
    from qualitybrand.cultivation.selectors import pipeline_shortfalls

    def build():
        return [{"program": r["program"].name, "program_code": r["program"].code, "region": r["region"].name,
                 "region_code": r["region"].code, "eligible": r["eligible_next"], "target": r["target"]}
                for r in pipeline_shortfalls(user, region)]
    return cached_section(("shortfalls", region.code, clock.today().isoformat()), build)
