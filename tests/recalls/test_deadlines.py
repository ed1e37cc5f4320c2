"""Recall deadlines, hand-worked across 2024's National Day (国庆 10-01…10-07; 调休上班 Sun 09-29 and Sat 10-12).

Working days after Fri 2024-09-27: 09-29 (1), 09-30 (2), 10-08 (3), 10-09 (4), 10-10 (5), 10-11 (6),
10-12 (7), 10-14 (8), 10-15 (9), 10-16 (10), 10-17 (11), 10-18 (12), 10-21 (13) …
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from qualitybrand.recalls import deadlines as dl

pytestmark = pytest.mark.django_db
D = dt.date


def at(y, m, d, h=0, mi=0):
    return timezone.make_aware(dt.datetime(y, m, d, h, mi))


def rec(pk=1, **kw):
    base = dict(pk=pk, product_type="消费品", level="", decided=D(2024, 9, 27), decided_at=at(2024, 9, 27, 9),
                plan_submitted=None, published=None, stopped_at=None, closed=None, status="已启动")
    base.update(kw)
    return SimpleNamespace(**base)


def by_key(rows):
    return {d.key: d for d in rows}


def test_consumer_plan_ten_working_days_across_golden_week():
    rows = by_key(dl.deadlines(rec(), at(2024, 10, 14, 10)))
    assert rows["plan"].due == D(2024, 10, 16)
    # before the plan is in, publication is due 3 working days after the plan's deadline
    assert rows["publish"].due == D(2024, 10, 21)
    assert rows["plan"].state == "open" and rows["plan"].left == "还剩 2 天"


def test_consumer_publication_three_working_days_after_the_plan():
    # plan in on Fri 10-11: 10-12 (the make-up Saturday), 10-14, 10-15
    rows = by_key(dl.deadlines(rec(plan_submitted=D(2024, 10, 11), status="计划已提交"), at(2024, 10, 16, 8)))
    assert rows["plan"].state == "done"
    assert rows["publish"].due == D(2024, 10, 15) and rows["publish"].state == "overdue"
    assert rows["publish"].left == "已逾期 1 天"
    assert dl.is_overdue(list(rows.values()))


def test_a_step_on_its_due_day_is_on_time_and_a_later_one_late():
    on_time = by_key(dl.deadlines(rec(plan_submitted=D(2024, 10, 16)), at(2024, 10, 20)))["plan"]
    late = by_key(dl.deadlines(rec(plan_submitted=D(2024, 10, 18)), at(2024, 10, 20)))["plan"]
    assert (on_time.state, late.state, late.left) == ("done", "late", "逾期 2 天完成")


@pytest.mark.parametrize("level, hours, finish", [("一级", 24, D(2024, 10, 18)), ("二级", 48, D(2024, 11, 1)),
                                                   ("三级", 72, D(2024, 11, 15))])
def test_food_hours_to_stop_and_working_days_to_finish(level, hours, finish):
    # decided Mon 09-30 10:00; 10 working days: 10-08 … 10-12 (5), 10-14 … 10-18 (10); 20 → 11-01; 30 → 11-15
    r = rec(product_type="食品", level=level, decided=D(2024, 9, 30), decided_at=at(2024, 9, 30, 10))
    rows = by_key(dl.deadlines(r, at(2024, 9, 30, 20)))
    assert rows["stop"].due == at(2024, 9, 30, 10) + dt.timedelta(hours=hours)
    assert rows["stop"].is_hours and rows["stop"].state == "open"
    assert rows["finish"].due == finish


def test_food_stop_counts_in_hours_and_minutes():
    r = rec(product_type="食品", level="一级", decided=D(2024, 9, 30), decided_at=at(2024, 9, 30, 10))
    stop = by_key(dl.deadlines(r, at(2024, 9, 30, 20, 30)))["stop"]
    assert stop.left == "还剩 13 小时 30 分"
    late = by_key(dl.deadlines(r, at(2024, 10, 1, 12)))["stop"]
    assert (late.state, late.left) == ("overdue", "已逾期 2 小时 0 分")
    done = by_key(dl.deadlines(SimpleNamespace(**{**vars(r), "stopped_at": at(2024, 10, 1, 9)}),
                               at(2024, 10, 2)))["stop"]
    assert done.state == "done"


def test_closed_recalls_have_nothing_overdue():
    rows = dl.deadlines(rec(status="监督结束", closed=D(2024, 10, 10)), at(2024, 12, 1))
    assert not dl.is_overdue(rows) and {d.state for d in rows} == {"stopped"}


def test_a_deadline_beyond_the_known_calendar_says_which_year_to_add():
    rows = by_key(dl.deadlines(rec(decided=D(2026, 12, 28), decided_at=at(2026, 12, 28)), at(2026, 12, 29)))
    assert rows["plan"].due is None and rows["plan"].state == "unknown"
    assert "2027" in rows["plan"].problem
    assert not dl.is_overdue(list(rows.values()))


def test_many_recalls_in_one_computation():
    many = [rec(pk=i, decided=D(2024, 9, 27)) for i in range(1, 4)] + [
        rec(pk=9, product_type="食品", level="二级", decided=D(2024, 9, 30), decided_at=at(2024, 9, 30, 10))]
    out = dl.deadlines_many(many, at(2024, 10, 14))
    assert [by_key(out[i])["plan"].due for i in (1, 2, 3)] == [D(2024, 10, 16)] * 3
    assert by_key(out[9])["finish"].due == D(2024, 11, 1)
    assert dl.next_open(out[9]).key == "stop" and by_key(out[9])["stop"].state == "overdue"
