"""Periods (indicators.md): "year Y" is [Y-01-01, Y-12-31]; "as of D" is [Jan 1 of D's year, D].

Pages show a year as `reporting_period(year)`: a past year whole, the current year up to today (a stock
counted at Dec 31 of a year not yet over would drop marks still in force today, and a half year would be
compared with a whole one). The command line and the API keep the contract's meaning of `year`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def as_of(cls, day: dt.date) -> Period:
        return cls(dt.date(day.year, 1, 1), day)

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        """Any span of days (a campaign's period), both ends included; refused when it ends before it starts."""
        if end < start:
            raise ValueError(f"统计期的结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}。")
        return cls(start, end)

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @property
    def is_whole_year(self) -> bool:
        return self.start == dt.date(self.start.year, 1, 1) and self.end == dt.date(self.start.year, 12, 31)

    def same_span_a_year_before(self) -> Period:
        """The same days of the previous year (29 February becomes the 28th)."""
        return Period(_year_before(self.start), _year_before(self.end))

    def label(self) -> str:
        """`2013 年度` for a whole year, `2014 年 1 月 1 日至 7 月 10 日` for part of one (the end's year
        too when the span crosses a year)."""
        if self.is_whole_year:
            return f"{self.start.year} 年度"
        if self.start.year != self.end.year:  # a span across years (Period.between)
            return (f"{self.start.year} 年 {self.start.month} 月 {self.start.day} 日至 "
                    f"{self.end.year} 年 {self.end.month} 月 {self.end.day} 日")
        return (f"{self.start.year} 年 {self.start.month} 月 {self.start.day} 日至 "
                f"{self.end.month} 月 {self.end.day} 日")

    def span_label(self) -> str:
        """The comparison's word on a figure: `上年` for whole years, `上年同期` for part of one."""
        return "上年" if self.is_whole_year else "上年同期"

    def comparison_note(self) -> str:
        """What the year-on-year change compares, said once on the page."""
        before = self.same_span_a_year_before()
        if self.is_whole_year:
            return f"同比：与 {before.start.year} 年度比较"
        return f"同比：与上年同期（{before.label()}）比较"


def _year_before(day: dt.date) -> dt.date:
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def reporting_end(year: int, today: dt.date | None = None) -> dt.date:
    """The last day a page counts for `year`: Dec 31 of a past year, today in the current year
    (Jan 1 of a year not yet begun)."""
    from qualitybrand.core import clock

    today = today or clock.today()
    return max(dt.date(year, 1, 1), min(today, dt.date(year, 12, 31)))


def reporting_period(year: int, today: dt.date | None = None) -> Period:
    """The one rule for the period a page shows for `year` (dashboard, catalog, targets, exports)."""
    return Period(dt.date(year, 1, 1), reporting_end(year, today))
