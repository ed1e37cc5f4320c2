"""Pages of tracing: the events list, entry form and detail (a RecordPage, sharing the API's filters,
scoping and writes), the unit page with its 追踪 / 溯源 trees and export, and the search by unit."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from qualitybrand.core import exports
from qualitybrand.core.listing import AREAS, Col, RecordPage
from qualitybrand.core.resources import may_write
from qualitybrand.tracing import api
from qualitybrand.tracing import selectors_pages as sp

AREAS.setdefault("tracing", "监管闭环")  # the work area in the breadcrumb of the record pages


def event_tags(e):
    return [(e.kind, {"生产": "blue", "购进": "green", "销售": "orange"}.get(e.kind, "grey"))]


def event_links(e, user):
    return [("追溯树", e.trace_unit.get_absolute_url())]


EVENTS = RecordPage(
    "tracing", "events", "追溯事件", api.TraceEventViewSet,
    columns=[Col("number", "事件编号", "number", link=True), Col("status", "事件类型", kind="tag"),
             Col("entity.name", "主体", "entity"), Col("product", "产品名称", "product"), Col("batch", "批次号"),
             Col("trace_unit.name", "追溯码", "trace_code"), Col("counterparty_ref.name", "对方"),
             Col("occurred", "事件日期", "occurred"), Col("quantity", "数量", kind="amount"), Col("unit", "计量单位"),
             Col("region", "区划", "region", kind="region")],
    filters=["code", "product", "batch", "entity", "kind", "occurred_from", "occurred_to"], name_attr="number",
    codes=[("主体", "entity.name"), ("追溯码", "trace_unit.name"), ("产品名称", "product"), ("批次号", "batch")],
    ledger="trace_events", tags=event_tags, unit="条", links=event_links,
)

HOLDER_COLUMNS = [
    exports.Column("层级", "depth", "int"), exports.Column("追溯码", "trace_code", "text"),
    exports.Column("持有主体", "name", "text"),
    exports.Column("统一社会信用代码", lambda n: n.entity.uscc if n.entity else "", "text"),
    exports.Column("区划", lambda n: n.entity.region.name if n.entity else "", "text"),
    exports.Column("区划代码", lambda n: n.entity.region.code if n.entity else "", "text"),
    exports.Column("来自（上一层主体）", "parent_name", "text"),
    exports.Column("数量", "quantity", "number"), exports.Column("计量单位", "unit", "text"),
    exports.Column("最早日期", "first_date", "date"),
]


@login_required
def unit_search(request):
    """The search box: a 追溯码 opens its page; product + batch lists the matching units."""
    code = "".join(request.GET.get("code", "").split())
    product, batch = request.GET.get("product", "").strip(), request.GET.get("batch", "").strip()
    if code:
        return redirect("tracing:unit", code=code)
    units = sp.find_units(request.user, product, batch) if (product or batch) else []
    if len(units) == 1:
        return redirect("tracing:unit", code=units[0]["code"])
    return render(request, "tracing/search.html", {
        "product": product, "batch": batch, "units": units, "searched": bool(product or batch),
        "list_href": reverse("tracing:events-list")})


@login_required
def unit_page(request, code: str):
    view = sp.unit_view(request.user, code)
    if view is None:
        raise Http404("没有该追溯码的追溯事件，或它不在您的管辖范围内。")
    fmt = exports.export_format(request)
    if fmt:
        return exports.export_response(fmt, f"追溯码{code}下游持有主体", HOLDER_COLUMNS, view.holders,
                                       filters=[("追溯码", code), ("产品名称", view.product), ("批次号", view.batch)],
                                       place=exports.place_of(request.user))
    tab = request.GET.get("tab", "down")
    tab = tab if tab in ("down", "up") else "down"
    rows = view.down if tab == "down" else view.up
    holders = view.holders
    return render(request, "tracing/unit.html", {
        "view": view, "tab": tab, "rows": rows, "code": code, "code_value": code,
        "holder_count": len({(h.trace_code, h.entity.pk if h.entity else h.name) for h in holders if h.depth > 0}),
        "regions": sorted({h.entity.region.name for h in holders if h.entity}),
        "max_depth": max((r.depth for r in view.down), default=0),
        "events_href": reverse("tracing:events-list") + "?" + urlencode({"code": code}),
        "export_href": "?" + urlencode({"export": "xlsx"}), "export_csv_href": "?" + urlencode({"export": "csv"}),
        "list_href": reverse("tracing:events-list"),
        "may_write": may_write(request.user, api.TraceEventViewSet),
    })
