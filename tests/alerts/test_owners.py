"""for_user: who hears about which warning (warnings.md “Who hears about it”, roles decided in owners.py)."""

import datetime as dt

import pytest

from qualitybrand.alerts import services
from qualitybrand.alerts.engine import for_user
from qualitybrand.core.models import Department
from tests.api.factories import InspectionFactory
from tests.factories import UserFactory

D = dt.date(2014, 7, 10)
pytestmark = pytest.mark.django_db

TARGETS = """
kind: targets
code: owners-2014
name: 2014年目标
year: 2014
region: "620500"
items:
  - indicator: tm.applications
    target: 100
    allocations: {"620502": 10}
"""


def seen(user, **kw):
    return [(a.rule, a.key) for a in for_user(user, D, **kw)]


@pytest.fixture
def failures(holder):
    for day in (dt.date(2014, 3, 1), dt.date(2014, 4, 1)):
        InspectionFactory(entity=holder, conclusion="不合格", sampled=day)


def test_offices_and_leaders_see_their_region_and_below(marks, failures, holder, regions, city_user, county_user):
    everything = seen(city_user)
    assert everything == [("insp.repeat_failure", holder.uscc), ("tm.renewal", "10000103"),   # due 05-01, 08-01
                          ("tm.renewal", "10000101"), ("tm.renewal", "10000102")]
    assert seen(county_user) == [("insp.repeat_failure", holder.uscc), ("tm.renewal", "10000101"),
                                 ("tm.renewal", "10000102")]
    assert seen(UserFactory(role="leader", region=regions["620500"])) == everything
    assert seen(UserFactory(role="county", region=regions["620503"])) == [("tm.renewal", "10000103")]
    assert seen(UserFactory(role="county", region=regions["620521"])) == []
    assert seen(UserFactory(is_superuser=True, role="")) == everything


def test_enterprise_hears_of_its_own_marks_including_office_rules_on_them(marks, failures, holder, regions):
    services.create_office_rule(None, code="office.tm_180", name="续展（180 天）", base="tm.renewal",
                                params={"window_days": 180, "urgent_days": 30, "level": "预警", "urgent_level": "紧急"})
    user = UserFactory(role="enterprise", region=regions["620502"], entity=holder)
    assert seen(user) == [("office.tm_180", "10000101"), ("tm.renewal", "10000101"), ("tm.renewal", "10000102")]
    assert seen(UserFactory(role="enterprise", region=regions["620502"], entity=None)) == []


def test_department_hears_of_lagging_targets_of_its_own_indicators(regions):
    from qualitybrand.planning.loading import load_text

    assert load_text(TARGETS).ok
    market = Department.objects.get(name="市场监管")
    other = Department.objects.exclude(name="市场监管").first()
    assert seen(UserFactory(role="department", region=regions["620500"], department=market)) == [
        ("target.lag", "owners-2014|tm.applications|620500"), ("target.lag", "owners-2014|tm.applications|620502")]
    assert seen(UserFactory(role="department", region=regions["620500"], department=other)) == []


def test_experts_inactive_and_no_user_hear_nothing(marks, regions):
    assert seen(UserFactory(role="expert")) == []
    assert seen(UserFactory(role="city_admin", region=regions["620500"], is_active=False)) == []
    assert for_user(None, D) == []


def test_rules_filter_applies(marks, failures, city_user):
    assert seen(city_user, rules=["insp.repeat_failure"]) == [("insp.repeat_failure", marks[0].holder.uscc)]
