"""What 交办任务 shows on a department's 部门工作台 (core/landing.py), registered in
AssignmentsConfig.ready(): the tasks assigned to the user's department that still wait for it —
overdue ones first with how many days, then those the office returned, then the rest by deadline."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import clock, landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role

SHOWN = 20  # rows on the desk; the rest are on 我的任务


def _urgency(assignee, today) -> tuple:
    """Overdue first (most days late first), then returned, then by deadline."""
    from qualitybrand.assignments.models import Assignee

    late = (today - assignee.task.deadline).days if assignee.task.deadline < today else 0
    return (0 if late else 1 if assignee.state == Assignee.State.RETURNED else 2, -late, assignee.task.deadline,
            assignee.pk)


def _status(assignee, today) -> Cell:
    from qualitybrand.assignments.models import Assignee

    if assignee.task.deadline < today:
        return Cell(f"逾期 {(today - assignee.task.deadline).days} 天", tone="red")
    if assignee.state == Assignee.State.RETURNED:
        return Cell("被退回", tone="orange")
    if assignee.state == Assignee.State.SUBMITTED:
        return Cell("待验收", tone="blue")
    days = (assignee.task.deadline - today).days
    return Cell(f"剩 {days} 天" if days <= 7 else "办理中", tone="orange" if days <= 7 else "green")


def department_tasks(user):
    """The open tasks assigned to the user's department (of its region): not yet accepted, of tasks
    still being handled. One query (`selectors.my_assignees` scopes to the department)."""
    from qualitybrand.assignments import selectors
    from qualitybrand.assignments.models import Assignee, Task

    if getattr(user, "role", "") != Role.DEPARTMENT or not getattr(user, "department_id", None):
        return None
    today = clock.today()
    open_rows = sorted(selectors.my_assignees(user).filter(task__state=Task.State.OPEN)
                       .exclude(state=Assignee.State.ACCEPTED), key=lambda a: _urgency(a, today))
    late = sum(1 for a in open_rows if a.task.deadline < today)
    returned = sum(1 for a in open_rows if a.state == Assignee.State.RETURNED)
    rows = []
    for a in open_rows[:SHOWN]:
        url = reverse("assignments:task", args=[a.task_id])
        waiting_for_me = a.state in (Assignee.State.OPEN, Assignee.State.RETURNED)
        # no 交办单位 column: a department's tasks always come from the office of its own region
        rows.append([Cell(a.task.title, url), Cell(a.task.deadline.strftime("%Y年%-m月%-d日")),
                     _status(a, today), Cell(a.review_comment or "—") if a.state == Assignee.State.RETURNED
                     else Cell("—"), Cell("报送进展" if waiting_for_me else "查看", url)])
    parts = [f"{late} 项已逾期" if late else "", f"{returned} 项被退回需重新报送" if returned else ""]
    note = "；".join(p for p in parts if p) or "按期限报送进展和办结报告，交办单位验收后办结。"
    return Section("交办任务", ["任务", "完成期限", "状态", "退回意见", "操作"], rows,
                   empty="没有待办理的交办任务。", total=len(open_rows), unit="项未办结",
                   more_url=reverse("assignments:mine"), more_label="我的交办任务", note=note)


def register() -> None:
    landing.register("department", department_tasks, order=10)
