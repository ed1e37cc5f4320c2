"""Reads of the follow-ups (抽查后处理): the worklist, a batch's follow-up and its deadline on a day,
and the set-based `overdue_on(on)` the warning rule and the inbox use.

A follow-up is a 不合格 batch (Inspection) with its FollowUp row when one exists; without one it is
in 待下达通知, or a 历史批次 when sampled before the 跟踪起始日期 (followup.tracking_start): not open, no
deadline, off the open lists and the warnings; listed only when asked for (`historical`). Every read starts from `Inspection.objects.for_user` (region and entity scoping)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from qualitybrand.core import clock
from qualitybrand.core.roles import VIEW
from qualitybrand.core.workdays import CalendarMissing, is_working_day

from . import followup as fw
from .models import DeadlineStep, FollowUp, FollowUpStatus, Inspection

S = FollowUpStatus
FAILED = "不合格"
HISTORICAL = "历史批次"
HISTORICAL_TEXT = "历史批次，未纳入平台后处理"


def followup_of(inspection: Inspection) -> FollowUp | None:
    try:
        return inspection.followup
    except FollowUp.DoesNotExist:
        return None


def status_of(inspection: Inspection) -> str:
    f = followup_of(inspection)
    return f.status if f is not None else S.AWAITING_NOTICE


_UNSET = object()


def current_due(inspection: Inspection, settings: dict | None = None, start=_UNSET) -> dt.date | None:
    """The deadline of the step the follow-up is in now (None: closed, no deadline, or a 历史批次 —
    a configured notice deadline never applies before the 跟踪起始日期)."""
    f = followup_of(inspection)
    status = f.status if f is not None else S.AWAITING_NOTICE
    if status == S.AWAITING_NOTICE:
        start = fw.tracking_start() if start is _UNSET else start
        if start is not None and inspection.sampled < start:
            return None
        return fw.due_after(inspection.sampled, DeadlineStep.NOTICE, settings)
    return {S.RECTIFYING: f.rectify_due, S.AWAITING_RECHECK: f.recheck_due,
            S.RECHECK_FAILED: f.dispose_due}.get(status)


def working_days_between(start: dt.date, end: dt.date) -> int | None:
    """Working days after `start` up to and including `end` (negative when `end` is earlier);
    None when a year's calendar is missing."""
    sign, lo, hi = (1, start, end) if end >= start else (-1, end, start)
    try:
        n = sum(1 for k in range(1, (hi - lo).days + 1) if is_working_day(lo + dt.timedelta(days=k)))
    except CalendarMissing:
        return None
    return sign * n


@dataclass
class Row:
    inspection: Inspection
    followup: FollowUp | None
    status: str
    due: dt.date | None
    overdue: bool
    days_left: int | None   # working days from today to the deadline (negative: overdue by)
    historical: bool = False  # sampled before the 跟踪起始日期, no step taken: not open

    @property
    def closed(self) -> bool:
        return self.status in fw.CLOSED_STATES

    @property
    def label(self) -> str:
        """The state as shown (the workflow state stays 待下达通知: the office may still take it up)."""
        return HISTORICAL if self.historical else self.status

    @property
    def tone(self) -> str:
        return "grey" if self.historical else STATUS_TONES.get(self.status, "grey")


STATUS_TONES = {S.AWAITING_NOTICE: "orange", S.RECTIFYING: "blue", S.AWAITING_RECHECK: "blue",
                S.RECHECK_PASSED: "green", S.RECHECK_FAILED: "red", S.CASE_OPENED: "grey", S.CLOSED: "grey"}


def row_of(inspection: Inspection, today: dt.date | None = None, settings: dict | None = None,
           start=_UNSET) -> Row:
    today = today or clock.today()
    start = fw.tracking_start() if start is _UNSET else start
    f = followup_of(inspection)
    status = f.status if f is not None else S.AWAITING_NOTICE
    due = current_due(inspection, settings, start) if status in fw.OPEN_STATES else None
    overdue = due is not None and due < today
    left = working_days_between(today, due) if due is not None else None
    return Row(inspection, f, status, due, overdue, left, fw.is_historical(inspection, start, f is not None))


def rows_of(inspections, today: dt.date | None = None) -> list[Row]:
    today, settings, start = today or clock.today(), fw.settings_map(), fw.tracking_start()
    return [row_of(i, today, settings, start) for i in inspections]


# --- querysets ---------------------------------------------------------------------------------

def tracked_q(start=_UNSET) -> Q:
    """Not a 历史批次: a step was taken on it, or it was sampled on or after the 跟踪起始日期."""
    start = fw.tracking_start() if start is _UNSET else start
    return Q() if start is None else Q(followup__isnull=False) | Q(sampled__gte=start)


def historical_q(start=_UNSET) -> Q:
    """历史批次: sampled before the 跟踪起始日期 and never taken up (none without a start date)."""
    start = fw.tracking_start() if start is _UNSET else start
    return Q(pk__in=[]) if start is None else Q(followup__isnull=True, sampled__lt=start)


def awaiting_notice_q() -> Q:
    return Q(followup__isnull=True) | Q(followup__status=S.AWAITING_NOTICE)


def status_q(status: str) -> Q:
    return awaiting_notice_q() if status == S.AWAITING_NOTICE else Q(followup__status=status)


def open_q() -> Q:
    """Open follow-ups (a 历史批次 is not one)."""
    return (awaiting_notice_q() | Q(followup__status__in=fw.OPEN_STATES)) & tracked_q()


def overdue_q(today: dt.date, settings: dict | None = None) -> Q:
    """Open and past the current deadline on `today`, as one condition (stored deadlines, and the
    notice deadline through the last 抽样日期 already past it)."""
    settings = settings or fw.settings_map()
    q = (Q(followup__status=S.RECTIFYING, followup__rectify_due__lt=today)
         | Q(followup__status=S.AWAITING_RECHECK, followup__recheck_due__lt=today)
         | Q(followup__status=S.RECHECK_FAILED, followup__dispose_due__lt=today))
    last = fw.latest_overdue_sampled(today, settings)
    if last is not None:
        start = fw.tracking_start()  # no notice deadline before it (a taken-up 历史批次 included)
        q |= awaiting_notice_q() & Q(sampled__lte=last) & (Q(sampled__gte=start) if start else Q())
    return q


def failed_batches(user, action: str = VIEW):
    """Every 不合格 batch the user may see, with its follow-up (one query)."""
    return (Inspection.objects.for_user(user, action).filter(conclusion=FAILED)
            .select_related("followup", "followup__case", "entity", "region"))


HISTORICAL_CHOICES = {"": "不含历史批次", "1": "含历史批次", "only": "只看历史批次"}


def followup_rows(user, *, status: str = "", overdue: bool = False, year: int | None = None, product: str = "",
                  region=None, entity_id: int | None = None, today: dt.date | None = None, historical: str = ""):
    """The worklist's queryset (filters as the page offers them), newest batches first. `historical`:
    "" leaves the 历史批次 out, "1" includes them, "only" lists them alone."""
    today = today or clock.today()
    qs = failed_batches(user)
    if historical == "only":
        qs = qs.filter(historical_q())
    elif historical != "1":
        qs = qs.filter(tracked_q())
    if status:
        qs = qs.filter(status_q(status))
    if overdue:
        qs = qs.filter(overdue_q(today))
    if year:
        qs = qs.filter(sampled__year=year)
    if product:
        qs = qs.filter(product_category__icontains=product)
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    if entity_id:
        qs = qs.filter(entity_id=entity_id)
    return qs.order_by("-sampled", "-id")


def followup_for(user, inspection_id) -> Inspection | None:
    """The 不合格 batch `inspection_id` as the user may see it (None: not there or not in scope)."""
    if not str(inspection_id).isdecimal():
        return None
    return failed_batches(user).filter(pk=inspection_id).first()


def open_followups(on: dt.date):
    """Every follow-up open on `on` (all regions): 抽样日期 ≤ on, not closed by then, not a 历史批次."""
    return (Inspection.objects.filter(conclusion=FAILED, sampled__lte=on)
            .filter(Q(followup__isnull=True) | Q(followup__closed__isnull=True) | Q(followup__closed__gt=on))
            .filter(tracked_q()))


def historical_count(user) -> int:
    """The 历史批次 the user may see (the worklist says how many it leaves out)."""
    return failed_batches(user).filter(historical_q()).count()


@dataclass(frozen=True)
class Overdue:
    inspection_id: int
    number: str
    region_id: int
    entity_id: int
    product: str
    status: str      # the state it was in on the day
    due: dt.date


def overdue_on(on: dt.date, *, path: str | None = None) -> list[Overdue]:
    """Follow-ups open on `on` whose deadline then was before `on` (warnings.md insp.followup_overdue),
    with the state and deadline of that day: a few set-based queries for all regions (or the region
    path `path` and below)."""
    settings = fw.settings_map()
    base = open_followups(on)
    if path is not None:
        base = base.filter(region__path__startswith=path)
    fields = ("id", "number", "region_id", "entity_id", "product_category", "sampled")
    out: list[Overdue] = []
    not_noticed = Q(followup__isnull=True) | Q(followup__notice_date__isnull=True) | Q(followup__notice_date__gt=on)
    last, start = fw.latest_overdue_sampled(on, settings), fw.tracking_start()
    if last is not None:
        # a configured notice deadline never applies before the 跟踪起始日期, even to a batch taken up later
        notice_base = base.filter(sampled__gte=start) if start else base
        rows = list(notice_base.filter(not_noticed, sampled__lte=last).values_list(*fields))
        dues = fw.notice_dues([r[5] for r in rows], settings)
        out += [Overdue(*r[:5], S.AWAITING_NOTICE, dues[r[5]]) for r in rows if dues.get(r[5])]
    stages = [
        (S.RECTIFYING, "rectify_due", Q(followup__notice_date__lte=on)
         & (Q(followup__report_date__isnull=True) | Q(followup__report_date__gt=on))),
        (S.AWAITING_RECHECK, "recheck_due", Q(followup__report_date__lte=on)
         & (Q(followup__recheck_date__isnull=True) | Q(followup__recheck_date__gt=on))),
        (S.RECHECK_FAILED, "dispose_due", Q(followup__recheck_date__lte=on, followup__recheck_result=FAILED)),
    ]
    for status, due_field, stage in stages:
        rows = base.filter(stage, **{f"followup__{due_field}__lt": on}).values_list(*fields[:5], f"followup__{due_field}")
        out += [Overdue(*r[:5], status, r[5]) for r in rows]
    return sorted(out, key=lambda o: (o.due, o.number))


def overdue_count(user, today: dt.date | None = None) -> int:
    today = today or clock.today()
    return failed_batches(user).filter(open_q() & overdue_q(today)).count()
