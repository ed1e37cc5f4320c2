"""Chinese working days (supervision.md § Working days): deadlines "in N working days".

A working day is a weekday that is not a statutory holiday, or a make-up working day (调休上班) on
a weekend. The years `chinesecalendar` knows come from it; a year it does not know yet is added by
the city office as data (`WorkCalendarYear` with its exceptions as `WorkCalendarDay`, page
/core/calendar/); an office year wins over the library (the office may correct it). A year neither
knows raises `CalendarMissing(year)`: the platform says which calendar to add rather than guess.

    add_working_days(date(2024, 9, 27), 7) == date(2024, 10, 12)   # 国庆 and the make-up Saturday
    add_working_days_many(starts, 15)      # 100,000 deadlines: one sorted list of days and bisect
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import chinese_calendar

# The furthest the n-th working day can lie: n working days take at most n * 7 / 5 calendar days,
# plus the longest run of holidays beyond weekends (Spring Festival / National Day, 8 days).
SLACK_DAYS = 14


class CalendarMissing(Exception):
    """The working-day calendar of `year` is not known (neither the library nor the office has it)."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"系统还没有 {year} 年的工作日历（节假日和调休安排），无法按工作日计算期限："
                         f"请市级管理员在“工作日历”（/core/calendar/）中添加 {year} 年的放假和调休上班日期。")


@lru_cache(maxsize=64)
def _library_year(year: int) -> tuple[dt.date, ...] | None:
    """The working days of a year the library knows, else None (cached: the library is fixed)."""
    first = dt.date(year, 1, 1)
    try:
        chinese_calendar.is_workday(first)
    except NotImplementedError:
        return None
    days = (first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days))
    return tuple(d for d in days if chinese_calendar.is_workday(d))


def library_years() -> list[int]:
    """The years `chinesecalendar` knows (2004–2026 for version 1.11.0)."""
    return [y for y in range(1990, 2100) if _library_knows(y)]


@lru_cache(maxsize=256)
def _library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _office_years() -> dict[int, dict[dt.date, bool]]:
    """Every office-added year with its exceptions (two small queries; read per call, never
    cached across calls, so an edit counts at once)."""
    from qualitybrand.core.models import WorkCalendarDay, WorkCalendarYear

    years: dict[int, dict[dt.date, bool]] = {y: {} for y in WorkCalendarYear.objects.values_list("year", flat=True)}
    for year, day, is_workday in WorkCalendarDay.objects.values_list("calendar__year", "date", "is_workday"):
        years[year][day] = is_workday
    return years


def _office_year_days(year: int, exceptions: dict[dt.date, bool]) -> tuple[dt.date, ...]:
    first = dt.date(year, 1, 1)
    out = []
    for i in range((dt.date(year + 1, 1, 1) - first).days):
        d = first + dt.timedelta(days=i)
        if exceptions.get(d, d.weekday() < 5):
            out.append(d)
    return tuple(out)


class Calendar:
    """Working days of the years asked for so far, as one sorted list (for bisect)."""

    def __init__(self):
        self.office = _office_years()
        self.days: list[dt.date] = []
        self.first_year: int | None = None
        self.last_year: int | None = None

    def year_days(self, year: int) -> tuple[dt.date, ...]:
        if year in self.office:
            return _office_year_days(year, self.office[year])
        days = _library_year(year)
        if days is None:
            raise CalendarMissing(year)
        return days

    def _span(self, first_year: int, last_year: int) -> list[dt.date]:
        return [d for y in range(first_year, last_year + 1) for d in self.year_days(y)]

    def cover(self, first_year: int, last_year: int) -> None:
        """Extend the list to these years; a missing year raises before anything changes."""
        if self.first_year is None:
            self.days = self._span(first_year, last_year)
            self.first_year, self.last_year = first_year, last_year
            return
        before = self._span(first_year, self.first_year - 1) if first_year < self.first_year else []
        after = self._span(self.last_year + 1, last_year) if last_year > self.last_year else []
        self.days = before + self.days + after
        self.first_year, self.last_year = min(first_year, self.first_year), max(last_year, self.last_year)

    def nth_after(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (the calendar covers start's year onwards)."""
        while True:
            index = bisect.bisect_right(self.days, start) + n - 1
            if index < len(self.days):
                return self.days[index]
            self.cover(self.first_year, self.last_year + 1)  # raises CalendarMissing for an unknown year


def _check_n(n: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError("工作日天数应为正整数。")


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (start itself never counts). CalendarMissing(year) when a
    year on the way is unknown."""
    return add_working_days_many([start], n)[0]


def add_working_days_many(starts: Iterable[dt.date], n: int) -> list[dt.date]:
    """`add_working_days` for many starts at once, in their order: one list of working days from the
    earliest start's year to past the latest deadline, then a bisect per start."""
    _check_n(n)
    starts = list(starts)
    if not starts:
        return []
    calendar = Calendar()
    last = max(starts) + dt.timedelta(days=n * 7 // 5 + SLACK_DAYS)
    calendar.cover(min(starts).year, max(starts).year)
    for year in range(calendar.last_year + 1, last.year + 1):
        try:
            calendar.cover(calendar.first_year, year)
        except CalendarMissing:
            break  # only a deadline that really reaches that year needs it (nth_after says so)
    return [calendar.nth_after(s, n) for s in starts]


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day. CalendarMissing(year) when its year is unknown."""
    calendar = Calendar()
    return day in set(calendar.year_days(day.year))


def known_years() -> list[dict]:
    """Every year the platform can count working days in, with where its calendar comes from."""
    from qualitybrand.core.models import WorkCalendarYear

    office = {y.year: y for y in WorkCalendarYear.objects.all()}
    rows = [{"year": y, "source": "chinesecalendar 程序库（国务院办公厅通知）", "office": None}
            for y in library_years() if y not in office]
    rows += [{"year": y.year, "source": y.source, "office": y} for y in office.values()]
    return sorted(rows, key=lambda r: r["year"], reverse=True)


HOLIDAY_NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                 "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
                 "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日"}


def library_exceptions(year: int) -> list[tuple[dt.date, bool, str]]:
    """The library's days off on weekdays and make-up working days on weekends of `year` (for the
    calendar page), as (date, is_workday, name)."""
    if _library_year(year) is None:
        return []
    working = set(_library_year(year))
    out = []
    first = dt.date(year, 1, 1)
    for i in range((dt.date(year + 1, 1, 1) - first).days):
        d = first + dt.timedelta(days=i)
        if (d.weekday() < 5) != (d in working):
            _, holiday = chinese_calendar.get_holiday_detail(d)
            name = HOLIDAY_NAMES.get(str(holiday), str(holiday or ""))
            out.append((d, d in working, f"{name}调休上班" if d in working and name else name))
    return out
