"""Permission walk of the ranking page: a region's ranking is the city's and that county's (and the leader's);
a county never opens nor sees another county's."""

from __future__ import annotations

from tests.permission_cases import CASES, Case

RANKING_ROLES = frozenset({"city_admin", "county", "leader"})


def _task(region):
    import datetime as dt

    from qualitybrand.assignments.models import Assignee, Task
    from qualitybrand.core import clock

    task = Task.objects.create(region=region, title=f"{region.name}排名样例任务", content="内容", standard="标准",
                               deadline=dt.date(clock.today().year, 1, 1))
    Assignee.objects.create(task=task, region=region, kind=Assignee.Kind.REGION)
    return task


CASES.append(Case("assignments:ranking_region", _task, kwargs=lambda task: {"code": task.region.code},
                  view_roles=RANKING_ROLES, list_name="assignments:ranking", marker=lambda task: task.title))
