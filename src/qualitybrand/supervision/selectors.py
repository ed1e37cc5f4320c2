"""Reads of supervision shared by pages, the API, reports and the portal.

The blacklist's time rules (credit.md § Blacklist lifecycle):
- an entry is in force on D when 列入日期 ≤ D and (移出日期 empty or > D) — `listed_on`;
- it is public for 3 years from 列入日期 (Feb 29 → Feb 28): `public_until(listed)` is the day it
  leaves the list (移出日期 of a 期满移出), `publicly_listed(on)` what the portal may show on `on`
  (in force and its 3 years not over, even before `credit_maintenance` has run);
- credit repair is possible from 列入日期 + 1 year (`repair_possible_from`).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Exists, OuterRef, Q

from qualitybrand.core import clock
from qualitybrand.core.roles import VIEW
from qualitybrand.supervision.models import (
    PUBLIC_YEARS,
    BlacklistEntry,
    RepairApplication,
    RepairState,
    add_years,
)

REPAIR_AFTER_YEARS = 1


def public_until(listed: dt.date) -> dt.date:
    """The day an entry's 3 years are over: its 移出日期 when removed on expiry (期满移出)."""
    return add_years(listed, PUBLIC_YEARS)


def repair_possible_from(listed: dt.date) -> dt.date:
    return add_years(listed, REPAIR_AFTER_YEARS)


def in_force_q(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}listed__lte": on}) & (Q(**{f"{prefix}removed__isnull": True})
                                                 | Q(**{f"{prefix}removed__gt": on}))


def expired_q(on: dt.date) -> Q:
    """Entries whose 3 years are over on `on` (public_until(listed) ≤ on), as one condition:
    listed ≤ on − 3 years, plus a Feb 29 listing when `on` is the Feb 28 it expires on."""
    q = Q(listed__lte=add_years(on, -PUBLIC_YEARS))
    earlier = on.year - PUBLIC_YEARS
    if on.month == 2 and on.day == 28 and calendar.isleap(earlier):
        q |= Q(listed=dt.date(earlier, 2, 29))
    return q


def listed_on(on: dt.date):
    """Every entry in force on `on` (all regions: the portal and system checks; pages use
    `blacklisted_on(user, day)`)."""
    return BlacklistEntry.objects.filter(in_force_q(on)).select_related("entity", "region")


def publicly_listed(on: dt.date):
    """What the public may see on `on`: in force and within its 3 years; an entry repaired or
    removed by `on` is gone, and so is one whose 3 years are over before maintenance ran."""
    return listed_on(on).exclude(expired_q(on)).order_by("-listed", "id")


def blacklisted_on(user, day: dt.date, action: str = VIEW):
    """Blacklist entries in force on `day` (listed on or before, not yet removed), scoped to the user."""
    return (BlacklistEntry.objects.for_user(user, action).filter(in_force_q(day))
            .select_related("entity", "region"))


def with_pending_repair(qs):
    """Annotate `pending_repair` (a repair application awaiting decision) in the same query."""
    pending = RepairApplication.objects.filter(entry=OuterRef("pk"), state=RepairState.PENDING)
    return qs.annotate(pending_repair=Exists(pending))


def entry_status(entry, today: dt.date | None = None) -> tuple[str, str]:
    """(status text, tone) of an entry as the blacklist shows it on `today`."""
    today = today or clock.today()
    if entry.removed and entry.removed <= today:
        return f"已移出（{entry.removal_method or '其他'}）", "grey"
    if entry.listed > today:
        return "待列入", "blue"
    if public_until(entry.listed) <= today:
        return "期满待移出", "orange"
    pending = getattr(entry, "pending_repair", None)
    if pending is None:
        prefetched = getattr(entry, "_prefetched_objects_cache", {}).get("repairs")
        pending = (any(r.state == RepairState.PENDING for r in prefetched) if prefetched is not None
                   else entry.repairs.filter(state=RepairState.PENDING).exists())
    if pending:
        return "修复申请中", "orange"
    return "公示中", "red"


# --- credit repair -----------------------------------------------------------------------------

def repairs_for(user, action: str = VIEW):
    return (RepairApplication.objects.for_user(user, action)
            .select_related("entity", "entry", "region", "decided_by", "applicant"))


def due_problem(app: RepairApplication) -> str:
    """Why an application has no deadline yet (a calendar year is missing), or ""."""
    if app.due is not None:
        return ""
    from qualitybrand.core.workdays import CalendarMissing, add_working_days
    from qualitybrand.supervision.models import RepairPolicy

    policy = RepairPolicy.objects.filter(pk=1).first()
    try:
        add_working_days(app.submitted, policy.decision_days if policy else 15)
    except CalendarMissing as exc:
        return str(exc)
    return "工作日历已补充，办理期限将在下次信用维护（credit_maintenance）时计算。"


def is_overdue(app: RepairApplication, today: dt.date | None = None) -> bool:
    """Undecided past its deadline, or decided after it (never while the deadline is unknown)."""
    today = today or clock.today()
    if app.due is None:
        return False
    if app.state == RepairState.PENDING:
        return today > app.due
    return app.decided is not None and app.decided > app.due


def pending_decisions(user):
    """Repair applications waiting for this user's decision (the city office; never its own)."""
    from qualitybrand.core.roles import Role
    from qualitybrand.core.scoping import has_scoped_role

    if not has_scoped_role(user, {Role.CITY_ADMIN}):
        return RepairApplication.objects.none()
    return repairs_for(user).filter(state=RepairState.PENDING).exclude(applicant=user)
