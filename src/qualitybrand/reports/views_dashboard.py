"""The dashboard page (指标与看板) and its lazily loaded 后备不足 panel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from qualitybrand.core import clock
from qualitybrand.core.changelog import data_version
from qualitybrand.indicators.cache import request_scope
from qualitybrand.indicators.periods import reporting_period
from qualitybrand.indicators.selectors import figure_selection
from qualitybrand.reports.dashboard import (
    COMPARE_CODES,
    dashboard_figures,
    overdue_task_flags,
    shortfall_flags,
    target_progress_rows,
)


@login_required
def dashboard(request):
    """The figures (the same for everyone who may see the region) are rendered once per data version and
    cached as HTML; the sections that depend on the user's scope (target sets, overdue tasks) are read live
    with a few queries, and the pipeline's 后备不足 flags come from a data-version cache too."""
    from django.utils.safestring import mark_safe

    region, year = figure_selection(request)
    if region is None:
        return render(request, "reports/dashboard.html", {"empty": True, "year": year})
    rank_code = request.GET.get("rank") if request.GET.get("rank") in COMPARE_CODES else "tm.per100"
    with request_scope():  # the catalog, region tree and data version read once (indicators/cache.py)
        cards_html, figures_html = dashboard_figures(region, year, rank_code)
        return render(request, "reports/dashboard.html", {
            "region": region, "year": year, "trend_years": list(range(year - 4, year + 1)),
            "period": reporting_period(year),
            "cards_html": mark_safe(cards_html), "figures_html": mark_safe(figures_html),  # noqa: S308 — our render
            "target_sets": target_progress_rows(request.user, region, year),
            "overdue": overdue_task_flags(request.user, region),
            "today": clock.today(), "version": data_version(),  # the printed page's header line
        })


@login_required
def shortfalls_panel(request):
    """The pipeline's 后备不足 flags, which the dashboard loads once it is shown: they evaluate the
    recognition rules of every program (cached by data version and precomputed after imports, but a
    first reader must not wait for them to see the figures)."""
    region, _year = figure_selection(request)
    if region is None:
        return HttpResponse("")
    return render(request, "reports/_shortfall_flag.html",
                  {"shortfalls": shortfall_flags(request.user, region), "region": region})
