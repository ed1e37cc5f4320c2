"""Reads of 交办任务 shared by pages, API, inbox and the warnings/ranking/通报 (helper assignwarn).

Who sees a task: the office (and the offices and leaders above it) through `Task.objects.for_user`;
a county also the tasks assigned to it or to its towns; a department user the tasks assigned to its
department of its region. Within a task, someone who is not the office sees only its own assignees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from qualitybrand.assignments.models import Assignee, Attachment, Report, Task
from qualitybrand.core import clock
from qualitybrand.core.models import Region
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import own_region_code, scope_filter, scope_path


def _assigned_q(user, prefix: str = "") -> Q | None:
    """Assignee rows (`prefix` = "assignees__" from Task) the user answers for or oversees as an
    assignee: a county its region and below, a department its own department of its region."""
    role = getattr(user, "role", "")
    if role == Role.DEPARTMENT:
        code = own_region_code(user, {Role.DEPARTMENT})
        if code is None or not user.department_id:
            return None
        return Q(**{f"{prefix}kind": Assignee.Kind.DEPARTMENT, f"{prefix}department_id": user.department_id,
                    f"{prefix}region__code": code})
    if role == Role.COUNTY:
        return scope_filter(user, f"{prefix}region__path")
    return None


def tasks_for(user):
    """Every task the user may see (404 for any other)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    if user.is_superuser:
        return Task.objects.select_related("region")
    role = getattr(user, "role", "")
    q = Q(pk__in=Task.objects.for_user(user).values("pk")) if role != Role.DEPARTMENT else Q(pk__in=[])
    assigned = _assigned_q(user, "assignees__")
    if assigned is not None:
        q |= Q(pk__in=Task.objects.filter(assigned).values("pk"))
    return Task.objects.filter(q).select_related("region")


def is_office_viewer(user, task: Task) -> bool:
    """The office or an office/leader above it (sees every assignee of the task)."""
    if getattr(user, "is_superuser", False):
        return True
    if getattr(user, "role", "") not in (Role.CITY_ADMIN, Role.COUNTY, Role.LEADER):
        return False
    path = scope_path(user)
    return path is not None and task.region.path.startswith(path)


def assignees_for(user, task: Task):
    """The assignees of a task the user may see: all for the office, its own ones for anyone else."""
    order = Case(When(kind=Assignee.Kind.DEPARTMENT, then=0), When(kind=Assignee.Kind.REGION, then=1), default=2)
    qs = task.assignees.select_related("region", "department").order_by(order, "department_id", "region__code")
    if is_office_viewer(user, task):
        return qs
    assigned = _assigned_q(user)
    return qs.none() if assigned is None else qs.filter(assigned)


def my_assignees(user):
    """The assignee rows the user reports for (我的任务), open tasks first."""
    assigned = _assigned_q(user)
    if assigned is None:
        return Assignee.objects.none()
    return (Assignee.objects.filter(assigned).exclude(task__state=Task.State.CANCELLED)
            .select_related("task__region", "region", "department").order_by("task__state", "task__deadline", "id"))


def reports_for(assignees):
    return (Report.objects.filter(assignee__in=list(assignees)).select_related("assignee", "created_by")
            .prefetch_related("files").order_by("assignee_id", "id"))


def attachment_for(user, task: Task, attachment_id) -> Attachment | None:
    """A file of the task (its own) or of a report of an assignee the user may see; None otherwise."""
    att = Attachment.objects.filter(pk=attachment_id, task=task).select_related("report").first()
    if att is None:
        return None
    if att.report_id is None:
        return att
    return att if assignees_for(user, task).filter(pk=att.report.assignee_id).exists() else None


def is_overdue(assignee: Assignee, today: dt.date | None = None) -> bool:
    today = today or clock.today()
    return (assignee.state != Assignee.State.ACCEPTED and assignee.task.state == Task.State.OPEN
            and assignee.task.deadline < today)


def _overdue_filter(today: dt.date) -> Q:
    return Q(task__state=Task.State.OPEN, task__deadline__lt=today) & ~Q(state=Assignee.State.ACCEPTED)


def overdue_assignees(user_or_region, today: dt.date | None = None):
    """Assignees not accepted after their task's deadline (open tasks only), of the tasks a user may
    see (its own assignees only unless it is the office), or of the tasks issued by offices in a
    region and below. Ordered by deadline; with task, region and department loaded."""
    today = today or clock.today()
    qs = Assignee.objects.filter(_overdue_filter(today))
    if isinstance(user_or_region, Region):
        qs = qs.filter(task__region__path__startswith=user_or_region.path)
    else:
        user = user_or_region
        office_tasks = Task.objects.for_user(user).values("pk") if getattr(user, "role", "") != Role.DEPARTMENT \
            else Task.objects.none().values("pk")
        q = Q(task__in=office_tasks)
        assigned = _assigned_q(user)
        if assigned is not None:
            q |= assigned
        qs = qs.filter(q) if not getattr(user, "is_superuser", False) else qs
    return qs.select_related("task__region", "region", "department").order_by("task__deadline", "task_id", "id")


def tasks_in_period(region: Region, start: dt.date, end: dt.date):
    """Tasks issued by offices in `region` and below that ran during [start, end]: assigned on or
    before `end` with a deadline on or after `start`; cancelled tasks left out. Assignees prefetched."""
    return (Task.objects.filter(region__path__startswith=region.path, created_at__date__lte=end,
                                deadline__gte=start).exclude(state=Task.State.CANCELLED)
            .select_related("region").prefetch_related("assignees__region", "assignees__department")
            .order_by("deadline", "id"))


# --- the task list -----------------------------------------------------------------------------

@dataclass
class Filters:
    state: str = ""        # a Task.State value
    assignee: str = ""     # a region code or a department name
    overdue: bool = False
    q: str = ""

    @classmethod
    def from_params(cls, params) -> Filters:
        state = str(params.get("state", "") or "")
        return cls(state=state if state in Task.State.values else "",
                   assignee=str(params.get("assignee", "") or "").strip()[:50],
                   overdue=str(params.get("overdue", "")) in ("1", "true", "on"),
                   q=str(params.get("q", "") or "").strip()[:100])


def filtered(user, filters: Filters, today: dt.date | None = None):
    """The user's tasks with the list's filters, annotated with `n_assignees`, `n_accepted`, `late`."""
    today = today or clock.today()
    qs = tasks_for(user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.assignee:
        # a subquery, not a join: the counts below stay those of the whole task
        wanted = Assignee.objects.filter(Q(region__code=filters.assignee) | Q(department__name=filters.assignee))
        qs = qs.filter(pk__in=wanted.values("task_id"))
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    late = Assignee.objects.filter(_overdue_filter(today), task=OuterRef("pk"))
    qs = qs.annotate(late=Exists(late), n_assignees=_count_seen(user, Q()),
                     n_accepted=_count_seen(user, Q(state=Assignee.State.ACCEPTED)))
    if filters.overdue:
        qs = qs.filter(late=True)
    return qs.distinct().order_by("state", "deadline", "id")


def _count_seen(user, condition: Q):
    """Assignees of each task matching `condition`, counting only those the user may see: all on a
    task of its office (or below it), its own ones elsewhere."""
    def count(extra: Q):
        rows = (Assignee.objects.filter(condition, extra, task=OuterRef("pk")).order_by().values("task")
                .annotate(n=Count("id")).values("n"))
        return Coalesce(Subquery(rows), 0)

    if getattr(user, "is_superuser", False):
        return count(Q())
    path = scope_path(user) if getattr(user, "role", "") in (Role.CITY_ADMIN, Role.COUNTY, Role.LEADER) else None
    own = _assigned_q(user)
    own_count = count(own) if own is not None else Value(0)
    if path is None:
        return own_count
    return Case(When(region__path__startswith=path, then=count(Q())), default=own_count)


def visible_assignees(user, task: Task) -> list[Assignee]:
    """`assignees_for` over the prefetched `task.assignees` (the list page: no query per task)."""
    rows = list(task.assignees.all())
    if is_office_viewer(user, task):
        return rows
    role = getattr(user, "role", "")
    if role == Role.DEPARTMENT:
        code = own_region_code(user, {Role.DEPARTMENT})
        return [a for a in rows if a.kind == Assignee.Kind.DEPARTMENT and a.department_id == user.department_id
                and a.region.code == code]
    path = scope_path(user) if role == Role.COUNTY else None
    return [a for a in rows if path is not None and a.region.path.startswith(path)]


def assignee_choices(user, office: Region | None):
    """What the new-task form offers: departments, the office's counties and the towns below it."""
    from qualitybrand.core.models import Department, RegionKind

    if office is None:
        return {"departments": [], "counties": [], "towns": []}
    below = Region.objects.filter(path__startswith=office.path).exclude(pk=office.pk)
    return {"departments": list(Department.objects.order_by("id")),
            "counties": list(below.filter(parent=office).exclude(kind=RegionKind.TOWNSHIP).order_by("code")),
            "towns": list(below.filter(kind=RegionKind.TOWNSHIP).select_related("parent").order_by("code"))}


def inbox_counts(user) -> tuple[int, int, int]:
    """(open assignee rows the user reports for, of them overdue, assignees awaiting the office's
    acceptance), in one query at most: the counts are on every page's top bar."""
    today = clock.today()
    counts = {}
    assigned = _assigned_q(user)
    if assigned is not None:
        mine = assigned & Q(task__state=Task.State.OPEN, state__in=(Assignee.State.OPEN, Assignee.State.RETURNED))
        counts["n_mine"] = Count("id", filter=mine)
        counts["n_late"] = Count("id", filter=mine & Q(task__deadline__lt=today))
    office = Q(state=Assignee.State.SUBMITTED, task__state=Task.State.OPEN)
    code = own_region_code(user, {Role.CITY_ADMIN, Role.COUNTY})
    if getattr(user, "is_superuser", False):
        counts["waiting"] = Count("id", filter=office)
    elif code is not None:  # the office's own tasks (an office above may accept too, but is not asked)
        counts["waiting"] = Count("id", filter=office & Q(task__region__code=code))
    if not counts:
        return 0, 0, 0
    found = Assignee.objects.aggregate(**counts)
    return found.get("n_mine", 0), found.get("n_late", 0), found.get("waiting", 0)
