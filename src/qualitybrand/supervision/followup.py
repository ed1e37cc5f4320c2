"""The follow-up of a failed batch (抽查后处理, supervision.md) as a transitions table, and its deadlines.

```
待下达通知 ──下达整改通知──▶ 整改中 ──提交整改报告──▶ 待复查 ──复查合格──▶ 复查合格 (closed)
                                                            └──复查不合格──▶ 复查不合格 ──立案──▶ 已立案 (closed)
                                                                                        └──结案──▶ 已结案 (closed)
```
A 不合格 batch without a FollowUp row is in 待下达通知 — unless it was sampled before the 跟踪起始日期
(`FollowUpTracking`, empty by default): then it is a 历史批次 (handled on paper before the platform), not
open and without a deadline until a step is taken on it. The office of the batch's region (the county,
or the city above it) takes every step; the 整改报告 may also come from the enterprise user of that
entity. Deadlines are `FollowUpSetting` rows (data): 下达整改通知 after 抽样日期 (none by default), 整改
after 通知日期 (30 calendar days), 复查 after 整改报告日期 (15 working days), 立案或结案 after 复查日期
(none). A deadline is fixed when its step starts; the notice deadline (no row yet) is computed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import may_act_on_region
from qualitybrand.core.workdays import CalendarMissing, add_working_days, add_working_days_many
from qualitybrand.core.workflow import Transition, Workflow

from .models import DayKind, DeadlineStep, FollowUpSetting, FollowUpStatus, FollowUpTracking, Inspection

CITY, COUNTY, ENTERPRISE = Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE
OFFICE = {CITY, COUNTY}
S = FollowUpStatus
NOTICE, REPORT, PASS, FAIL, CASE, CLOSE = "下达整改通知", "提交整改报告", "复查合格", "复查不合格", "立案", "结案"
CLOSED_STATES = (S.RECHECK_PASSED, S.CASE_OPENED, S.CLOSED)
OPEN_STATES = (S.AWAITING_NOTICE, S.RECTIFYING, S.AWAITING_RECHECK, S.RECHECK_FAILED)
# which deadline applies while a follow-up is in a state
STATE_DEADLINE = {S.AWAITING_NOTICE: DeadlineStep.NOTICE, S.RECTIFYING: DeadlineStep.RECTIFY,
                  S.AWAITING_RECHECK: DeadlineStep.RECHECK, S.RECHECK_FAILED: DeadlineStep.DISPOSE}
DEFAULTS = {DeadlineStep.NOTICE: (None, DayKind.WORKING), DeadlineStep.RECTIFY: (30, DayKind.CALENDAR),
            DeadlineStep.RECHECK: (15, DayKind.WORKING), DeadlineStep.DISPOSE: (None, DayKind.WORKING)}
BASES = {DeadlineStep.NOTICE: "抽样日期", DeadlineStep.RECTIFY: "通知日期", DeadlineStep.RECHECK: "整改报告日期",
         DeadlineStep.DISPOSE: "复查日期"}


def cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def office_scope(user, inspection: Inspection, context: dict):
    if user is not None and not may_act_on_region(user, inspection.region, OFFICE):
        raise PermissionDenied(f"抽检批次 {inspection.number} 不在您的管辖范围内，不能办理其后处理。")
    return {}


def failed_batch(user, inspection: Inspection, context: dict):
    if inspection.conclusion != "不合格":
        raise ValidationError(f"抽检批次 {inspection.number} 的结论为“{inspection.conclusion}”，"
                              f"只有不合格批次需要下达整改通知。")
    return {}


def may_report(user, inspection: Inspection, context: dict):
    """The enterprise user of the batch's own entity, or an office whose region holds the batch."""
    if user is None:
        return {}
    if getattr(user, "role", "") == ENTERPRISE and not user.is_superuser:
        if user.entity_id != inspection.entity_id:
            raise PermissionDenied("企业用户只能为本企业的不合格批次提交整改报告。")
        return {}
    return office_scope(user, inspection, context)


FOLLOWUP = Workflow("抽查后处理", [
    Transition(S.AWAITING_NOTICE, NOTICE, S.RECTIFYING, OFFICE, ("office_scope", "failed_batch")),
    Transition(S.RECTIFYING, REPORT, S.AWAITING_RECHECK, {ENTERPRISE, *OFFICE}, ("may_report",)),
    Transition(S.AWAITING_RECHECK, PASS, S.RECHECK_PASSED, OFFICE, ("office_scope",)),
    Transition(S.AWAITING_RECHECK, FAIL, S.RECHECK_FAILED, OFFICE, ("office_scope",)),
    Transition(S.RECHECK_FAILED, CASE, S.CASE_OPENED, OFFICE, ("office_scope",)),
    Transition(S.RECHECK_FAILED, CLOSE, S.CLOSED, OFFICE, ("office_scope", "comment")),
], checks={"office_scope": office_scope, "failed_batch": failed_batch, "may_report": may_report})


# --- deadlines ---------------------------------------------------------------------------------

def settings_map() -> dict[str, tuple[int | None, str]]:
    """{step: (days or None, 自然日|工作日)} — the stored rows, the defaults for a step without one."""
    out = dict(DEFAULTS)
    for row in FollowUpSetting.objects.all():
        out[row.step] = (row.days, row.day_kind)
    return out


def tracking_start() -> dt.date | None:
    """跟踪起始日期: 不合格 batches sampled before it without a follow-up row are 历史批次 (not open, no
    deadline); None = every batch is tracked (the default)."""
    row = FollowUpTracking.objects.first()
    return row.start if row is not None else None


def is_historical(inspection: Inspection, start: dt.date | None, has_followup: bool) -> bool:
    """A batch sampled before the start date on which no step was ever taken."""
    return start is not None and not has_followup and inspection.sampled < start


def due_after(start: dt.date | None, step: str, settings: dict | None = None) -> dt.date | None:
    """The deadline of `step` counted from `start`; None when the step has no deadline or the
    working-day calendar of the year on the way is missing (the page says so: `due_problem`)."""
    days, kind = (settings or settings_map())[step]
    if start is None or days is None:
        return None
    if kind == DayKind.CALENDAR:
        return start + dt.timedelta(days=days)
    try:
        return add_working_days(start, days)
    except CalendarMissing:
        return None


def notice_dues(sampled: list[dt.date], settings: dict | None = None) -> dict[dt.date, dt.date | None]:
    """The notice deadline of many batches at once (by 抽样日期), one calendar for all."""
    days, kind = (settings or settings_map())[DeadlineStep.NOTICE]
    dates = sorted(set(sampled))
    if days is None or not dates:
        return dict.fromkeys(dates)
    if kind == DayKind.CALENDAR:
        return {d: d + dt.timedelta(days=days) for d in dates}
    try:
        return dict(zip(dates, add_working_days_many(dates, days)))
    except CalendarMissing:
        return {d: due_after(d, DeadlineStep.NOTICE, settings) for d in dates}


def due_problem(start: dt.date | None, step: str, settings: dict | None = None) -> str:
    """Why a configured deadline could not be computed (the missing calendar year), or ""."""
    days, kind = (settings or settings_map())[step]
    if start is None or days is None or kind == DayKind.CALENDAR:
        return ""
    try:
        add_working_days(start, days)
    except CalendarMissing as exc:
        return str(exc)
    return ""


def latest_overdue_sampled(today: dt.date, settings: dict | None = None) -> dt.date | None:
    """The last 抽样日期 whose notice deadline is before `today` (deadlines grow with the start
    date, so every batch sampled on or before it is past its notice deadline); None: none is."""
    settings = settings or settings_map()
    days, kind = settings[DeadlineStep.NOTICE]
    if days is None:
        return None
    if kind == DayKind.CALENDAR:
        return today - dt.timedelta(days=days + 1)
    day = today - dt.timedelta(days=days)
    for _ in range(3 * days + 40):  # a working day is never more than a Golden Week away
        try:
            if add_working_days(day, days) < today:
                return day
        except CalendarMissing:
            return None
        day -= dt.timedelta(days=1)
    return None
