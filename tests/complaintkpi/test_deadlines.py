"""Statutory deadlines in working days (supervision.md § Complaints), against hand-worked examples.

Each expected date is counted by hand from the State Council's holiday notices (see the comments)."""

import datetime as dt

import pytest

from qualitybrand.complaints import deadlines
from qualitybrand.complaints.deadlines import BUILTIN, Rules, RuleValues, dues_for

D = dt.date
pytestmark = pytest.mark.django_db  # the office-added calendar years are read from the database


def row(category="投诉", registered=D(2024, 9, 27), accepted=None, closed=None, extended=False, result=""):
    return {"category": category, "registered": registered, "accepted": accepted, "closed": closed,
            "extended": extended, "result": result}


def one(r, rules=None):
    return dues_for([r], rules or Rules([BUILTIN]))[0]


def test_national_day_2024_acceptance():
    # 9-29 (Sun, make-up) 1, 9-30 2, 10-1…10-7 off, 10-8…10-11 3–6, 10-12 (Sat, make-up) 7
    assert one(row()).accept == D(2024, 10, 12)


def test_national_day_2024_report_and_extension():
    # 15: … 10-14 8, 10-15 9, 10-16 10, 10-17 11, 10-18 12, 10-21 13, 10-22 14, 10-23 15
    assert one(row("举报")).verify == D(2024, 10, 23)
    assert one(row("举报")).accept is None
    # 30: 10-24 … 10-31 (16–21), 11-1 22, 11-4…11-8 (23–27), 11-11 28, 11-12 29, 11-13 30
    assert one(row("举报", extended=True)).verify == D(2024, 11, 13)


def test_mediation_45_working_days_after_acceptance():
    # accepted 9-30: October 19 working days (10-8…10-12, 10-14…18, 21…25, 28…31), November 21 → 40,
    # December 2…6 → 45
    dues = one(row(accepted=D(2024, 9, 30)))
    assert dues.mediate == D(2024, 12, 6)
    assert dues.accept == D(2024, 10, 12)


def test_spring_festival_2024():
    # off 2-10…2-17; 2-9 (除夕, Fri) is a working day, 2-18 (Sun) a make-up day:
    # 2-9 1, 2-18 2, 2-19 3, 2-20 4, 2-21 5, 2-22 6, 2-23 7
    assert one(row(registered=D(2024, 2, 8))).accept == D(2024, 2, 23)


def test_spring_festival_2025():
    # off 1-28…2-4; make-up 1-26 (Sun) and 2-8 (Sat):
    # 1-26 1, 1-27 2, 2-5 3, 2-6 4, 2-7 5, 2-8 6, 2-10 7
    assert one(row(registered=D(2025, 1, 24))).accept == D(2025, 2, 10)


def test_unconfirmed_rule_after_2026_04_15_uses_last_confirmed_values():
    # 劳动节 2026: off 5-1…5-5, make-up 5-9 (Sat): 5-6 1, 5-7 2, 5-8 3, 5-9 4, 5-11 5, 5-12 6, 5-13 7
    dues = one(row(registered=D(2026, 4, 30)))
    assert dues.accept == D(2026, 5, 13)
    assert dues.rule == BUILTIN
    assert dues.notice and dues.notice.startswith("规则版本未确认")
    assert one(row(registered=D(2026, 4, 14))).notice is None


def test_entered_but_unconfirmed_version_keeps_notice_and_confirmed_one_applies():
    new = RuleValues("samr-121", "总局令第121号", D(2026, 4, 15), None, 5, 30, 10, 10, False)
    rules = Rules([BUILTIN, new])
    dues = one(row(registered=D(2026, 4, 30)), rules)
    assert dues.rule == BUILTIN and "总局令第121号" in dues.notice
    confirmed = Rules([BUILTIN, RuleValues(**{**new.__dict__, "confirmed": True})])
    dues = one(row(registered=D(2026, 4, 30)), confirmed)
    assert dues.notice is None and dues.rule.code == "samr-121"
    assert dues.accept == D(2026, 5, 11)  # 5 working days: 5-6, 5-7, 5-8, 5-9, 5-11


def test_before_the_first_version_uses_its_values_without_notice():
    rule, notice = deadlines.rule_for(D(2018, 5, 2), Rules([BUILTIN]))
    assert rule == BUILTIN and notice is None


def test_due_beyond_the_known_calendar_is_none_with_the_year():
    dues = one(row(registered=D(2026, 12, 28)))
    assert dues.accept is None and dues.missing_year == 2027
    assert one(row(registered=D(2027, 3, 1))).accept is None
    # the same batch still computes what the calendar knows
    both = dues_for([row(registered=D(2026, 12, 28)), row()], Rules([BUILTIN]))
    assert both[0].accept is None and both[1].accept == D(2024, 10, 12)


def test_office_added_year_is_used(db):
    from qualitybrand.core.models import WorkCalendarDay, WorkCalendarYear

    year = WorkCalendarYear.objects.create(year=2027, source="国办发明电〔2026〕")
    WorkCalendarDay.objects.create(calendar=year, date=D(2027, 1, 1), is_workday=False)
    # 12-29 1, 12-30 2, 12-31 3, (1-1 off), 1-4 4, 1-5 5, 1-6 6, 1-7 7
    assert one(row(registered=D(2026, 12, 28))).accept == D(2027, 1, 7)


def test_current_and_close_deadlines():
    c = row(accepted=D(2024, 10, 8))
    dues = one(c)
    assert deadlines.current_of(c, dues, D(2024, 10, 7)) == dues.accept
    assert deadlines.current_of(c, dues, D(2024, 10, 8)) == dues.mediate
    assert deadlines.close_of(c, dues) == dues.mediate
    assert deadlines.close_of(row(), one(row())) == D(2024, 10, 12)
    r = row("举报", extended=True)
    assert deadlines.current_of(r, one(r), D(2024, 10, 1)) == D(2024, 11, 13)


def test_many_rows_match_one_at_a_time():
    import random

    rnd = random.Random(14)
    rows = []
    for _ in range(300):
        reg = D(2023, 1, 1) + dt.timedelta(days=rnd.randrange(1100))
        acc = reg + dt.timedelta(days=rnd.randrange(12)) if rnd.random() < 0.5 else None
        rows.append(row(rnd.choice(["投诉", "举报"]), reg, acc, extended=rnd.random() < 0.3))
    rules = Rules([BUILTIN])
    together = dues_for(rows, rules)
    from qualitybrand.core.workdays import add_working_days

    for r, dues in zip(rows, together):
        if r["category"] == "举报":
            assert dues.verify == add_working_days(r["registered"], 30 if r["extended"] else 15)
        else:
            assert dues.accept == add_working_days(r["registered"], 7)
            assert dues.mediate == (add_working_days(r["accepted"], 45) if r["accepted"] else None)
