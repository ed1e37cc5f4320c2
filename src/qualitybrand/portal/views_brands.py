"""品牌名录 on the portal: recognised brands valid today (portal/brands.py), searched by name, full
pinyin and initials, filtered by tier, program and region; public fields only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode

from qualitybrand.core import clock
from qualitybrand.core.paging import get_page

from . import brands as directory

PER_PAGE = 20
TIERS = ["国家", "省", "市"]


def _cacheable(response):
    response["Cache-Control"] = "public, max-age=300"
    return response


def brands(request):
    params = {k: (request.GET.get(k) or "").strip()[:50] for k in ("q", "tier", "program", "region")}
    everything = directory.directory()
    rows = directory.search(params["q"], tier=params["tier"], program=params["program"], region=params["region"])
    programs = sorted({(b.program_code, b.program, b.tier) for b in everything},
                      key=lambda p: (directory.LEVEL_ORDER.get(p[2], 9), p[1]))
    regions = sorted({(b.region_code, b.region) for b in everything})
    page = get_page(Paginator(rows, PER_PAGE), request.GET.get("page"))
    query = urlencode({k: v for k, v in params.items() if v})
    return _cacheable(render(request, "portal/brands.html", {
        "page": page, "total": len(rows), "params": params, "tiers": TIERS, "today": clock.today(),
        "programs": [{"code": c, "name": n} for c, n, _ in programs],
        "regions": [{"code": c, "name": n} for c, n in regions], "query": query}))


def brand(request, pk: int):
    found = directory.find(pk)
    if found is None:
        raise Http404("该品牌不在名录中（可能已过有效期）。")
    return _cacheable(render(request, "portal/brands_detail.html", {"b": found}))
