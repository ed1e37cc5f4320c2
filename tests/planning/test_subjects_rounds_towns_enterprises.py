"""Towns rounds (a county assesses its own towns) and enterprise 责任书 rounds (responsibility.md)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from qualitybrand.planning import services, visibility
from qualitybrand.planning.models import Evidence, Round, SelfEvaluation
from tests.factories import EntityFactory, UserFactory
from tests.planning.subjects_rounds_setup import TOWNS, enterprise_scheme, load, login, pdf, towns

DAY = override_settings(QB_TODAY=dt.date(2014, 12, 10))


@pytest.fixture
def town_round(regions, engine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    towns(regions)
    engine.put("tm.applications", "620502001", 25)
    engine.put("tm.applications", "620502100", 5)
    return load(TOWNS)


def test_the_county_is_the_office_of_its_towns_round(town_round, regions):
    qinzhou = UserFactory(role="county", region=regions["620502"])
    c = login(qinzhou)
    r = c.post("/planning/schemes/2014-qinzhou-towns/rounds/", {"kind": "年终考核", "deadline": "2014-12-20"})
    assert r.status_code == 302
    rnd = Round.objects.get()
    assert services.is_office(qinzhou, rnd)
    page = c.get(f"/planning/rounds/{rnd.pk}/").content.decode()
    assert "<th>乡镇街道</th>" in page and "大城街道" in page and "玉泉镇" in page and "社棠镇" not in page
    services.score_manual(qinzhou, rnd, "620502001", "T2", "40")
    services.score_manual(qinzhou, rnd, "620502100", "T2", "20")
    services.finalise_round(qinzhou, rnd)
    rnd.refresh_from_db()
    rows = {r["subject"]: r for r in rnd.snapshot["results"]}
    assert rows["620502001"]["region"] == "620502001" and rows["620502001"]["kind"] == "towns"
    assert rows["620502001"]["total"] == "100.00" and rows["620502100"]["total"] == "35.00"
    made = services.create_rectification_tasks(qinzhou, rnd, deadline=dt.date(2015, 3, 31))
    assert {t.subject for t in made} == {"620502100"} and made[0].owner == "玉泉镇质量强市工作领导小组办公室"
    api = c.get(f"/api/v1/rounds/{rnd.pk}/results/").json()["results"]
    assert {(r["subject"], r["region"]) for r in api} == {("620502001", "620502001"), ("620502100", "620502100")}


def test_a_neighbour_county_and_its_towns_see_nothing(town_round, regions):
    rnd = services.create_round(None, town_round, "年终考核", deadline=dt.date(2014, 12, 20))
    maiji = UserFactory(role="county", region=regions["620503"])
    assert not services.is_office(maiji, rnd)
    assert login(maiji).get(f"/planning/rounds/{rnd.pk}/").status_code == 404
    assert login(maiji).get(f"/planning/rounds/{rnd.pk}/620502001/").status_code == 404
    # a county is never the office of a city-organised regions round
    assert not services.is_office(maiji, Round(scheme=rnd.scheme, region=regions["620500"], document={}))


def test_a_town_self_evaluates_for_itself_only(town_round, regions):
    rnd = services.create_round(None, town_round, "年终考核", deadline=dt.date(2014, 12, 20))
    town_user = UserFactory(role="county", region=regions["620502"].children.get(code="620502001"))
    c = login(town_user)
    assert rnd in visibility.rounds_for_user(town_user)
    assert c.get(f"/planning/rounds/{rnd.pk}/620502001/").status_code == 200
    assert c.get(f"/planning/rounds/{rnd.pk}/620502100/").status_code == 404
    with DAY:
        assert c.post(f"/planning/rounds/{rnd.pk}/620502001/self/", {"item": "T2", "score": "38"}).status_code == 302
        with pytest.raises(PermissionDenied):
            services.submit_self_evaluation(town_user, rnd, "620502100", "T2", "38")
    s = SelfEvaluation.objects.get()
    assert (s.subject, s.region.code) == ("620502001", "620502001")


@pytest.fixture
def zrs(regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    e1, e2 = EntityFactory(region=regions["620502"]), EntityFactory(region=regions["620503"])
    scheme = load(enterprise_scheme([e1.uscc, e2.uscc]))
    rnd = services.create_round(None, scheme, "年终考核", deadline=dt.date(2014, 12, 20))
    return rnd, e1, e2


def test_enterprise_self_evaluates_its_responsibility_letter(zrs):
    rnd, e1, e2 = zrs
    boss = UserFactory(role="enterprise", entity=e1, region=None)
    c = login(boss)
    page = c.get("/planning/responsibility/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2014年企业质量目标责任书" in text and "质量承诺落实" in text and "须附佐证" in text
    assert c.get(f"/planning/rounds/{rnd.pk}/{e1.uscc}/").status_code == 200
    assert c.get(f"/planning/rounds/{rnd.pk}/{e2.uscc}/").status_code == 404
    with DAY:
        r = c.post(f"/planning/rounds/{rnd.pk}/{e1.uscc}/self/", {"item": "Z1", "score": "55", "explanation": "已落实",
                                                                  "files": pdf("承诺书.pdf")})
    assert r.status_code == 302
    s = SelfEvaluation.objects.get()
    assert (s.subject, s.region.code) == (e1.uscc, "620502")  # the region it is registered in
    ev = Evidence.objects.get()
    assert c.get(f"/planning/evidence/{ev.pk}/").status_code == 200
    assert "承诺书.pdf" in c.get("/planning/responsibility/").content.decode()
    other = login(UserFactory(role="enterprise", entity=e2, region=None))
    assert other.get(f"/planning/evidence/{ev.pk}/").status_code == 404
    assert "承诺书.pdf" not in other.get("/planning/responsibility/").content.decode()


def test_enterprise_round_results_and_tasks(zrs, city_user):
    rnd, e1, e2 = zrs
    for e, a, b in ((e1, "60", "40"), (e2, "20", "10")):
        services.score_manual(city_user, rnd, e.uscc, "Z1", a)
        services.score_manual(city_user, rnd, e.uscc, "Z2", b)
    services.finalise_round(city_user, rnd)
    rnd.refresh_from_db()
    rows = {r["subject"]: r for r in rnd.snapshot["results"]}
    assert rows[e1.uscc]["name"] == e1.name and rows[e2.uscc]["region"] == "620503"
    made = services.create_rectification_tasks(city_user, rnd, deadline=dt.date(2015, 3, 31))
    assert {t.subject for t in made} == {e2.uscc} and made[0].owner == e2.name
    boss2 = UserFactory(role="enterprise", entity=e2, region=None)
    services.submit_rectification(boss2, made[0], "已整改")
    api = login(city_user).get(f"/api/v1/rounds/{rnd.pk}/results/").json()["results"]
    assert all("region" not in r for r in api) and {r["subject"] for r in api} == {e1.uscc, e2.uscc}


def test_responsibility_page_is_for_enterprises_only(zrs, city_user):
    assert login(city_user).get("/planning/responsibility/").status_code == 404


def test_unknown_subject_key_saves_nothing(zrs, city_user):
    rnd, e1, _ = zrs
    with pytest.raises(ValidationError, match="不是本轮考核的被考核企业"):
        services.score_manual(city_user, rnd, "91620500MA00000000", "Z1", "10")
    assert login(city_user).get(f"/planning/rounds/{rnd.pk}/91620500MA00000000/").status_code == 404
    assert not SelfEvaluation.objects.exists()
