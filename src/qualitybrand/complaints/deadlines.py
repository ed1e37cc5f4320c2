"""Statutory deadlines of complaints and reports (supervision.md § Complaints), pure reads.

The deadline rules are data (`DeadlineRule` versions with effective dates, chosen by 登记日期); the
days are Chinese working days (`core.workdays`). Built in: 总局令第20号 (2019-12-01 … 2026-04-14):
a 投诉's acceptance decision within 7 working days of 登记日期, 调解 within 45 working days of
受理日期, a 举报 verified within 15 working days of 登记日期 (+15 with a recorded extension).

    dues_for(rows)          # many complaints at once: one pass per (rule version, n), bisect per start
    current_due(c, on)      # the deadline that applies on `on` (the overdue test of supervision.md)
    close_due(c)            # the deadline that applied when it closed (complaint.ontime_close_rate)

A due date of None means "beyond the known working-day calendar" (or "not applicable": a 举报 has no
acceptance deadline): such a complaint is neither overdue nor late on any day the calendar knows.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from qualitybrand.core.workdays import SLACK_DAYS, Calendar, CalendarMissing, add_working_days_many

COMPLAINT, REPORT = "投诉", "举报"
UNCONFIRMED = "规则版本未确认"


@dataclass(frozen=True)
class RuleValues:
    """One version of the deadline rule (a `DeadlineRule` row's values)."""

    code: str
    title: str
    valid_from: dt.date
    valid_to: dt.date | None
    accept_days: int
    mediate_days: int
    verify_days: int
    extension_days: int
    confirmed: bool


# What 总局令第20号 says: used only when no version exists at all (a database flushed and not yet re-seeded).
BUILTIN = RuleValues("SAMR-20", "总局令第20号", dt.date(2019, 12, 1), dt.date(2026, 4, 14), 7, 45, 15, 15, True)


class Rules:
    """The rule versions, read once (one query), and the choice of a version by 登记日期."""

    def __init__(self, versions: Iterable[RuleValues] | None = None):
        if versions is None:
            versions = _load_versions()
        self.versions = sorted(versions, key=lambda v: v.valid_from) or [BUILTIN]
        self._memo: dict[dt.date, tuple[RuleValues, str | None]] = {}

    def pick(self, registered: dt.date) -> tuple[RuleValues, str | None]:
        """(the values that apply, the notice or None) for a complaint registered on that day."""
        if registered in self._memo:
            return self._memo[registered]
        covering = [v for v in self.versions
                    if v.valid_from <= registered and (v.valid_to is None or registered <= v.valid_to)]
        confirmed = [v for v in covering if v.confirmed]
        if confirmed:
            answer = (confirmed[-1], None)
        elif registered < self.versions[0].valid_from:
            answer = (self.versions[0], None)  # before the first version: its values, no notice
        else:
            earlier = [v for v in self.versions if v.confirmed and v.valid_from <= registered]
            last = earlier[-1] if earlier else self.versions[0]
            answer = (last, _notice(registered, last, covering))
        self._memo[registered] = answer
        return answer


def _notice(registered: dt.date, used: RuleValues, covering: list[RuleValues]) -> str:
    entered = f"（已录入的“{covering[-1].title}”尚待确认）" if covering else ""
    return (f"{UNCONFIRMED}：{registered:%Y-%m-%d} 登记的投诉举报适用的法定期限规则版本尚未确认{entered}，"
            f"暂按最后确认的“{used.title}”计算期限；请市级管理员录入并确认新的规则版本。")


def _load_versions() -> list[RuleValues]:
    from qualitybrand.complaints.models import DeadlineRule

    fields = ("code", "title", "valid_from", "valid_to", "accept_days", "mediate_days", "verify_days",
              "extension_days", "confirmed")
    return [RuleValues(*row) for row in DeadlineRule.objects.order_by("valid_from").values_list(*fields)]


def rule_for(registered: dt.date, rules: Rules | None = None) -> tuple[RuleValues, str | None]:
    """The deadline rule's values for a complaint registered on `registered`, and the notice “规则版本未确认…”
    when no confirmed version covers that day (the last confirmed values are used)."""
    return (rules or Rules()).pick(registered)


# --- working days, set-based ---------------------------------------------------------------------

def _nth_many(starts: Iterable[dt.date], n: int) -> dict[dt.date, tuple[dt.date | None, int | None]]:
    """{start: (the n-th working day after it, None) or (None, the year whose calendar is missing)}."""
    unique = sorted(set(starts))
    if not unique:
        return {}
    try:
        return {s: (d, None) for s, d in zip(unique, add_working_days_many(unique, n))}
    except CalendarMissing:
        return _nth_partial(unique, n)


def _nth_partial(unique: list[dt.date], n: int) -> dict[dt.date, tuple[dt.date | None, int | None]]:
    """Some deadline reaches a year neither the library nor the office knows: the working days of the
    known years in one sorted list; a count that starts in or passes through a missing year answers None."""
    calendar = Calendar()
    last_year = (unique[-1] + dt.timedelta(days=n * 7 // 5 + SLACK_DAYS)).year
    days: list[dt.date] = []
    missing: list[int] = []
    for year in range(unique[0].year, last_year + 1):
        try:
            days.extend(calendar.year_days(year))
        except CalendarMissing:
            missing.append(year)
    out = {}
    for s in unique:
        index = bisect.bisect_right(days, s) + n - 1
        due = days[index] if index < len(days) else None
        end_year = due.year if due is not None else last_year
        gap = next((y for y in missing if s.year <= y <= end_year), None)
        out[s] = (None, gap or end_year + 1) if gap is not None or due is None else (due, None)
    return out


# --- deadlines of many complaints ----------------------------------------------------------------

class Dues(NamedTuple):
    """A complaint's deadlines. None: not applicable, or beyond the known calendar (`missing_year` says
    which year's calendar is needed). A named tuple: 100,000 of them are made in one call."""

    accept: dt.date | None      # 投诉: 登记日期 + accept_days
    mediate: dt.date | None     # 投诉 with 受理日期: 受理日期 + mediate_days
    verify: dt.date | None      # 举报: 登记日期 + verify_days (+ extension_days when extended)
    rule: RuleValues
    notice: str | None = None
    missing_year: int | None = None


def _get(row, name: str):
    return row[name] if isinstance(row, dict) else getattr(row, name)


def _values(rows: list) -> list[tuple]:
    """(category, registered, accepted, extended) of each row (dicts or objects, one kind per call)."""
    if isinstance(rows[0], dict):
        return [(r["category"], r["registered"], r["accepted"], r["extended"]) for r in rows]
    return [(r.category, r.registered, r.accepted, r.extended) for r in rows]


def dues_for(rows: Iterable, rules: Rules | None = None) -> list[Dues]:
    """The deadlines of many complaints (model instances or dicts with category, registered, accepted,
    extended), in their order: the rule version of each 登记日期, then one working-day pass per number of
    days (`add_working_days_many`: one sorted list of days, bisect per start), never a query per row."""
    rows = list(rows)
    if not rows:
        return []
    rules = rules or Rules()
    values = _values(rows)
    pick = rules.pick
    picked = [pick(v[1]) for v in values]
    wanted: dict[int, set[dt.date]] = defaultdict(set)  # n -> starts
    for (category, registered, accepted, extended), (rule, _) in zip(values, picked):
        if category == REPORT:
            wanted[rule.verify_days + (rule.extension_days if extended else 0)].add(registered)
        else:
            wanted[rule.accept_days].add(registered)
            if accepted:
                wanted[rule.mediate_days].add(accepted)
    found = {n: _nth_many(starts, n) for n, starts in wanted.items()}
    none = (None, None)
    out: list[Dues] = []
    append = out.append
    made: dict[tuple, Dues] = {}  # rows alike share one (immutable) answer: most 登记日期 recur
    for value, (rule, notice) in zip(values, picked):
        dues = made.get(value)
        if dues is None:
            category, registered, accepted, extended = value
            if category == REPORT:
                due, missing = found[rule.verify_days + (rule.extension_days if extended else 0)][registered]
                dues = Dues(None, None, due, rule, notice, missing)
            else:
                accept = found[rule.accept_days][registered]
                mediate = found[rule.mediate_days][accepted] if accepted else none
                dues = Dues(accept[0], mediate[0], None, rule, notice, accept[1] or mediate[1])
            made[value] = dues
        append(dues)
    return out


def current_of(row, dues: Dues, on: dt.date) -> dt.date | None:
    """The deadline that applies on `on`: a 投诉 not accepted on `on` (受理日期 empty or after) its
    acceptance deadline, a 投诉 accepted by then its mediation deadline, a 举报 its verification deadline."""
    if _get(row, "category") == REPORT:
        return dues.verify
    accepted = _get(row, "accepted")
    if accepted is None or accepted > on:
        return dues.accept
    return dues.mediate


def close_of(row, dues: Dues) -> dt.date | None:
    """The deadline that applied when it closed: 投诉 with 受理日期 its mediation deadline, without its
    acceptance deadline; 举报 its verification deadline (with the extension when one is recorded)."""
    if _get(row, "category") == REPORT:
        return dues.verify
    return dues.mediate if _get(row, "accepted") else dues.accept


def is_open(row, on: dt.date) -> bool:
    """Open on D: 登记日期 ≤ D and 办结日期 empty or after D."""
    closed = _get(row, "closed")
    return _get(row, "registered") <= on and (closed is None or closed > on)


def accept_due(c) -> dt.date | None:
    return dues_for([c])[0].accept


def mediate_due(c) -> dt.date | None:
    return dues_for([c])[0].mediate


def verify_due(c) -> dt.date | None:
    return dues_for([c])[0].verify


def current_due(c, on: dt.date) -> dt.date | None:
    return current_of(c, dues_for([c])[0], on)


def close_due(c) -> dt.date | None:
    return close_of(c, dues_for([c])[0])


def overdue_on(on: dt.date, qs) -> list[tuple[object, dt.date]]:
    """[(complaint, due)] of the complaints of `qs` open on `on` whose current deadline is before `on`
    (one query for the open ones, then `dues_for`), by due date and 登记编号."""
    from django.db.models import Q

    candidates = list(qs.filter(Q(closed__isnull=True) | Q(closed__gt=on), registered__lte=on).order_by())
    out = []
    for c, dues in zip(candidates, dues_for(candidates)):
        due = current_of(c, dues, on)
        if due is not None and due < on:
            out.append((c, due))
    out.sort(key=lambda pair: (pair[1], pair[0].number))
    return out
