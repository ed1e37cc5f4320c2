import datetime as dt

from rest_framework.test import APIClient

from qualitybrand.planning import services
from qualitybrand.planning.models import Scheme
from tests.factories import UserFactory
from tests.planning.test_commands import SCHEME, TARGETS, run


def client_for(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_target_sets_and_progress_scoped(regions, engine, write_yaml, city_user):
    assert run("load_scheme", write_yaml(TARGETS))[0] == 0
    engine.put("tm.applications", "620502", 31)
    c = client_for(city_user)
    data = c.get("/api/v1/target-sets/").json()
    assert data["count"] == 1 and data["results"][0]["code"] == "2014-brand"
    prog = c.get("/api/v1/target-sets/2014-brand/progress/?as_of=2014-06-30").json()
    assert prog["as_of"] == "2014-06-30" and len(prog["rows"]) == 7
    assert c.get("/api/v1/target-sets/2014-brand/progress/?as_of=2013-01-01").status_code == 400
    county = UserFactory(role="county", region=regions["620502"])
    prog = client_for(county).get("/api/v1/target-sets/2014-brand/progress/?as_of=2014-06-30").json()
    assert {r["region"] for r in prog["rows"]} == {"620502"}
    other = UserFactory(role="county", region=regions["620521"])
    assert client_for(other).get("/api/v1/target-sets/2014-brand/").status_code == 404


def test_schemes_rounds_results(regions, engine, write_yaml, city_user):
    assert run("load_scheme", write_yaml(SCHEME))[0] == 0
    c = client_for(city_user)
    s = c.get("/api/v1/schemes/2013-quality/").json()
    assert s["assessed"][0] == "620502" and s["targets"] == "2013-targets"
    res = c.get("/api/v1/schemes/2013-quality/assess/").json()
    assert res["scheme"] == "2013-quality" and len(res["results"]) == 7
    rnd = services.create_round(city_user, Scheme.objects.get(), "年终考核", deadline=dt.date(2014, 1, 20))
    rounds = c.get("/api/v1/rounds/").json()
    assert rounds["results"][0]["kind"] == "年终考核"
    county = UserFactory(role="county", region=regions["620503"])
    cc = client_for(county)
    assert cc.get("/api/v1/rounds/").json()["count"] == 1
    own = cc.get(f"/api/v1/rounds/{rnd.id}/results/").json()
    assert [r["region"] for r in own["results"]] == ["620503"]
    assert cc.get("/api/v1/schemes/2013-quality/").status_code == 200  # the scheme that assesses it
    expert = client_for(UserFactory(role="enterprise", region=regions["620502"]))
    assert expert.get("/api/v1/rounds/").json()["count"] == 0
    anon = APIClient()
    assert anon.get("/api/v1/rounds/").status_code in (401, 403)


def test_schema_lists_planning_resources(regions, city_user):
    c = client_for(city_user)
    resp = c.get("/api/schema/")
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "/api/v1/target-sets/{code}/progress/" in body and "/api/v1/rounds/{id}/results/" in body
