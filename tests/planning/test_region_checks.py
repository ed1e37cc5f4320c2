"""Each region check of planning (now the named functions of core/scoping.py) refuses a user of
another region: removing any one of them makes a test here fail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from rest_framework.test import APIClient

from qualitybrand.planning import services
from qualitybrand.planning.loading import load_text
from qualitybrand.planning.models import Dispute, ManualScore, RectificationTask, SelfEvaluation, TargetSet
from tests.factories import EntityFactory, UserFactory
from tests.planning.factories import round_of, target_set


@pytest.fixture
def rnd(regions):
    return round_of("620502", "620503")


@pytest.fixture
def users(regions):
    return {
        "office": UserFactory(role="city_admin", region=regions["620500"]),
        # a city_admin bound to a district: an office, but not of the city's round
        "sub_office": UserFactory(role="city_admin", region=regions["620503"]),
        "county": UserFactory(role="county", region=regions["620502"]),
        "neighbour": UserFactory(role="county", region=regions["620503"]),
        "outsider": UserFactory(role="county", region=regions["620521"]),
        "expert": UserFactory(role="expert", region=regions["620500"]),
        "district_expert": UserFactory(role="expert", region=regions["620503"]),
        "leader": UserFactory(role="leader", region=regions["620500"]),
    }


def _page(user):
    client = Client()
    client.force_login(user)
    return client


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- services: is_office, is_reviewer, ensure_region_user, submit_rectification ---------------

def test_an_office_below_the_rounds_region_is_not_its_office(rnd, users):
    assert services.is_office(users["office"], rnd)
    assert not services.is_office(users["sub_office"], rnd)
    with pytest.raises(PermissionDenied):
        services.finalise_round(users["sub_office"], rnd)
    rnd.refresh_from_db()
    assert not rnd.is_frozen
    response = _page(users["sub_office"]).post(f"/planning/rounds/{rnd.pk}/finalise/")
    assert response.status_code in (403, 404)
    rnd.refresh_from_db()
    assert not rnd.is_frozen


def test_an_expert_of_a_district_does_not_score_the_citys_round(rnd, regions, users):
    with pytest.raises(PermissionDenied):
        services.score_manual(users["district_expert"], rnd, regions["620503"], "M1", "6")
    assert not ManualScore.objects.exists()
    services.score_manual(users["expert"], rnd, regions["620503"], "M1", "6")
    assert ManualScore.objects.count() == 1


def test_a_county_self_evaluates_and_disputes_only_for_itself(rnd, regions, users):
    for user in (users["neighbour"], users["sub_office"], users["leader"]):
        with pytest.raises(PermissionDenied):
            services.submit_self_evaluation(user, rnd, regions["620502"], "M1", "8", "机制健全")
        with pytest.raises(PermissionDenied):
            services.raise_dispute(user, rnd, regions["620502"], "C1", "案件 12 号", "结案日期录错")
    assert not SelfEvaluation.objects.exists() and not Dispute.objects.exists()
    services.submit_self_evaluation(users["county"], rnd, regions["620502"], "M1", "8", "机制健全")
    assert SelfEvaluation.objects.get().region == regions["620502"]


def test_a_county_submits_only_its_own_rectification(rnd, regions, users):
    task = RectificationTask.objects.create(round=rnd, region=regions["620502"], item_code="M1",
                                            item_name="工作机制建设", points=10, lost=10, owner="秦州区",
                                            deadline=rnd.deadline)
    with pytest.raises(PermissionDenied):
        services.submit_rectification(users["neighbour"], task, "已整改。")
    response = _page(users["leader"]).post(f"/planning/tasks/{task.pk}/", {"action": "submit", "report": "已整改。"})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.state == RectificationTask.State.OPEN and task.closing_report == ""
    services.submit_rectification(users["county"], task, "已整改。")
    task.refresh_from_db()
    assert task.state == RectificationTask.State.SUBMITTED


# --- loading: only for the office's own region and below ------------------------------------

TARGETS_OF = """
kind: targets
code: loaded-{code}
name: 装载检查
year: 2013
region: "{code}"
items:
  - {{indicator: tm.applications, target: 10}}
"""


def test_an_office_loads_targets_only_for_its_region_and_below(regions, users):
    result = load_text(TARGETS_OF.format(code="620500"), user=users["sub_office"])
    assert not result.ok and "没有为该区划制定目标" in result.errors[0]
    result = load_text(TARGETS_OF.format(code="620502"), user=users["sub_office"])
    assert not result.ok and "没有为该区划制定目标" in result.errors[0]
    assert not TargetSet.objects.exists()
    assert load_text(TARGETS_OF.format(code="620503"), user=users["sub_office"]).ok
    assert load_text(TARGETS_OF.format(code="620502"), user=users["office"]).ok
    result = load_text(TARGETS_OF.format(code="620502").replace("loaded-", "county-"), user=users["county"])
    assert not result.ok and "没有为该区划制定目标" in result.errors[0]


# --- reads: target sets, schemes, rounds, results, region pages ---------------------------------

def test_target_sets_allocated_to_a_neighbour_stay_hidden(regions, users):
    ts = target_set("620502")
    for user in (users["county"], users["office"], users["leader"]):
        assert _api(user).get(f"/api/v1/target-sets/{ts.code}/").status_code == 200
    for user in (users["neighbour"], users["sub_office"]):
        assert _api(user).get(f"/api/v1/target-sets/{ts.code}/").status_code == 404
        assert _api(user).get("/api/v1/target-sets/").json()["count"] == 0
        assert _page(user).get(f"/planning/targets/{ts.code}/").status_code == 404


def test_an_enterprise_sees_no_target_set_allocated_to_its_county(regions):
    """Fixed: the allocation rule once let any user bound to a region see the sets allocating to
    it, although enterprises may not see target sets (OFFICE_ACTIONS)."""
    ts = target_set("620502")
    firm = EntityFactory(region=regions["620502"])
    user = UserFactory(role="enterprise", region=regions["620502"], entity=firm)
    assert _api(user).get(f"/api/v1/target-sets/{ts.code}/").status_code == 404
    assert _page(user).get(f"/planning/targets/{ts.code}/").status_code == 404


def test_progress_shows_a_county_only_its_own_rows(regions, users):
    ts = target_set("620502", "620503")
    rows = _api(users["county"]).get(f"/api/v1/target-sets/{ts.code}/progress/").json()["rows"]
    assert {r["region"] for r in rows} == {"620502"}
    body = _page(users["county"]).get(f"/planning/targets/{ts.code}/").content.decode()
    assert "秦州区" in body and "麦积区" not in body
    rows = _api(users["office"]).get(f"/api/v1/target-sets/{ts.code}/progress/").json()["rows"]
    assert {r["region"] for r in rows} == {"620500", "620502", "620503"}


def test_a_county_not_assessed_sees_neither_round_nor_scheme(rnd, users):
    outsider = users["outsider"]
    assert _api(outsider).get("/api/v1/rounds/").json()["count"] == 0
    assert _api(outsider).get(f"/api/v1/rounds/{rnd.pk}/").status_code == 404
    assert _api(outsider).get(f"/api/v1/schemes/{rnd.scheme.code}/").status_code == 404
    assert _page(outsider).get(f"/planning/rounds/{rnd.pk}/").status_code == 404
    assert _api(users["county"]).get(f"/api/v1/schemes/{rnd.scheme.code}/").status_code == 200
    assert _api(users["county"]).get(f"/api/v1/rounds/{rnd.pk}/").status_code == 200


def test_open_results_show_a_county_only_its_own_region(rnd, users):
    results = _api(users["county"]).get(f"/api/v1/rounds/{rnd.pk}/results/").json()["results"]
    assert [r["region"] for r in results] == ["620502"]
    body = _page(users["county"]).get(f"/planning/rounds/{rnd.pk}/").content.decode()
    assert "秦州区" in body and "麦积区" not in body


def test_the_round_page_shows_a_city_leader_what_the_api_does(rnd, users):
    """Fixed: the page showed a leader of the city no row of an open round (only "its own" region's,
    the city, which is not assessed) while the API gave every region of its scope."""
    results = _api(users["leader"]).get(f"/api/v1/rounds/{rnd.pk}/results/").json()["results"]
    assert {r["region"] for r in results} == {"620502", "620503"}
    body = _page(users["leader"]).get(f"/planning/rounds/{rnd.pk}/").content.decode()
    assert "秦州区" in body and "麦积区" in body


def test_a_county_gets_404_for_its_neighbours_region_page(rnd, users):
    assert _page(users["county"]).get(f"/planning/rounds/{rnd.pk}/620502/").status_code == 200
    assert _page(users["county"]).get(f"/planning/rounds/{rnd.pk}/620503/").status_code == 404


def test_only_the_county_itself_and_the_office_get_the_self_evaluation_form(rnd, users):
    def has_form(user):
        body = _page(user).get(f"/planning/rounds/{rnd.pk}/620502/").content.decode()
        return "自评（人工评分项）" in body

    assert has_form(users["county"]) and has_form(users["office"])
    assert not has_form(users["leader"]) and not has_form(users["expert"])
