"""Deadlines as the pages show them: the current deadline of a complaint and “剩余 N 个工作日” /
“已超期 N 个工作日”. The deadlines themselves come from complaints/deadlines.py (supervision.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qualitybrand.core.workdays import CalendarMissing, is_working_day

try:  # complaints/deadlines.py belongs to the complaintkpi branch; its stand-in until it is merged
    from qualitybrand.complaints import deadlines
except ImportError:  # pragma: no cover - depends on the merge
    from qualitybrand.complaints import fallback_deadlines as deadlines

from .models import OPEN_STATUSES

NO_CALENDAR = "期限待定：缺少相应年度的工作日历"


def working_days_between(start: dt.date, end: dt.date) -> int | None:
    """The working days d with start < d <= end (None when a year's calendar is missing)."""
    count, day = 0, start
    try:
        while day < end:
            day += dt.timedelta(days=1)
            count += is_working_day(day)
    except CalendarMissing:
        return None
    return count


@dataclass
class DueInfo:
    due: dt.date | None
    label: str          # which deadline: 受理期限, 调解期限, 核查期限
    text: str           # 剩余 3 个工作日 / 已超期 2 个工作日 / 今日到期 / 按期办结
    tone: str           # blue | orange | red | green | grey
    overdue: bool = False
    notice: str = ""    # 规则版本未确认
    days_left: int | None = None  # for ordering a worklist (negative: overdue)


def _label(c, on: dt.date) -> str:
    if c.category == "举报":
        return "核查期限（已延期）" if c.extended else "核查期限"
    return "调解期限" if c.accepted and c.accepted <= on else "受理期限"


def due_info(c, today: dt.date) -> DueInfo:
    notice = deadlines.rule_for(c.registered)[1] or ""
    if c.status not in OPEN_STATUSES or (c.closed and c.closed <= today):
        due = deadlines.close_due(c) if c.closed else None
        if c.closed is None:
            return DueInfo(None, "—", "—", "grey", notice=notice)
        if due is None:
            return DueInfo(None, "办结期限", "已办结", "grey", notice=notice)
        late = c.closed > due
        return DueInfo(due, _label(c, c.closed), "逾期办结" if late else "按期办结", "red" if late else "green",
                       notice=notice)
    due = deadlines.current_due(c, today)
    label = _label(c, today)
    if due is None:
        return DueInfo(None, label, NO_CALENDAR, "grey", notice=notice)
    if due < today:
        n = working_days_between(due, today)
        return DueInfo(due, label, f"已超期 {n if n is not None else '—'} 个工作日", "red", True, notice,
                       -(n or 0) - 1)
    n = working_days_between(today, due)
    if n is None:
        return DueInfo(due, label, f"{due:%Y-%m-%d} 到期", "blue", notice=notice)
    if due == today:
        return DueInfo(due, label, "今日到期", "orange", notice=notice, days_left=0)
    return DueInfo(due, label, f"剩余 {n} 个工作日", "orange" if n <= 2 else "blue", notice=notice, days_left=n)
