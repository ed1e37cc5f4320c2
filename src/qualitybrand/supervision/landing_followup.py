"""Where the follow-ups show outside their own pages: the county's 工作清单 section, the enterprise's
本企业 section (with the way to upload its 整改报告), the 待办 items of overdue follow-ups, and the
buttons on a failed batch's and an entity's detail pages."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import clock, landing
from qualitybrand.core.inbox import Item
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role

LIMIT = 20


def _cells(row, deadline: str, action: str) -> list[Cell]:
    i = row.inspection
    url = reverse("supervision:followup-detail", args=[i.pk])
    return [Cell(i.number, url), Cell(i.entity.name, i.entity.get_absolute_url()), Cell(i.product_category),
            Cell(row.status, tone=row.tone), Cell(deadline or "—", tone="red" if row.overdue else ""), Cell(action, url)]


def county_followups(user):
    """Overdue follow-ups first, then those with the nearest deadline (a few queries)."""
    from qualitybrand.supervision import selectors_followup as sel
    from qualitybrand.supervision.views_followup import _deadline_text

    if getattr(user, "role", "") != Role.COUNTY:
        return None
    today = clock.today()
    open_qs = sel.failed_batches(user).filter(sel.open_q())
    overdue = list(open_qs.filter(sel.overdue_q(today)).order_by("sampled", "id")[:LIMIT])
    rest = list(open_qs.exclude(pk__in=[i.pk for i in overdue]).order_by("-sampled", "-id")[:LIMIT - len(overdue)])
    rows = sel.rows_of(overdue + rest, today)
    if not rows:
        return None
    total = open_qs.count()
    hidden = sel.historical_count(user)
    note = f"未办结 {total} 批次，其中逾期 {sel.overdue_count(user, today)} 批次。"
    note += f"另有历史批次 {hidden} 个，未纳入平台后处理，不在此列。" if hidden else ""
    return Section("抽查后处理", ["抽检编号", "被抽查单位", "产品类别", "状态", "处理期限", "操作"],
                   [_cells(r, _deadline_text(r), "办理") for r in rows],
                   more_url=reverse("supervision:followup-list") + "?overdue=1" if overdue
                   else reverse("supervision:followup-list"), more_label="全部抽查后处理",
                   total=total, unit="批次", note=note)


def company_followups(user):
    """The enterprise's own failed batches still open (or closed within the year), with what to do."""
    from qualitybrand.supervision import selectors_followup as sel
    from qualitybrand.supervision.views_followup import _deadline_text

    if getattr(user, "role", "") != Role.ENTERPRISE:
        return None
    rows = sel.rows_of(list(sel.failed_batches(user).filter(sel.open_q()).order_by("-sampled", "-id")[:LIMIT]))
    if not rows:
        return None
    todo = {"整改中": "提交整改报告"}
    return Section("抽查不合格整改", ["抽检编号", "被抽查单位", "产品类别", "状态", "处理期限", "操作"],
                   [_cells(r, _deadline_text(r), todo.get(r.status, "查看")) for r in rows],
                   more_url=reverse("supervision:followup-list"), more_label="全部抽查后处理",
                   note="收到责令整改通知书后，请在整改期限内完成整改，并在此提交整改报告；市场监管部门随后复查。")


def inbox_items(user) -> list[Item]:
    from qualitybrand.supervision import selectors_followup as sel

    role = getattr(user, "role", "")
    if role in (Role.COUNTY, Role.CITY_ADMIN) or user.is_superuser:
        n = sel.overdue_count(user)
        return [Item("逾期的抽查后处理", reverse("supervision:followup-list") + "?overdue=1", n, overdue=True)] if n else []
    if role == Role.ENTERPRISE:
        n = sel.failed_batches(user).filter(followup__status="整改中").count()
        return [Item("待提交的整改报告", reverse("supervision:followup-list") + "?status=整改中", n)] if n else []
    return []


def batch_links(inspection, user):
    if inspection.conclusion != "不合格":
        return []
    return [("抽查后处理", reverse("supervision:followup-detail", args=[inspection.pk]))]


def entity_links(entity, user):
    from qualitybrand.supervision.models import Inspection

    if not Inspection.objects.for_user(user).filter(entity=entity, conclusion="不合格").exists():
        return []
    return [("抽查后处理", reverse("supervision:followup-list") + f"?entity={entity.pk}")]


def register() -> None:
    from qualitybrand.core import inbox
    from qualitybrand.registry.views import ENTITIES
    from qualitybrand.supervision.views import INSPECTIONS

    landing.register("worklist", county_followups, order=10)
    landing.register("company", company_followups, order=12)
    inbox.register(inbox_items)
    INSPECTIONS.add_links(batch_links)
    ENTITIES.add_links(entity_links)
