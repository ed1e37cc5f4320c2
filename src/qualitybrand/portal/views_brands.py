"""品牌名录 on the portal: recognised brands valid today (portal/brands.py), searched by name, full
pinyin and initials, filtered by tier, program and region; public fields only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse
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


_PAGES: dict[tuple, bytes] = {}


def rendered(request, version: int, build):
    """The page's body kept in this process per data version, day and address (these pages hold no
    token and nothing of the visitor); built afresh inside a transaction (tests) or when version is 0."""
    if not version or connection.in_atomic_block or request.user.is_authenticated:
        return build()
    key = (version, clock.today().isoformat(), request.get_full_path())
    body = _PAGES.get(key)
    if body is None:
        response = build()
        if response.status_code != 200 or response.cookies or b"csrfmiddlewaretoken" in response.content:
            return response  # only what is the same for every visitor is kept
        if len(_PAGES) > 500 or any(k[:2] != key[:2] for k in list(_PAGES)[:1]):
            _PAGES.clear()
        body = _PAGES[key] = response.content
    return HttpResponse(body)


def brands(request):
    version, index = directory.snapshot()

    def build():
        params = {k: (request.GET.get(k) or "").strip()[:50] for k in ("q", "tier", "program", "region")}
        rows = directory.search(params["q"], tier=params["tier"], program=params["program"], region=params["region"],
                                index=index)
        page = get_page(Paginator(rows, PER_PAGE), request.GET.get("page"))
        query = urlencode({k: v for k, v in params.items() if v})
        return render(request, "portal/brands.html", {
            "page": page, "total": len(rows), "params": params, "tiers": TIERS, "today": clock.today(),
            "programs": index.programs, "regions": index.regions, "query": query})

    return _cacheable(rendered(request, version, build))


def brand(request, pk: int):
    version, index = directory.snapshot()
    found = directory.find(pk, index)
    if found is None:
        raise Http404("该品牌不在名录中（可能已过有效期）。")
    return _cacheable(rendered(request, version, lambda: render(request, "portal/brands_detail.html", {"b": found})))
