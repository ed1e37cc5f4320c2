"""本企业 (core/landing.py): the enterprise's latest trace events, a link to each batch's tree and the
entry form for its own events."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role


def company_trace(user):
    from qualitybrand.tracing.models import TraceEvent

    if getattr(user, "role", "") != Role.ENTERPRISE or not user.entity_id:
        return None
    qs = TraceEvent.objects.for_user(user).select_related("counterparty").order_by("-occurred", "-id")
    events = list(qs[:10])
    rows = [[Cell(e.occurred.isoformat(), e.get_absolute_url()), Cell(e.kind),
             Cell(f"{e.product}（批次 {e.batch}）"), Cell(e.trace_code, e.trace_unit.get_absolute_url()),
             Cell(e.counterparty_label or "—", e.counterparty.get_absolute_url() if e.counterparty_id else ""),
             Cell(f"{e.quantity.normalize():f} {e.unit}".strip() if e.quantity is not None else "—", num=True)]
            for e in events]
    return Section("产品追溯", ["事件日期", "事件类型", "产品（批次）", "追溯码", "对方", "数量"], rows,
                   empty="尚未录入追溯事件。", more_url=reverse("tracing:events-create"), more_label="录入追溯事件",
                   total=qs.count() if len(events) == 10 else None,
                   note="录入本企业的生产、购进、销售事件；点击追溯码查看该批次的直接供货方和购买方。")


def register() -> None:
    landing.register("company", company_trace, order=40)
