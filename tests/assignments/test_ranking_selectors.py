"""assignments.ranking: outcomes, the ranking (ties share the better rank), periods and their bad input."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qualitybrand.assignments import ranking as rk
from tests.assignments.factories_ranking import ACCEPTED, OPEN, city_story, department, make_task, town

D = dt.date(2014, 7, 10)
pytestmark = pytest.mark.django_db


def test_outcome_of_each_case():
    deadline = dt.date(2014, 6, 30)
    assert rk.outcome_of(deadline, ACCEPTED, dt.date(2014, 6, 30), D) == (rk.ON_TIME, 0)
    assert rk.outcome_of(deadline, ACCEPTED, dt.date(2014, 7, 3), D) == (rk.LATE, 3)
    assert rk.outcome_of(deadline, OPEN, None, D) == (rk.OVERDUE, 10)
    # accepted after the as-of day: on that day it was still overdue
    assert rk.outcome_of(deadline, ACCEPTED, dt.date(2014, 7, 20), D) == (rk.OVERDUE, 10)
    assert rk.outcome_of(dt.date(2014, 7, 10), OPEN, None, D) == (rk.OPEN, 0)  # due today: not yet overdue
    assert rk.outcome_of(deadline, ACCEPTED, None, D) == (rk.ON_TIME, 0)


def test_city_ranking_of_a_year(regions):
    city_story(regions)
    result = rk.ranking(regions["620500"], rk.parse_span("year", 2014, today=D), D)
    rows = {r.assignee: r for r in result.rows}
    assert set(rows) == {"住建", "环保", "秦州区", "麦积区"}  # the cancelled task counts for nobody
    zj, hb, qz, mj = rows["住建"], rows["环保"], rows["秦州区"], rows["麦积区"]
    assert (zj.assigned, zj.on_time, zj.late, zj.overdue, zj.rate) == (2, 2, 0, 0, 100.0)
    assert (hb.assigned, hb.on_time, hb.late, hb.overdue, hb.rate) == (2, 0, 1, 1, 0.0)
    assert (qz.assigned, qz.on_time, qz.overdue, qz.rate) == (2, 1, 1, 50.0)
    assert (mj.assigned, mj.open, mj.rate, mj.rank) == (1, 1, None, None)
    assert [r.assignee for r in result.rows] == ["住建", "秦州区", "环保", "麦积区"]
    assert [r.rank for r in result.rows] == [1, 2, 3, None]
    assert [(o.assignee, o.overdue_days) for o in result.overdue] == [("环保", 20), ("秦州区", 20)]
    assert result.tasks == 4 and result.rate_text == "50.0%"


def test_ties_share_the_better_rank(regions):
    city, zj, hb = regions["620500"], department("住建"), department("环保")
    qz, mj = regions["620502"], regions["620503"]
    make_task(city, "甲", dt.date(2014, 5, 1), [(city, zj, ACCEPTED, dt.date(2014, 4, 1)),
                                                (city, hb, ACCEPTED, dt.date(2014, 4, 2)),
                                                (qz, None, OPEN, None), (mj, None, ACCEPTED, dt.date(2014, 4, 3))])
    result = rk.ranking(city, rk.parse_span("month", 2014, 5, today=D), D)
    assert [(r.assignee, r.rank) for r in result.rows] == [("住建", 1), ("环保", 1), ("麦积区", 1), ("秦州区", 4)]


def test_periods_pick_tasks_by_deadline(regions):
    city_story(regions)
    city = regions["620500"]
    q2 = rk.ranking(city, rk.parse_span("quarter", 2014, 2, today=D), D)
    assert {line.title for line in q2.lines} == {"质量强市宣传月活动", "重点区域环境质量报告"}
    march = rk.ranking(city, rk.parse_span("month", 2014, 3, today=D), D)
    assert {line.title for line in march.lines} == {"建筑工程质量专项检查"}
    assert rk.ranking(city, rk.parse_span("year", 2013, today=D), D).rows == []


def test_county_ranks_its_towns_and_own_departments_only(regions):
    city_story(regions)
    qz, mj = regions["620502"], regions["620503"]
    t1, t2 = town(qz, "001", "大城街道"), town(mj, "001", "道北街道")
    make_task(qz, "秦州区街道质量提升", dt.date(2014, 6, 1), [(t1, None, OPEN, None), (qz, department("住建"), OPEN, None)])
    make_task(mj, "麦积区街道任务", dt.date(2014, 6, 1), [(t2, None, OPEN, None)])
    result = rk.ranking(qz, rk.parse_span("year", 2014, today=D), D)
    assert {r.assignee for r in result.rows} == {"大城街道", "住建"}
    assert {line.title for line in result.lines} == {"秦州区街道质量提升"}


@pytest.mark.parametrize("args, message", [
    (("year", "1999"), "年度须在 2000 至 2015 之间"),
    (("year", "2016"), "年度须在 2000 至 2015 之间"),
    (("year", "20a4"), "年度“20a4”无效"),
    (("quarter", "2014", "5"), "季度须为 1 至 4"),
    (("month", "2014", "13"), "月份须为 1 至 12"),
    (("month", "2014", "0"), "月份须为 1 至 12"),
    (("month", "2014", ""), "月份“”无效"),
    (("week", "2014"), "周期类型“week”无效"),
])
def test_bad_period_is_refused_in_chinese(args, message):
    with pytest.raises(ValidationError) as exc:
        rk.parse_span(*args, today=D)
    assert message in exc.value.messages[0]


def test_span_labels_and_between():
    assert rk.parse_span("quarter", 2014, 3, today=D).label == "2014年第三季度"
    assert rk.parse_span("month", 2014, 2, today=D).end == dt.date(2014, 2, 28)
    assert rk.span_between(dt.date(2014, 4, 1), dt.date(2014, 6, 30)).label == "2014年第二季度"
    assert rk.span_between(dt.date(2014, 7, 1), dt.date(2014, 7, 31)).label == "2014年7月"
    assert rk.span_between(dt.date(2014, 1, 1), dt.date(2014, 12, 31)).label == "2014年"
    assert rk.span_between(dt.date(2014, 7, 1), dt.date(2014, 12, 31)).label == "2014年下半年"
    assert rk.span_between(dt.date(2014, 1, 1), dt.date(2014, 6, 30)).label == "2014年上半年"
    assert rk.span_between(dt.date(2014, 7, 1), dt.date(2014, 7, 10)).kind == "period"
