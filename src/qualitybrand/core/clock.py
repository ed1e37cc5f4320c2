"""The one source of "today": honours QB_TODAY so demo mode and tests run on a fixed date."""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed = getattr(settings, "QB_TODAY", None)
    if fixed:
        return fixed
    return timezone.localdate()


def now() -> dt.datetime:
    """Wall-clock time for audit records (never faked: an audit trail tells real time)."""
    return timezone.now()
