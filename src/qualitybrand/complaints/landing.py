"""The county's 工作清单 section (open complaints by deadline, working days left) and the 待办 item
for overdue ones (core/landing.py, core/inbox.py; registered in ComplaintsConfig.ready())."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import clock, inbox, landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role

SHOWN = 20


def county_complaints(user):
    from . import selectors

    if getattr(user, "role", "") != Role.COUNTY:
        return None
    rows = selectors.open_by_deadline(user, clock.today())
    if not rows:
        return None
    cells = [[Cell(c.number, c.get_absolute_url()), Cell(c.category), Cell(c.respondent or "—"),
              Cell(c.status), Cell(f"{info.label} {info.due:%Y-%m-%d}" if info.due else "—"),
              Cell(info.text, tone=info.tone)] for c, info in rows[:SHOWN]]
    overdue = sum(1 for _, info in rows if info.overdue)
    return Section("投诉举报（按办理期限）", ["登记编号", "类别", "被投诉人", "状态", "当前期限", "期限情况"], cells,
                   more_url=reverse("complaints:list") + "?status=", total=len(rows), unit="件",
                   note=f"未办结 {len(rows)} 件，其中超期 {overdue} 件；期限按工作日计算。")


def overdue_items(user) -> list[inbox.Item]:
    from . import selectors

    if not has_scoped_role(user, {Role.COUNTY, Role.CITY_ADMIN}):
        return []
    count = len(selectors.overdue_ids(selectors.complaints_for(user), clock.today()))
    if not count:
        return []
    return [inbox.Item("超期未办结的投诉举报", reverse("complaints:list") + "?overdue=1", count, overdue=True)]


def register() -> None:
    landing.register("worklist", county_complaints, order=12)
    inbox.register(overdue_items)
