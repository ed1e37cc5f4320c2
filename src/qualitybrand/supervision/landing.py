"""What supervision shows on the role pages (core/landing.py): the enterprise's own blacklist entries
with their status and the way to credit repair; the county's repair applications waiting for the city."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import clock, landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role


def company_blacklist(user):
    """Only when the enterprise has ever been listed (no empty section for everyone else)."""
    from qualitybrand.supervision import selectors
    from qualitybrand.supervision.models import BlacklistEntry
    from qualitybrand.supervision.views_repair import apply_link

    if getattr(user, "role", "") != Role.ENTERPRISE:
        return None
    entries = list(selectors.with_pending_repair(BlacklistEntry.objects.for_user(user).select_related("entity"))
                   .order_by("-listed", "-id")[:20])
    if not entries:
        return None
    today = clock.today()
    rows = []
    for e in entries:
        status, tone = selectors.entry_status(e, today)
        link = apply_link(e, user) if status == "公示中" and today >= selectors.repair_possible_from(e.listed) else []
        rows.append([Cell(e.listed.isoformat(), e.get_absolute_url()), Cell(e.reason), Cell(status, tone=tone),
                     Cell(e.public_until.isoformat()),
                     Cell(link[0][0], link[0][1]) if link else Cell("查看", e.get_absolute_url())])
    return Section("严重违法失信名单与信用修复", ["列入日期", "列入事由", "状态", "公示截止", "操作"], rows,
                   more_url=reverse("supervision:repair-list"), more_label="我的信用修复申请",
                   note="列入满 1 年后，可提交整改完成证明、履行处罚证明和信用承诺书申请信用修复。")


def county_repairs(user):
    from qualitybrand.supervision import selectors
    from qualitybrand.supervision.models import RepairState

    if getattr(user, "role", "") != Role.COUNTY:
        return None
    qs = selectors.repairs_for(user).filter(state=RepairState.PENDING).order_by("due", "id")
    apps = list(qs[:20])
    if not apps:
        return None
    today = clock.today()
    rows = [[Cell(a.entity.name, a.get_absolute_url()), Cell(a.submitted.isoformat()),
             Cell(a.due.isoformat() if a.due else "待定"),
             Cell("逾期" if selectors.is_overdue(a, today) else "待市级决定",
                  tone="red" if selectors.is_overdue(a, today) else "orange")] for a in apps]
    return Section("辖区信用修复申请（待市级决定）", ["主体", "申请日期", "办理期限", "状态"], rows,
                   more_url=reverse("supervision:repair-list") + "?state=待审核")


def register() -> None:
    landing.register("company", company_blacklist, order=15)
    landing.register("worklist", county_repairs, order=60)
