"""/api/v1/recalls/: create, nested holders, actions, scoping and Chinese refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from qualitybrand.recalls.models import Recall
from tests.factories import UserFactory
from tests.recalls.factories import recall

pytestmark = pytest.mark.django_db
D = dt.date


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def body(traced, **kw):
    return {"entity": traced["M"].uscc, "product": "婴儿奶粉", "product_type": "消费品", "kind": "责令召回",
            "reason": "阪崎肠杆菌超标", "trace_codes": [traced["code"]], "decided": "2024-09-27", **kw}


def test_create_and_read_with_holders_and_deadlines(county_user, traced):
    resp = api(county_user).post("/api/v1/recalls/", body(traced), format="json")
    assert resp.status_code == 201, resp.json()
    data = resp.json()
    assert data["entity"] == traced["M"].uscc and data["status"] == "已启动"
    assert len(data["holders"]) == 5 and max(h["depth"] for h in data["holders"]) == 3
    plan = next(d for d in data["deadlines"] if d["key"] == "plan")
    assert plan["due"] == "2024-10-16" and plan["state"] == "open"
    listing = api(county_user).get("/api/v1/recalls/").json()
    assert [r["number"] for r in listing["results"]] == [data["number"]]


@pytest.mark.parametrize("change, words", [
    ({"trace_codes": ["NOPE"]}, "NOPE"),
    ({"product_type": "食品"}, "召回级别"),
    ({"kind": "x"}, "召回方式"),
    ({"decided": "2024-13-01"}, "decided"),
])
def test_bad_input_is_refused_in_chinese(county_user, traced, change, words):
    resp = api(county_user).post("/api/v1/recalls/", body(traced, **change), format="json")
    assert resp.status_code == 400 and words in str(resp.json())
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(resp.json()["detail"]))
    assert not Recall.objects.exists()


def test_other_county_cannot_create_or_see(other_county_user, county_user, traced, regions):
    resp = api(other_county_user).post("/api/v1/recalls/", body(traced), format="json")
    # another county's enterprise answers as an unknown code (tests/recalls/test_scope_of_inputs.py)
    assert resp.status_code == 400 and "本辖区未找到" in resp.json()["detail"]
    r = recall(county_user, traced)
    # 麦积区 holds R2 (辖区有受影响主体, tests/recalls/test_holder_county.py); 清水县 holds nothing
    stranger = UserFactory(role="county", region=regions["620521"])
    assert api(stranger).get(f"/api/v1/recalls/{r.pk}/").status_code == 404
    assert api(stranger).get("/api/v1/recalls/").json()["count"] == 0


def test_actions(county_user, firm_user, holder_user, traced):
    r = recall(county_user, traced)
    resp = api(firm_user).post(f"/api/v1/recalls/{r.pk}/step/", {"action": "发布信息"}, format="json")
    assert resp.status_code == 400 and "当前可执行的操作：提交计划" in resp.json()["detail"]
    resp = api(firm_user).post(f"/api/v1/recalls/{r.pk}/step/", {"action": "提交计划", "on": "2024-10-10"},
                               format="json")
    assert resp.status_code == 200 and resp.json()["status"] == "计划已提交"
    ids = [h.pk for h in r.holders.all()]
    resp = api(county_user).post(f"/api/v1/recalls/{r.pk}/notify/", {"holders": ids, "method": "电话"}, format="json")
    assert resp.status_code == 200 and all(h["notified"] == "2024-10-14" for h in resp.json()["holders"])
    own = r.holders.get(entity=traced["R1"])
    other = r.holders.get(entity=traced["C"])
    resp = api(holder_user).get(f"/api/v1/recalls/{r.pk}/")
    assert [h["id"] for h in resp.json()["holders"]] == [own.pk] and resp.json()["steps"] == []
    resp = api(holder_user).post(f"/api/v1/recalls/{r.pk}/dispose/", {"holder": other.pk, "disposal": "已销毁"},
                                 format="json")
    assert resp.status_code == 403 and "只能登记本企业" in resp.json()["detail"]
    resp = api(holder_user).post(f"/api/v1/recalls/{r.pk}/dispose/",
                                 {"holder": own.pk, "disposal": "已销毁", "quantity": "12.5"}, format="json")
    assert resp.status_code == 200 and resp.json()["holders"][0]["disposal"] == "已销毁"
    resp = api(county_user).post(f"/api/v1/recalls/{r.pk}/recompute/", format="json")
    assert resp.status_code == 200 and resp.json() == {"added": 0, "kept": 5, "gone": []}
    assert api(holder_user).post(f"/api/v1/recalls/{r.pk}/recompute/").status_code == 403
