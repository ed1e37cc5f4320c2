"""assign.overdue 交办任务逾期: one warning per overdue assignee, escalating, closing on acceptance; who hears."""

import datetime as dt

import pytest

from qualitybrand.alerts.engine import compute, for_user
from qualitybrand.assignments.models import Assignee
from tests.assignments.factories_ranking import (
    ACCEPTED,
    OPEN,
    accepted_on,
    city_story,
    department,
    make_task,
    town,
)
from tests.factories import UserFactory

D = dt.date(2014, 7, 10)
RULE = ["assign.overdue"]
pytestmark = pytest.mark.django_db


def keys(alerts):
    return {(a.key, a.region_code, a.level) for a in alerts}


def test_one_warning_per_overdue_assignee(regions):
    tasks = city_story(regions)
    report = tasks[2]
    alerts = compute(D, rules=RULE)
    assert keys(alerts) == {(f"{report.pk}|环保", "620500", "紧急"), (f"{report.pk}|620502", "620502", "紧急")}
    one = next(a for a in alerts if a.key.endswith("环保"))
    assert one.due == dt.date(2014, 6, 20) and one.object_type == "交办任务"
    assert "重点区域环境质量报告" in one.message and "已逾期 20 天" in one.message and "天水市" in one.message
    assert one.as_json()["rule"] == "assign.overdue"


def test_level_escalates_with_days_overdue(regions):
    city_story(regions)
    assert {a.level for a in compute(dt.date(2014, 6, 25), rules=RULE)} == {"预警"}   # 5 days
    assert {a.level for a in compute(dt.date(2014, 7, 5), rules=RULE)} == {"紧急"}    # 15 days
    assert compute(dt.date(2014, 6, 20), rules=RULE) == []  # the deadline day itself is not overdue


def test_closes_when_accepted_and_history_is_kept(regions):
    tasks = city_story(regions)
    Assignee.objects.filter(task=tasks[2]).update(state=ACCEPTED, accepted_at=accepted_on(dt.date(2014, 7, 8)))
    assert compute(D, rules=RULE) == []
    # on a day before the acceptance they were overdue
    assert len(compute(dt.date(2014, 7, 1), rules=RULE)) == 2


def test_cancelled_and_accepted_without_date_never_warn(regions):
    city = regions["620500"]
    make_task(city, "撤销", dt.date(2014, 1, 1), [(regions["620502"], None, OPEN, None)], state="已撤销")
    make_task(city, "已验收", dt.date(2014, 1, 1), [(regions["620503"], None, ACCEPTED, None)])
    assert compute(D, rules=RULE) == []


def test_region_filter_keeps_a_county_and_its_towns(regions):
    city_story(regions)
    qz = regions["620502"]
    t = town(qz, "001", "大城街道")
    make_task(qz, "街道任务", dt.date(2014, 7, 1), [(t, None, OPEN, None)])
    make_task(regions["620503"], "麦积任务", dt.date(2014, 7, 1), [(town(regions["620503"], "001", "道北街道"),
                                                                    None, OPEN, None)])
    got = {a.region_code for a in compute(D, region=qz, rules=RULE)}
    assert got == {"620502", "620502001"}


def test_recipients(regions):
    tasks = city_story(regions)
    qz = regions["620502"]
    make_task(qz, "秦州区住建任务", dt.date(2014, 7, 1), [(qz, department("住建"), OPEN, None)])
    make_task(regions["620500"], "住建逾期", dt.date(2014, 7, 1), [(regions["620500"], department("住建"), OPEN, None)])
    city = UserFactory(role="city_admin", region=regions["620500"])
    county = UserFactory(role="county", region=qz)
    other = UserFactory(role="county", region=regions["620503"])
    hb = UserFactory(role="department", region=regions["620500"], department=department("环保"))
    zj = UserFactory(role="department", region=regions["620500"], department=department("住建"))
    zj_county = UserFactory(role="department", region=qz, department=department("住建"))
    enterprise_like = UserFactory(role="expert", region=regions["620500"])
    assert len(for_user(city, D, rules=RULE)) == 4                      # the office: all it assigned and below
    assert {a.title if hasattr(a, "title") else a.key.split("|")[1] for a in for_user(county, D, rules=RULE)} \
        == {"620502", "住建"}                                            # assigned to it, and what it assigned
    assert for_user(other, D, rules=RULE) == []
    assert [a.key for a in for_user(hb, D, rules=RULE)] == [f"{tasks[2].pk}|环保"]
    assert [a.message.split("”")[0] for a in for_user(zj, D, rules=RULE)] == ["天水市交办的任务“住建逾期"]
    assert [a.message.split("”")[0] for a in for_user(zj_county, D, rules=RULE)] == ["秦州区交办的任务“秦州区住建任务"]
    assert for_user(enterprise_like, D, rules=RULE) == []


def test_department_still_hears_of_target_lag_only_by_indicator(regions):
    """The department hook keeps target.lag as it was: nothing here, and no error."""
    hb = UserFactory(role="department", region=regions["620500"], department=department("环保"))
    assert for_user(hb, D, rules=["target.lag"]) == []
