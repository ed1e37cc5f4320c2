"""Background work of supervision: the daily blacklist maintenance as a task for the worker, for a
deployment that schedules through the task queue rather than cron (the command does the same)."""

from __future__ import annotations

from django_tasks import task


@task()
def credit_maintenance_task(as_of: str | None = None) -> int:
    """Remove the entries whose 3 years are over on `as_of` (ISO date, default today); returns how many."""
    import datetime as dt

    from qualitybrand.core import clock
    from qualitybrand.supervision.services import expire_entries

    day = dt.date.fromisoformat(as_of) if as_of else clock.today()
    return len(expire_entries(day))
