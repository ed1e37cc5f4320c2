"""Periods (indicators.md): "year Y" is [Y-01-01, Y-12-31]; "as of D" is [Jan 1 of D's year, D]."""

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

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}
