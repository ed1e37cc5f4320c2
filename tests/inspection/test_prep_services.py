"""迎检 services: start, draft from the engine, manual scores, what-if — and the refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.models import ChangeLog
from qualitybrand.inspection import selectors, services, whatif
from qualitybrand.inspection.models import ItemEvaluation, Preparation
from tests.factories import UserFactory
from tests.inspection.factories import preparation, province_scheme

pytestmark = pytest.mark.django_db


def test_city_admin_starts_a_preparation_for_a_scheme_assessing_its_city(city_user):
    scheme = province_scheme()
    assert list(selectors.schemes_for_city(city_user)) == [scheme]
    prep = services.start_preparation(city_user, scheme, as_of="2013-12-31", deadline="2014-01-20")
    assert prep.region.code == "620500" and prep.title == f"{scheme.name}迎检自评"
    assert ChangeLog.objects.filter(model="inspection.preparation", object_id=str(prep.pk), action="create").exists()


def test_a_scheme_assessing_another_region_is_refused(city_user, regions):
    scheme = province_scheme("620502")
    assert list(selectors.schemes_for_city(city_user)) == []
    with pytest.raises(ValidationError, match="不是考核本市的方案"):
        services.start_preparation(city_user, scheme, as_of="2013-12-31", deadline="2014-01-20")
    assert not Preparation.objects.exists()


def test_bad_dates_are_refused_in_chinese(city_user):
    scheme = province_scheme()
    with pytest.raises(ValidationError, match="不是有效日期"):
        services.start_preparation(city_user, scheme, as_of="2013-13-01", deadline="2014-01-20")
    with pytest.raises(ValidationError, match="不在方案年度"):
        services.start_preparation(city_user, scheme, as_of="2014-01-01", deadline="2014-01-20")
    with pytest.raises(ValidationError, match="不能早于"):
        services.start_preparation(city_user, scheme, as_of="2013-12-31", deadline="2013-12-01")
    assert not Preparation.objects.exists()


def test_a_county_may_not_start(county_user):
    scheme = province_scheme()
    with pytest.raises(PermissionDenied):
        services.start_preparation(county_user, scheme, as_of="2013-12-31", deadline="2014-01-20")


def test_draft_stores_engine_scores_and_manual_rows(regions):
    prep = preparation()
    stored = {e.item_code: e for e in prep.items.all()}
    assert set(stored) == {"A1", "A2", "A3", "A4", "D1", "V1"}
    # no records: no applications (0 of the target 200), no pass rate, no incidents
    assert stored["A1"].score == Decimal("0.00") and stored["A2"].score == Decimal("0.00")
    assert stored["A2"].value == ""
    assert stored["A3"].score is None and stored["A4"].score is None
    standing = selectors.standing(prep)
    assert standing.total == Decimal("0.00") and standing.missing == ["A3", "A4"] and not standing.vetoed


def test_redraft_keeps_manual_scores(regions, city_user):
    prep = preparation()
    services.score_manual(city_user, prep, "A3", "25.5", "机制健全", reviewed=True)
    services.draft(city_user, prep)
    ev = prep.items.get(item_code="A3")
    assert ev.score == Decimal("25.50") and ev.explanation == "机制健全" and ev.reviewed


def test_manual_score_out_of_range_is_refused_and_nothing_saved(regions, city_user):
    prep = preparation()
    for bad, message in [("31", "超出范围"), ("-1", "超出范围"), ("abc", "不是数字"), ("1.234", "两位小数")]:
        with pytest.raises(ValidationError, match=message):
            services.score_manual(city_user, prep, "A3", bad)
    with pytest.raises(ValidationError, match="不是本方案的人工评分项"):
        services.score_manual(city_user, prep, "A1", "5")
    assert prep.items.get(item_code="A3").score is None


def test_manual_score_is_change_logged_and_counts(regions, city_user):
    prep = preparation()
    services.score_manual(city_user, prep, "A3", "30", "完整")
    services.score_manual(city_user, prep, "A4", "28")
    ev = prep.items.get(item_code="A3")
    assert ChangeLog.objects.filter(model="inspection.itemevaluation", object_id=str(ev.pk), action="update").exists()
    standing = selectors.standing(prep)
    assert standing.total == Decimal("58.00") and standing.grade == "合格" and standing.missing == []


def test_another_citys_admin_cannot_write(regions):
    prep = preparation()
    other = UserFactory(role="city_admin", region=regions["620503"])  # an admin bound below the city
    with pytest.raises(PermissionDenied):
        services.score_manual(other, prep, "A3", "10")
    with pytest.raises(PermissionDenied):
        services.draft(other, prep)
    leader = UserFactory(role="leader", region=regions["620500"])
    with pytest.raises(PermissionDenied):
        services.score_manual(leader, prep, "A3", "10")


def test_what_if_lists_movable_items_with_needed_values(regions, city_user):
    prep = preparation()
    services.score_manual(city_user, prep, "A4", "20", reviewed=False)
    rows = selectors.item_rows(prep)
    movable = {m.row.code: m for m in whatif.movable_items(prep, rows)}
    assert set(movable) == {"A1", "A2", "A3", "A4"}
    assert movable["A1"].needed.startswith("≥ 200")
    assert movable["A2"].needed.startswith("≥ 95")
    assert movable["A3"].reason == "人工评分项，尚未评分" and movable["A4"].reason == "人工评分项，尚未审核"


def test_what_if_computes_without_storing(regions, city_user):
    prep = preparation()
    rows = selectors.item_rows(prep)
    before = list(ItemEvaluation.objects.values_list("item_code", "value", "score"))
    result = whatif.compute(prep, rows, {"insp.pass_rate": Decimal("90"), "tm.applications": Decimal("200")},
                            {"A3": Decimal("30"), "A4": Decimal("30")})
    assert result.items["A2"] == Decimal("10.00") and result.items["A1"] == Decimal("20.00")
    assert result.total == Decimal("90.00") and result.grade == "优秀"
    vetoed = whatif.compute(prep, rows, {"incident.major": Decimal("1")}, {})
    assert vetoed.vetoed == ["V1"] and vetoed.grade == "不合格"
    assert list(ItemEvaluation.objects.values_list("item_code", "value", "score")) == before


def test_start_twice_is_refused(city_user):
    scheme = province_scheme()
    services.start_preparation(city_user, scheme, as_of=dt.date(2013, 12, 31), deadline=dt.date(2014, 1, 20))
    with pytest.raises(ValidationError, match="已为考核方案"):
        services.start_preparation(city_user, scheme, as_of=dt.date(2013, 12, 31), deadline=dt.date(2014, 1, 20))
