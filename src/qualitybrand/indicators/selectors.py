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


# --- figures as the pages show them (the catalog here, the dashboard and documents in reports) ----

def figure_selection(request):
    """(region, year) from query params, else the shell's selection; limited to the user's scope."""
    from django.core.exceptions import PermissionDenied

    from qualitybrand.core import clock
    from qualitybrand.core.selection import current_selection, scope_regions

    if not may_read_figures(request.user):
        raise PermissionDenied("您的角色不能查看区域指标。")
    regions = scope_regions(request.user)
    shell = current_selection(request)
    region = shell.get("qb_region")
    year = shell.get("qb_year") or clock.today().year
    code = request.GET.get("region")
    if code:
        region = regions.filter(code=code).first()
        if region is None:
            raise PermissionDenied(f"区划 {code} 不存在或不在您的管辖范围内。")
    if request.GET.get("year"):
        try:
            year = parse_year(request.GET["year"])
        except BadRequest as exc:
            raise PermissionDenied(str(exc)) from None
    return region, int(year)


def figure(spec, value, region, period, previous=None):
    """A figure as the pages show it: the value, its text, the link to its records, and the change on
    `previous` when given."""
    from qualitybrand.indicators.drilldown import drilldown

    fig = {"code": spec.code, "name": spec.name, "unit": spec.unit, "value": value, "definition": spec.definition,
           "text": format_value(spec, value), "url": drilldown(spec.code, region, period, spec), "direction": spec.direction,
           "kind": spec.kind}
    if previous is not None or value is not None:
        fig["previous"] = format_value(spec, previous)
        if value is not None and previous is not None:
            delta = value - previous
            fig["delta"] = delta
            sign = "+" if delta > 0 else ""
            if spec.unit == "%":
                fig["delta_text"] = f"{sign}{format_value(spec, delta).rstrip('%')} 个百分点"
            else:
                fig["delta_text"] = f"{sign}{format_value(spec, delta)}"
            better = (delta > 0) if spec.direction == "higher" else (delta < 0)
            fig["trend"] = "flat" if delta == 0 else ("good" if better else "bad")
    return fig



