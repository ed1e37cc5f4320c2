"""Working days (supervision.md § Working days), hand-worked from the State Council notices."""

import datetime as dt

import pytest

from qualitybrand.core.models import WorkCalendarDay, WorkCalendarYear
from qualitybrand.core.workdays import (
    CalendarMissing,
    add_working_days,
    add_working_days_many,
    is_working_day,
    known_years,
)

D = dt.date


@pytest.mark.django_db
class TestLibraryYears:
    def test_national_day_and_make_up_saturday(self):
        # 9-28 Sat, 9-29 Sun (make-up day), 9-30 Mon, then 10-1..10-7 off, 10-8 Tue … 10-11 Fri, 10-12 Sat (make-up)
        assert add_working_days(D(2024, 9, 27), 7) == D(2024, 10, 12)
        assert add_working_days(D(2024, 9, 27), 1) == D(2024, 9, 29)
        assert add_working_days(D(2024, 9, 27), 2) == D(2024, 9, 30)
        assert add_working_days(D(2024, 9, 27), 3) == D(2024, 10, 8)

    def test_spring_festival_2024(self):
        # 2-4 Sun is a make-up day; 2-10 … 2-17 off; 2-18 Sun is a make-up day
        assert is_working_day(D(2024, 2, 4)) is True
        assert is_working_day(D(2024, 2, 9)) is True
        assert is_working_day(D(2024, 2, 12)) is False
        assert is_working_day(D(2024, 2, 18)) is True
        assert add_working_days(D(2024, 2, 8), 1) == D(2024, 2, 9)
        assert add_working_days(D(2024, 2, 8), 2) == D(2024, 2, 18)
        assert add_working_days(D(2024, 2, 8), 3) == D(2024, 2, 19)

    def test_start_on_a_holiday_counts_from_the_next_working_day(self):
        assert add_working_days(D(2024, 10, 3), 1) == D(2024, 10, 8)

    def test_fifteen_days_across_a_year_end(self):
        # 2023-12-29 Fri: 1-1 off; Jan 2024 working days 2,3,4,5,8,9,10,11,12,15,16,17,18,19,22
        assert add_working_days(D(2023, 12, 29), 15) == D(2024, 1, 22)

    def test_many_agree_with_one_by_one(self):
        starts = [D(2024, 9, 27), D(2024, 2, 8), D(2023, 12, 29), D(2024, 9, 27), D(2025, 12, 31)]
        assert add_working_days_many(starts, 7) == [add_working_days(s, 7) for s in starts]
        assert add_working_days_many([], 7) == []

    def test_zero_or_negative_days_refused(self):
        with pytest.raises(ValueError):
            add_working_days(D(2024, 1, 2), 0)


@pytest.mark.django_db
class TestMissingYears:
    def test_year_the_library_does_not_know(self):
        with pytest.raises(CalendarMissing) as info:
            add_working_days(D(2026, 12, 30), 5)
        assert info.value.year == 2027
        assert "2027 年的工作日历" in str(info.value)

    def test_late_year_needed_only_when_reached(self):
        assert add_working_days(D(2026, 12, 1), 3) == D(2026, 12, 4)

    def test_is_working_day_unknown_year(self):
        with pytest.raises(CalendarMissing):
            is_working_day(D(2030, 5, 6))

    def test_office_added_year(self):
        year = WorkCalendarYear.objects.create(year=2027, source="国办发明电〔2026〕1号", confirmed=True)
        WorkCalendarDay.objects.create(calendar=year, date=D(2027, 1, 1), is_workday=False, name="元旦")
        WorkCalendarDay.objects.create(calendar=year, date=D(2027, 1, 2), is_workday=True, name="调休上班")
        # 2026-12-31 Thu → 1-1 Fri off, 1-2 Sat make-up, 1-4 Mon
        assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 2)
        assert add_working_days(D(2026, 12, 31), 2) == D(2027, 1, 4)
        assert is_working_day(D(2027, 1, 1)) is False
        assert any(r["year"] == 2027 and r["office"] == year for r in known_years())
