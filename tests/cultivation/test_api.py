import pytest
from rest_framework.test import APIClient

from qualitybrand.cultivation.models import State
from tests.cultivation.factories import make_application
from tests.factories import EntityFactory, TrademarkFactory


def client_for(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_apply_and_walk_through_api(call, programs, entity, trademark, users):
    ent = client_for(users["enterprise"])
    r = ent.post("/api/v1/applications/", {"call": call.pk, "program": "city_known_tm", "entity": entity.uscc,
                                            "trademark": trademark.number}, format="json")
    assert r.status_code == 201, r.json()
    app_id = r.json()["id"]
    assert r.json()["actions"] == ["提交"]
    r = ent.post(f"/api/v1/applications/{app_id}/transition/", {"action": "提交"}, format="json")
    assert r.json()["state"] == "县区初审"
    r = ent.post(f"/api/v1/applications/{app_id}/transition/", {"action": "通过"}, format="json")
    assert r.status_code == 403 and "企业用户不能" in r.json()["detail"]
    county = client_for(users["county"])
    r = county.post(f"/api/v1/applications/{app_id}/transition/", {"action": "退回"}, format="json")
    assert r.status_code == 400 and "须填写意见" in r.json()["detail"]
    assert county.post(f"/api/v1/applications/{app_id}/transition/", {"action": "通过"},
                       format="json").json()["state"] == "市级审核"
    city = client_for(users["city_admin"])
    city.post(f"/api/v1/applications/{app_id}/transition/", {"action": "推荐"}, format="json")
    r = city.post(f"/api/v1/applications/{app_id}/transition/", {"action": "认定"}, format="json")
    assert r.json()["state"] == "已认定" and r.json()["recognition"]
    rewards = city.get("/api/v1/rewards/").json()
    assert rewards["count"] == 1 and rewards["results"][0]["status"] == "应付"
    totals = city.get("/api/v1/rewards/totals/").json()
    assert totals[0]["region_code"] == "620502"
    timeline = city.get(f"/api/v1/applications/{app_id}/timeline/").json()
    assert [t["action"] for t in timeline] == ["提交", "通过", "推荐", "认定"]


def test_scoping_and_bad_input(call, programs, users, regions):
    other = EntityFactory(region=regions["620503"])
    app = make_application(call, programs["city"], other, TrademarkFactory(holder=other), state=State.COUNTY)
    county = client_for(users["county"])
    assert county.get(f"/api/v1/applications/{app.pk}/").status_code == 404
    assert county.get("/api/v1/applications/").json()["count"] == 0
    assert client_for(users["city_admin"]).get("/api/v1/applications/").json()["count"] == 1
    r = client_for(users["enterprise"]).post("/api/v1/applications/", {"call": "x", "program": "nope"}, format="json")
    assert r.status_code == 400 and "项目“nope”不存在" in str(r.json())
    r = client_for(users["city_admin"]).post("/api/v1/calls/", {"name": "批次", "year": 2014, "opening": "2014-13-01",
                                                                "closing": "2014-12-01", "programs": ["city_known_tm"]},
                                             format="json")
    assert r.status_code == 400 and "不是有效日期" in str(r.json())
    r = client_for(users["county"]).post("/api/v1/calls/", {"name": "批次", "year": 2014, "opening": "2014-07-01",
                                                            "closing": "2014-12-01", "programs": ["city_known_tm"]},
                                         format="json")
    assert r.status_code == 403


@pytest.mark.parametrize("role", ["county", "enterprise"])
def test_calls_visible_below(call, users, role):
    assert client_for(users[role]).get("/api/v1/calls/").json()["count"] == 1


def test_apply_by_program_name_without_call(call, programs, entity, trademark, users):
    ent = client_for(users["enterprise"])
    r = ent.post("/api/v1/applications/", {"program": "市知名商标", "entity": entity.uscc,
                                            "trademark": trademark.number}, format="json")
    assert r.status_code == 201 and r.json()["call"] == call.pk
    r = ent.post("/api/v1/applications/", {"program": "不存在的项目", "entity": entity.uscc}, format="json")
    assert r.status_code == 400 and "不存在" in str(r.json())
    assert ent.get(f"/api/v1/applications/?entity={entity.uscc}").json()["count"] == 1


def test_notifications_api(call, programs, entity, trademark, users):
    from qualitybrand.cultivation import services

    app = make_application(call, programs["city"], entity, trademark, user=users["enterprise"])
    services.transition(users["enterprise"], app, "提交")
    county = client_for(users["county"])
    data = county.get("/api/v1/notifications/?unread=1").json()
    assert data["count"] == 1 and "已提交" in data["results"][0]["message"]
    assert client_for(users["leader"]).get("/api/v1/notifications/").json()["count"] == 0
    assert county.post("/api/v1/notifications/read/", {}, format="json").json() == {"read": 1, "unread": 0}
    assert county.post("/api/v1/notifications/read/", {"ids": "x"}, format="json").status_code == 400
