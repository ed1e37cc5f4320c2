"""The county's campaign work: a section of 工作清单 (core.landing) with its open tasks, and a 待办 item
(core.inbox) when some are overdue. Registered in CampaignsConfig.ready()."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.campaigns import selectors
from qualitybrand.core import clock, inbox, landing

SHOWN = 8


def worklist_section(user) -> landing.Section | None:
    qs = selectors.open_tasks(user)
    tasks = list(qs[:SHOWN])
    if not tasks:
        return None
    total = qs.count()
    today = clock.today()
    rows = []
    for t in tasks:
        late = selectors.is_overdue(t, today)
        rows.append([landing.Cell(t.campaign.title, t.campaign.get_absolute_url()),
                     landing.Cell(t.content[:40], reverse("campaigns:task", args=[t.pk])),
                     landing.Cell(f"{t.due:%Y-%m-%d}", tone="red" if late else ""),
                     landing.Cell("逾期" if late else t.status, tone="red" if late else "orange")])
    return landing.Section("专项整治任务", ["专项整治", "任务", "完成时限", "状态"], rows, total=total, unit="项",
                           more_url=reverse("campaigns:list") + "?status=实施中", order=60,
                           note="报送进展和佐证材料；完成后勾选“任务已完成”。")


def inbox_items(user) -> list[inbox.Item]:
    if getattr(user, "role", "") != "county":
        return []
    _, late = selectors.overdue_counts(user)
    if not late:
        return []
    return [inbox.Item("逾期的专项整治任务", landing.PAGES["worklist"][0], count=late, overdue=True)]
