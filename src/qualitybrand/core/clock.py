"""The one source of "today": honours QB_TODAY so demo mode and tests run on a fixed date."""

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

_held: ContextVar[dt.date | None] = ContextVar("qb_today_held", default=None)


def today() -> dt.date:
    held = _held.get()
    if held is not None:
        return held
    fixed = getattr(settings, "QB_TODAY", None)
    if fixed:
        return fixed
    return timezone.localdate()


def now() -> dt.datetime:
    """Wall-clock time for audit records (never faked: an audit trail tells real time)."""
    return timezone.now()


@contextmanager
def held():
    """One "today" for a long piece of work (an export of 100,000 rows asks for it per row): the
    date read once at the start, so the work neither pays for the time-zone lookup per call nor sees
    the date change at midnight halfway through."""
    previous = _held.get()
    _held.set(today())
    try:
        yield
    finally:
        # set back rather than reset by token: a streamed response may finish in another context
        _held.set(previous)
