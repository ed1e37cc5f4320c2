"""assign.overdue 交办任务逾期 (responsibility.md § Assigned tasks, issue 15): one warning per assignee of a
task (not 已撤销) whose deadline is before D and which was not accepted (已验收) on D; level `level`, rising
to `urgent_level` once it is `urgent_after_days` days overdue; due = the deadline; key = `任务编号|承办单位`
(the department's name, or the region code of a county or town). It closes by itself once accepted.

Recipients (warnings.md “Who hears about it”): the alert belongs to the assignee's region (a department
assignee: its office's region), so the assigning office — the same region or above — and a county assignee
see it; a department user hears of its own department's (registered with `owners.register_department_rule`).
The overdue reading is `assignments.ranking`'s, shared with the ranking page and the 通报."""

from __future__ import annotations

from collections.abc import Iterable

from qualitybrand.alerts.engine import Alert
from qualitybrand.alerts.owners import register_department_rule
from qualitybrand.alerts.rules import Context, Param, register, url_maker
from qualitybrand.alerts.rules_offices import LEVEL
from qualitybrand.core.scoping import own_region_code

CODE = "assign.overdue"
URGENT_AFTER = Param("urgent_after_days", "紧急逾期天数", "days", "逾期达到此天数时使用紧急时级别")
URGENT_LEVEL = Param("urgent_level", "紧急时级别", "level", "应高于级别")


def assignments_overdue(ctx: Context) -> Iterable[Alert]:
    from qualitybrand.assignments.ranking import overdue_lines

    p = ctx.params
    url = url_maker("assignments:task")
    for line in overdue_lines(ctx.as_of, ctx.path):
        level = p["urgent_level"] if line.overdue_days >= p["urgent_after_days"] else p["level"]
        label = f"交办任务“{line.title}”（{line.assignee}）"
        yield Alert(ctx.code, line.key, line.region_code, level, line.deadline,
                    f"{line.office}交办的任务“{line.title}”，承办单位{line.assignee}，完成期限 "
                    f"{line.deadline:%Y-%m-%d}，截至 {ctx.as_of:%Y-%m-%d} 尚未办结验收，已逾期 {line.overdue_days} 天，"
                    f"请督促办理", label, url(line.task_id), None, "交办任务")


def department_hears(alert: Alert, user) -> bool:
    """A department user hears of its own department's assignments in its own region (not of the same
    department of another level)."""
    department = alert.key.partition("|")[2]
    return department == user.department.name and alert.region_code == own_region_code(user)


register(CODE, assignments_overdue, name="交办任务逾期", object_type="交办任务", order=80, owner="region",
         meaning="交办任务（未撤销）已过完成期限，承办单位在 D 尚未验收通过（已验收）；每个承办单位一条，验收后自动消除",
         level_text="逾期即为基本级别，逾期天数达到“紧急逾期天数”时为紧急时级别", due_text="任务的完成期限",
         defaults={"level": "预警", "urgent_after_days": 15, "urgent_level": "紧急"},
         params=(LEVEL, URGENT_AFTER, URGENT_LEVEL))
register_department_rule(CODE, department_hears)
