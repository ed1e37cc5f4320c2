"""Reads of supervision shared by pages, the API and reports."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from qualitybrand.core.roles import VIEW
from qualitybrand.supervision.models import BlacklistEntry


def blacklisted_on(user, day: dt.date, action: str = VIEW):
    """Blacklist entries in force on `day` (listed on or before, not yet removed), scoped to the user."""
    return (BlacklistEntry.objects.for_user(user, action)
            .filter(Q(listed__lte=day) & (Q(removed__isnull=True) | Q(removed__gt=day)))
            .select_related("entity", "region"))
