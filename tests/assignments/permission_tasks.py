"""交办任务 in the permission walk: a task of 天水市 assigned to 市场监管 and the given county (a
county sees the tasks assigned to it, never its neighbour's), its files, and the writes on it."""

from __future__ import annotations

from tests.permission_cases import CASES, CHANGE_CASES, OFFICE_ROLES, Case, ChangeCase

OFFICE = frozenset({"city_admin"})


def _task(region):
    from qualitybrand.assignments.services import create_task
    from qualitybrand.core.models import Department, Region
    from tests.assignments.factories_tasks import later, pdf

    return create_task(None, region=Region.objects.get(code="620500"), title=f"{region.name}权限样例交办任务",
                       content="内容", standard="标准", deadline=later(),
                       assignees=[("department", Department.objects.get(code="market")), ("region", region)],
                       files=[pdf()])


def _assignee(region):
    return _task(region).assignees.get(kind="区县")


def _submitted(region):
    from qualitybrand.assignments.services import submit_report
    from tests.assignments.factories_tasks import pdf

    assignee = _assignee(region)
    submit_report(None, assignee, text="完成", completion=True, files=[pdf()])
    return assignee


def _a_kwargs(a):
    return {"pk": a.task_id, "aid": a.pk}


def _state(a):
    return type(a).objects.get(pk=a.pk).state, a.reports.count()


CASES.extend([
    Case("assignments:task", _task, view_roles=OFFICE_ROLES, list_name="assignments:list", marker=lambda t: t.title),
    Case("assignment-detail", _task, view_roles=OFFICE_ROLES, list_name="assignment-list", marker=lambda t: t.title),
    Case("assignments:file", _task, kwargs=lambda t: {"pk": t.pk, "fid": t.attachments.get().pk},
         view_roles=OFFICE_ROLES),
])

CHANGE_CASES.extend([
    ChangeCase("assignments:report", _assignee, kwargs=_a_kwargs, change_roles=frozenset({"county"}),
               data={"text": "已部署"}, state=_state),
    ChangeCase("assignments:review", _submitted, kwargs=_a_kwargs, change_roles=OFFICE,
               data={"action": "验收通过"}, state=_state),
    ChangeCase("assignments:cancel", _task, change_roles=OFFICE, data={"reason": "工作调整"},
               state=lambda t: type(t).objects.get(pk=t.pk).state),
])
