"""交办任务的逾期与排名 (responsibility.md § Assigned tasks; issue 15 § 2): one reading of "on time" and
"overdue" shared by the ranking page, the 交办任务通报 (reports) and the warning rule 交办任务逾期 (alerts).

- An assignee is *accepted* on the day of its `accepted_at` (state 已验收); on a day D before that it was
  not yet accepted. A state 已验收 without a date counts as accepted on or before its deadline.
- *Overdue* on D: the task is not 已撤销, its deadline is before D and the assignee was not accepted on D.
- In a period: the tasks whose deadline falls in the period, of the office that assigned them (the task's
  region); each (task, assignee) is 按期办结 (accepted on or before the deadline), 逾期办结 (accepted after it),
  逾期未办结 (overdue on D) or 办理中 (not yet due). The on-time rate is 按期办结 over the assignments whose
  outcome is known (the first three), so a task not yet due never lowers it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from qualitybrand.assignments.models import Assignee, Task
from qualitybrand.core import clock

FIRST_YEAR = 2000
PERIOD_KINDS = {"year": "年度", "quarter": "季度", "month": "月度"}
QUARTERS = "一二三四"

ON_TIME, LATE, OVERDUE, OPEN = "按期办结", "逾期办结", "逾期未办结", "办理中"


@dataclass(frozen=True)
class Span:
    """A period of the ranking: a year, a quarter or a month (or any start–end of a document)."""

    kind: str          # "year" | "quarter" | "month" | "period"
    start: dt.date
    end: dt.date
    year: int
    number: int = 0    # the quarter (1–4) or month (1–12)

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.year}年"
        if self.kind == "quarter":
            return f"{self.year}年第{QUARTERS[self.number - 1]}季度"
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.number == 1 else '下'}半年"
        return f"{self.start.year}年{self.start.month}月{self.start.day}日至{self.end.year}年{self.end.month}月{self.end.day}日"

    @property
    def slug(self) -> str:
        """For file names: 2014, 2014Q3, 2014-07."""
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "year":
            return str(self.year)
        if self.kind == "half":
            return f"{self.year}H{self.number}"
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


def _number(text, what: str) -> int:
    raw = str(text if text is not None else "").strip()
    if not raw.isdecimal() or len(raw) > 4:
        raise ValidationError(f"{what}“{raw[:20]}”无效：请填写数字。")
    return int(raw)


def parse_span(kind, year, number=None, *, today: dt.date | None = None) -> Span:
    """The period of the page's parameters (kind year|quarter|month, year, quarter or month number);
    a value out of range raises a Chinese ValidationError."""
    today = today or clock.today()
    kind = str(kind or "year").strip()
    if kind not in PERIOD_KINDS:
        raise ValidationError(f"周期类型“{kind[:20]}”无效：可选 年度、季度、月度。")
    y = _number(year, "年度")
    if not FIRST_YEAR <= y <= today.year + 1:
        raise ValidationError(f"年度须在 {FIRST_YEAR} 至 {today.year + 1} 之间。")
    if kind == "year":
        return Span("year", dt.date(y, 1, 1), dt.date(y, 12, 31), y)
    n = _number(number, "季度" if kind == "quarter" else "月份")
    if kind == "quarter":
        if not 1 <= n <= 4:
            raise ValidationError("季度须为 1 至 4。")
        first = 3 * n - 2
        return Span("quarter", dt.date(y, first, 1), dt.date(y, first + 2, calendar.monthrange(y, first + 2)[1]),
                    y, n)
    if not 1 <= n <= 12:
        raise ValidationError("月份须为 1 至 12。")
    return Span("month", dt.date(y, n, 1), dt.date(y, n, calendar.monthrange(y, n)[1]), y, n)


def span_between(start: dt.date, end: dt.date) -> Span:
    """A document's period as a Span (named as a year, quarter or month when it is exactly one)."""
    y = start.year
    if start == dt.date(y, 1, 1) and end == dt.date(y, 12, 31):
        return Span("year", start, end, y)
    if start.day == 1 and start.month in (1, 7) and end == dt.date(y, start.month + 5, 30 + (start.month == 7)):
        return Span("half", start, end, y, 1 if start.month == 1 else 2)
    for kind, size in (("quarter", 3), ("month", 1)):
        if start.day == 1 and (start.month - 1) % size == 0 and end.year == y:
            last = start.month + size - 1
            if end == dt.date(y, last, calendar.monthrange(y, last)[1]):
                return Span(kind, start, end, y, (start.month - 1) // size + 1 if kind == "quarter" else start.month)
    return Span("period", start, end, end.year)


def default_span(today: dt.date | None = None) -> Span:
    today = today or clock.today()
    return parse_span("year", today.year, today=today)


# --- the outcome of each assignment -----------------------------------------------------------------

def _day(value) -> dt.date | None:
    if value is None:
        return None
    if timezone.is_aware(value):
        return timezone.localtime(value).date()
    return value.date()


@dataclass(frozen=True)
class Line:
    """One assignee of one task, with its outcome on the as-of day."""

    task_id: int
    title: str
    office_region_id: int
    office: str            # the assigning office's region name
    deadline: dt.date
    assignee_id: int
    assignee: str          # 住建 / 秦州区 / 中城街道
    assignee_kind: str     # 部门 / 区县 / 乡镇街道
    unit_key: tuple        # (kind, region id, department id): the same unit across tasks
    region_id: int
    region_code: str
    region_path: str
    department: str
    state: str             # the assignee's state now (办理中, 待验收, 已验收, 退回)
    accepted_on: dt.date | None
    outcome: str           # ON_TIME | LATE | OVERDUE | OPEN
    overdue_days: int      # days past the deadline (at acceptance, or on the as-of day); 0 when on time

    @property
    def key(self) -> str:
        """The warning's key: task id | the department's name or the region's code."""
        return f"{self.task_id}|{self.department or self.region_code}"


def outcome_of(deadline: dt.date, state: str, accepted_on: dt.date | None, as_of: dt.date) -> tuple[str, int]:
    accepted = state == Assignee.State.ACCEPTED and (accepted_on is None or accepted_on <= as_of)
    if accepted:
        if accepted_on is None or accepted_on <= deadline:
            return ON_TIME, 0
        return LATE, (accepted_on - deadline).days
    if deadline < as_of:
        return OVERDUE, (as_of - deadline).days
    return OPEN, 0


def _lines(qs, as_of: dt.date) -> list[Line]:
    qs = (qs.exclude(task__state=Task.State.CANCELLED)
          .select_related("task__region", "region", "department").order_by("task__deadline", "task_id", "id"))
    out = []
    for a in qs:
        accepted_on = _day(a.accepted_at)
        outcome, days = outcome_of(a.task.deadline, a.state, accepted_on, as_of)
        dept = a.department.name if a.department_id else ""
        out.append(Line(a.task_id, a.task.title, a.task.region_id, a.task.region.name, a.task.deadline, a.pk, dept or a.region.name,
                        a.kind, (a.kind, a.region_id, a.department_id), a.region_id, a.region.code,
                        a.region.path, dept, a.state, accepted_on, outcome, days))
    return out


def lines_for(office_region, start: dt.date, end: dt.date, as_of: dt.date) -> list[Line]:
    """The assignments of the tasks `office_region` assigned whose deadline lies in [start, end]."""
    qs = Assignee.objects.filter(task__region=office_region, task__deadline__gte=start, task__deadline__lte=end)
    return _lines(qs, as_of)


def overdue_lines(as_of: dt.date, path: str | None = None) -> list[Line]:
    """Every assignment overdue on `as_of` (of any office), of assignees in `path` and below when given
    (a department assignee belongs to its office's region)."""
    next_midnight = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))
    accepted = Q(accepted_at__isnull=True) | Q(accepted_at__lt=next_midnight)
    qs = (Assignee.objects.filter(task__deadline__lt=as_of)
          .exclude(Q(state=Assignee.State.ACCEPTED) & accepted))  # accepted by then: never overdue
    if path is not None:
        qs = qs.filter(region__path__startswith=path)
    return [line for line in _lines(qs, as_of) if line.outcome == OVERDUE]


# --- the ranking -----------------------------------------------------------------------------------

@dataclass
class RankRow:
    assignee: str
    assignee_kind: str
    region_code: str
    assigned: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0
    rank: int | None = None

    @property
    def decided(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        """按期办结率 in percent (one decimal), None while nothing is due yet."""
        return round(100 * self.on_time / self.decided, 1) if self.decided else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate:.1f}%"

    @property
    def rank_text(self) -> str:
        return "—" if self.rank is None else str(self.rank)


KIND_ORDER = {Assignee.Kind.DEPARTMENT: 0, Assignee.Kind.REGION: 1, Assignee.Kind.TOWN: 2}


def rank(lines: list[Line]) -> list[RankRow]:
    """Per assignee: assigned, on time, late, overdue, open, the on-time rate; ranked by the rate (equal
    rates share the better rank, 1, 1, 3); assignees with nothing due yet come last, unranked."""
    rows: dict[tuple, RankRow] = {}
    for line in lines:
        row = rows.get(line.unit_key)
        if row is None:
            row = rows[line.unit_key] = RankRow(line.assignee, line.assignee_kind, line.region_code)
        row.assigned += 1
        if line.outcome == ON_TIME:
            row.on_time += 1
        elif line.outcome == LATE:
            row.late += 1
        elif line.outcome == OVERDUE:
            row.overdue += 1
        else:
            row.open += 1
    ordered = sorted(rows.values(), key=lambda r: (r.rate is None, -(r.rate or 0), r.overdue,
                                                   KIND_ORDER.get(r.assignee_kind, 9), r.region_code, r.assignee))
    position, last = 0, None
    for i, row in enumerate(ordered, start=1):
        if row.rate is None:
            continue
        if row.rate != last:
            position, last = i, row.rate
        row.rank = position
    return ordered


@dataclass
class Ranking:
    office: object          # the Region whose office assigned the tasks
    span: Span
    as_of: dt.date
    lines: list[Line] = field(default_factory=list)
    rows: list[RankRow] = field(default_factory=list)

    @property
    def overdue(self) -> list[Line]:
        """The overdue assignments, longest overdue first (the 通报's named list)."""
        return sorted((line for line in self.lines if line.outcome == OVERDUE),
                      key=lambda line: (-line.overdue_days, line.deadline, line.task_id, line.assignee))

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def tasks(self) -> int:
        return len({line.task_id for line in self.lines})

    @property
    def rate_text(self) -> str:
        on, decided = self.count(ON_TIME), len(self.lines) - self.count(OPEN)
        return f"{100 * on / decided:.1f}%" if decided else "—"


def ranking(office_region, span: Span, as_of: dt.date | None = None) -> Ranking:
    """The ranking page's and the 通报's figures: the office's tasks due in the span, as of `as_of` (today)."""
    as_of = as_of or clock.today()
    lines = lines_for(office_region, span.start, span.end, as_of)
    return Ranking(office_region, span, as_of, lines, rank(lines))


def task_rows(result: Ranking) -> list[dict]:
    """The period's tasks, one row each: title, assignees, deadline, state, completion or overdue days."""
    by_task: dict[int, list[Line]] = {}
    for line in result.lines:
        by_task.setdefault(line.task_id, []).append(line)
    rows = []
    for lines in by_task.values():
        first = lines[0]
        done = [f"{ln.assignee} {ln.accepted_on:%Y-%m-%d}" if ln.accepted_on else ln.assignee
                for ln in lines if ln.outcome in (ON_TIME, LATE)]
        late = [f"{ln.assignee} 逾期{ln.overdue_days}天" for ln in lines if ln.outcome == OVERDUE]
        if all(ln.outcome in (ON_TIME, LATE) for ln in lines):
            state = "已办结"
        elif late:
            state = "逾期"
        else:
            state = "办理中"
        rows.append({"task_id": first.task_id, "title": first.title,
                     "assignees": "、".join(ln.assignee for ln in lines), "deadline": first.deadline,
                     "state": state, "completed": "；".join(done), "overdue": "；".join(late)})
    return rows
