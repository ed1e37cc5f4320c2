"""Tasks and assignees made directly (the workflow's services belong to another part): `make_task`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qualitybrand.assignments.models import Assignee, Task
from qualitybrand.core.models import Department, Region
from qualitybrand.core.services import save_region


def town(county: Region, suffix: str, name: str) -> Region:
    return save_region(None, code=f"{county.code}{suffix}", name=name, kind="乡镇街道", parent=county)


def department(name: str) -> Department:
    return Department.objects.get(name=name)


def accepted_on(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def make_task(office: Region, title: str, deadline: dt.date, assignees, *, state=Task.State.OPEN) -> Task:
    """`assignees`: (region, department or None, state, accepted day or None) each; the kind follows
    from the region (a department assignee has the office's region)."""
    task = Task.objects.create(region=office, title=title, content=f"{title}的内容", standard="按要求完成",
                               deadline=deadline, state=state)
    for region, dept, a_state, day in assignees:
        if dept is not None:
            kind = Assignee.Kind.DEPARTMENT
        elif region.kind == "乡镇街道":
            kind = Assignee.Kind.TOWN
        else:
            kind = Assignee.Kind.REGION
        Assignee.objects.create(task=task, region=region, kind=kind, department=dept, state=a_state,
                                accepted_at=accepted_on(day) if day else None)
    return task


OPEN, SUBMITTED, ACCEPTED = Assignee.State.OPEN, Assignee.State.SUBMITTED, Assignee.State.ACCEPTED


def city_story(regions):
    """The city's tasks of 2014 (as of 2014-07-10): 住建 on time twice, 环保 late once and overdue once,
    秦州区 on time and overdue, 麦积区 not due yet."""
    city, qz, mj = regions["620500"], regions["620502"], regions["620503"]
    zj, hb = department("住建"), department("环保")
    return [
        make_task(city, "建筑工程质量专项检查", dt.date(2014, 3, 31),
                  [(city, zj, ACCEPTED, dt.date(2014, 3, 30)), (city, hb, ACCEPTED, dt.date(2014, 4, 10))]),
        make_task(city, "质量强市宣传月活动", dt.date(2014, 5, 31),
                  [(city, zj, ACCEPTED, dt.date(2014, 5, 31)), (qz, None, ACCEPTED, dt.date(2014, 5, 20))]),
        make_task(city, "重点区域环境质量报告", dt.date(2014, 6, 20),
                  [(city, hb, SUBMITTED, None), (qz, None, OPEN, None)]),
        make_task(city, "下半年品牌培育计划", dt.date(2014, 9, 30), [(mj, None, OPEN, None)]),
        make_task(city, "已撤销的任务", dt.date(2014, 2, 28), [(qz, None, OPEN, None)], state=Task.State.CANCELLED),
    ]
