"""Reads of the complaints app: the scoped list with its filters, a county's open complaints by
deadline, and the identity rule the pages, exports and API share."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q

from qualitybrand.core import clock
from qualitybrand.core.models import Region
from qualitybrand.core.roles import VIEW
from qualitybrand.core.scoping import regions_in_scope

from .dues import deadlines, due_info
from .models import CATEGORIES, CHANNELS, OPEN_STATUSES, Complaint, Status
from .services import identity_visible

__all__ = ["Filters", "complaints_for", "filtered", "identity_visible", "open_by_deadline", "overdue_ids"]


def complaints_for(user, action: str = VIEW):
    return Complaint.objects.for_user(user, action).select_related("region", "entity", "case")


@dataclass
class Filters:
    category: str = ""
    channel: str = ""
    status: str = ""
    overdue: bool = False
    county: str = ""      # a region code: that region and below
    month: str = ""       # YYYY-MM of 登记日期
    year: int | None = None
    respondent: str = ""  # name (part) or USCC
    number: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> Filters:
        f = cls()
        get = lambda k: (params.get(k) or "").strip()  # noqa: E731
        f.category = get("category") if get("category") in dict(CATEGORIES) else ""
        f.channel = get("channel") if get("channel") in dict(CHANNELS) else ""
        f.status = get("status") if get("status") in Status.values else ""
        f.overdue = get("overdue") in ("1", "true", "是")
        f.county = get("county") or get("region")
        month = get("month")
        if month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            f.errors.append(f"月份“{month}”无效：应为 2014-07 这样的格式。")
            month = ""
        f.month = month
        year = get("year")
        if year:
            if year.isdecimal() and 1900 < int(year) < 2200:
                f.year = int(year)
            else:
                f.errors.append(f"年度“{year}”无效：应为四位年份。")
        f.respondent, f.number = get("respondent")[:200], get("number")[:100]
        for key, allowed in (("category", CATEGORIES), ("channel", CHANNELS)):
            if get(key) and get(key) not in dict(allowed):
                f.errors.append(f"{'类别' if key == 'category' else '渠道'}“{get(key)}”无效。")
        if get("status") and get("status") not in Status.values:
            f.errors.append(f"状态“{get('status')}”无效：应为 {'、'.join(Status.values)} 之一。")
        return f


def region_choices(user) -> list[Region]:
    """The counties (and the city) the user may filter by."""
    return list(regions_in_scope(user).filter(depth__lte=3).order_by("path"))


def filtered(user, f: Filters, today: dt.date | None = None):
    """The user's complaints under the filters (ValidationError for an unknown region)."""
    qs = complaints_for(user)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.county:
        from qualitybrand.core.filtering import find_region

        region = find_region(f.county)
        if region is None:
            raise ValidationError(f"区划代码 {f.county} 不存在。")
        qs = qs.filter(region__path__startswith=region.path)
    if f.month:
        y, m = map(int, f.month.split("-"))
        qs = qs.filter(registered__year=y, registered__month=m)
    if f.year:
        qs = qs.filter(registered__year=f.year)
    if f.respondent:
        qs = qs.filter(Q(respondent_name__contains=f.respondent) | Q(entity__name__contains=f.respondent)
                       | Q(entity__uscc=f.respondent.upper()))
    if f.number:
        qs = qs.filter(number__contains=f.number)
    if f.overdue:
        qs = qs.filter(pk__in=overdue_ids(qs, today or clock.today()))
    return qs.order_by("-registered", "-id")


def overdue_ids(qs, on: dt.date) -> list[int]:
    return [c.pk for c, _due in deadlines.overdue_on(on, qs.filter(status__in=OPEN_STATUSES))]


def open_by_deadline(user, today: dt.date | None = None, limit: int | None = None):
    """The open complaints of the user's scope with their deadline info, the most urgent first."""
    today = today or clock.today()
    rows = [(c, due_info(c, today)) for c in complaints_for(user).filter(status__in=OPEN_STATUSES)]
    rows.sort(key=lambda r: (r[1].due is None, r[1].due or dt.date.max, r[0].registered, r[0].pk))
    return rows[:limit] if limit else rows
