"""待办 of 交办任务 (core.inbox), registered in AssignmentsConfig.ready(): an assignee's open tasks
(overdue marked) and, for the office, the 办结报告 awaiting its acceptance."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from qualitybrand.assignments import selectors
from qualitybrand.core import inbox


def inbox_items(user) -> list[inbox.Item]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    n_mine, n_late, waiting = selectors.inbox_counts(user)
    items = []
    if n_mine:
        label = f"待办理的交办任务（{n_late} 项逾期）" if n_late else "待办理的交办任务"
        items.append(inbox.Item(label, reverse("assignments:mine"), n_mine, overdue=bool(n_late)))
    if waiting:
        items.append(inbox.Item("待验收的交办任务", reverse("assignments:list") + "?" + urlencode({"state": "办理中"}), waiting))
    return items
