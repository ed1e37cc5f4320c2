"""The leader's screen (领导大屏): the dashboard's figures full-screen for a projector, with a county
carousel and auto-refresh. The figures are `dashboard.screen_data` (the engine's values, cached per data
version); the page polls `screen_state` for the data version and reloads the figures only when it moved."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from qualitybrand.core import clock
from qualitybrand.core.changelog import data_version
from qualitybrand.core.scoping import regions_in_scope
from qualitybrand.indicators.cache import request_scope
from qualitybrand.indicators.selectors import figure_selection
from qualitybrand.reports.dashboard import COMPARE_CODES, screen_data

DEFAULT_REFRESH = 60      # seconds between two looks at the data version
DEFAULT_CAROUSEL = 15     # seconds a county stays on the carousel
MAX_SECONDS = 3600
THEMES = ("light", "dark")


def _seconds(request, name: str, default: int) -> tuple[int, str]:
    """A whole number of seconds from the query (0 = off), or the default with a Chinese note saying why."""
    text = request.GET.get(name, "").strip()
    if not text:
        return default, ""
    if not text.isdecimal() or int(text) > MAX_SECONDS:
        label = {"refresh": "自动刷新间隔", "carousel": "轮播间隔"}[name]
        return default, f"{label}“{text[:20]}”无效：应为 0–{MAX_SECONDS} 之间的整数秒（0 为关闭），已按 {default} 秒显示。"
    return int(text), ""


def counties_of(region) -> list:
    """The regions the carousel cycles through: the region's children above 乡镇街道 (the dashboard's
    comparison rows)."""
    from qualitybrand.core.models import Region

    return list(Region.objects.filter(parent=region).exclude(kind="乡镇街道").order_by("code"))


@login_required
def screen(request):
    """`/reports/screen/?region=&year=&theme=dark&refresh=60&carousel=15`: the full-screen page."""
    region, year = figure_selection(request)  # office roles and leaders, the region within the user's scope
    if region is None:
        return render(request, "reports/screen.html", {"empty": True, "year": year, "today": clock.today()})
    refresh, refresh_note = _seconds(request, "refresh", DEFAULT_REFRESH)
    carousel, carousel_note = _seconds(request, "carousel", DEFAULT_CAROUSEL)
    theme = request.GET.get("theme") if request.GET.get("theme") in THEMES else ""
    with request_scope():
        data = screen_data(region, year)
    counties = counties_of(region)
    cards = {c["code"]: c for c in data["cards"]}
    return render(request, "reports/screen.html", {
        "region": region, "year": year, "data": data, "cards": data["cards"], "today": clock.today(),
        "version": data_version(), "counties": counties, "theme": theme, "refresh": refresh, "carousel": carousel,
        "notes": [n for n in (refresh_note, carousel_note) if n],
        "carousel_cards": [cards[c] for c in COMPARE_CODES if c in cards],
        "compare_series": _compare_series(data), "compare_rows": _compare_rows(data, _compare_series(data)),
        "trend_rows": _trend_rows(data), "inspection_rows": _inspection_rows(data),
        "config": {
            "region": region.code, "year": year, "version": data_version(), "refresh": refresh,
            "carousel": carousel, "theme": theme, "carouselCodes": COMPARE_CODES,
            "counties": [{"code": c.code, "name": c.name} for c in counties],
            "stateUrl": reverse("reports:screen_state") + f"?region={region.code}",
            "figuresUrl": reverse("reports:screen_figures", kwargs={"code": "CODE"}) + f"?year={year}",
        },
    })


def _compare_series(data) -> dict | None:
    """The comparison the screen draws: 有效注册商标 by county (the dashboard's chart too)."""
    series = data["chart"]["compare"]["series"]
    return next((s for s in series if s["code"] == "tm.valid"), series[0] if series else None)


def _text(code, value) -> str:
    from qualitybrand.indicators import catalog
    from qualitybrand.indicators.selectors import format_value

    return format_value(catalog.get(code), value)


def _compare_rows(data, series) -> list[dict]:
    """The comparison chart's figures as a list for screen readers (county, value, link)."""
    if series is None:
        return []
    regions = data["chart"]["compare"]["regions"]
    return [{"name": name, "text": _text(series["code"], v), "url": u}
            for name, v, u in zip(regions, series["values"], series["urls"], strict=True)]


def _inspection_rows(data) -> list[dict]:
    """The pass rates by level as a list for screen readers."""
    insp = data["chart"]["inspection"]
    return [{"name": name, "text": _text("insp.pass_rate", v), "url": u}
            for name, v, u in zip(insp["levels"], insp["values"], insp["urls"], strict=True)]


def _trend_rows(data) -> list[dict]:
    """The trend chart's figures as a list for screen readers (indicator, year, value, link)."""
    chart = data["chart"]
    return [{"name": t["name"], "year": y, "text": _text(t["code"], v), "url": u}
            for t in chart["trends"] for y, v, u in zip(chart["years"], t["values"], t["urls"], strict=True)]


@login_required
@never_cache
def screen_figures(request, code: str):
    """`/reports/screen/figures/<code>/?year=`: one region's figures as JSON (the carousel's county, or the
    screen's own region after the data changed). A region outside the user's scope is not found."""
    _region, year = figure_selection(request)  # refuses roles without figures (403), checks ?year
    region = regions_in_scope(request.user).filter(code=code).exclude(kind="乡镇街道").first()
    if region is None:
        raise Http404("区划不存在或不在您的管辖范围内。")
    with request_scope():
        data = screen_data(region, year)
    return JsonResponse(dict(data, version=data_version()), json_dumps_params={"ensure_ascii": False})


@login_required
@never_cache
def screen_state(request):
    """`/reports/screen/state/?region=`: the data version (what the screen polls), today and the region."""
    region, _year = figure_selection(request)
    return JsonResponse({"version": data_version(), "today": clock.today().isoformat(),
                         "region": region.code if region is not None else None},
                        json_dumps_params={"ensure_ascii": False})
