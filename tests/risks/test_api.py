"""/api/v1/risks/: list, detail, create, update (level with a reason), workflow, nested measures; scoped."""

import pytest
from rest_framework.test import APIClient

from qualitybrand.risks.models import RiskInfo
from tests.factories import EntityFactory
from tests.risks.factories import make_risk

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_is_scoped_and_filtered(page_users, regions):
    make_risk(regions["620502"], page_users["county"], title="秦州风险", level="一级")
    make_risk(regions["620503"], title="麦积风险")
    data = _api(page_users["county"]).get("/api/v1/risks/").json()
    assert [r["title"] for r in data["results"]] == ["秦州风险"]
    city = _api(page_users["city"]).get("/api/v1/risks/", {"level": "一级"}).json()
    assert [r["title"] for r in city["results"]] == ["秦州风险"]
    r = _api(page_users["county"]).get("/api/v1/risks/", {"level": "五级"})
    assert r.status_code == 400 and "无效" in str(r.json())
    assert _api(page_users["county"]).get("/api/v1/risks/", {"region": "999999"}).status_code == 400


def test_create_update_level_and_workflow(page_users, regions):
    e = page_users["own_entity"]
    api = _api(page_users["county"])
    r = api.post("/api/v1/risks/", {"title": "接口风险", "source": "风险监测", "level": "三级", "found": "2014-07-01",
                                    "region": "620502", "entities": [e.uscc], "description": "监测发现"}, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["number"] == "FX2014-0001" and body["entities"] == [{"uscc": e.uscc, "name": e.name}]
    pk = body["id"]
    r = api.patch(f"/api/v1/risks/{pk}/", {"level": "一级"}, format="json")
    assert r.status_code == 400 and "须填写理由" in str(r.json())
    r = api.patch(f"/api/v1/risks/{pk}/", {"level": "一级", "level_reason": "涉及婴幼儿", "title": "新标题"},
                  format="json")
    assert r.status_code == 200 and r.json()["level"] == "一级" and r.json()["title"] == "新标题"
    assert r.json()["level_changes"][0]["reason"] == "涉及婴幼儿"
    r = api.post(f"/api/v1/risks/{pk}/act/", {"action": "关闭", "conclusion": "x"}, format="json")
    assert r.status_code == 400 and "不能执行“关闭”" in r.json()["detail"]
    assert api.post(f"/api/v1/risks/{pk}/act/", {"action": "开始研判"}, format="json").status_code == 200
    r = api.post(f"/api/v1/risks/{pk}/measures/", {"kind": "风险告知书", "date": "2014-07-02", "content": "问题",
                                                   "entity": e.uscc, "requirements": "停止销售",
                                                   "deadline": "2014-07-20"}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["documents"][0]["kind"] == "风险告知书"
    assert len(api.get(f"/api/v1/risks/{pk}/measures/").json()) == 1
    r = api.post(f"/api/v1/risks/{pk}/act/", {"action": "关闭", "conclusion": ""}, format="json")
    assert r.status_code == 400 and "处置结论" in r.json()["detail"]
    r = api.post(f"/api/v1/risks/{pk}/act/", {"action": "关闭", "conclusion": "已整改"}, format="json")
    assert r.json()["status"] == "已关闭" and r.json()["closed"] == "2014-07-10"


def test_create_refusals(page_users, regions):
    other = EntityFactory(region=regions["620503"])
    api = _api(page_users["county"])
    base = {"title": "t", "source": "其他", "level": "二级", "found": "2014-07-01", "description": "d"}
    r = api.post("/api/v1/risks/", base | {"region": "620503"}, format="json")
    assert r.status_code == 403
    r = api.post("/api/v1/risks/", base | {"region": "620502", "entities": [other.uscc]}, format="json")
    assert r.status_code == 400 and "不在您的管辖范围内" in str(r.json())
    r = api.post("/api/v1/risks/", base | {"region": "620502", "found": "07/01/2014"}, format="json")
    assert r.status_code == 400 and "不是有效日期" in str(r.json())
    assert _api(page_users["enterprise"]).post("/api/v1/risks/", base | {"region": "620502"},
                                               format="json").status_code == 403
    assert not RiskInfo.objects.exists()


def test_other_county_gets_404(page_users, regions):
    risk = make_risk(regions["620502"])
    api = _api(page_users["other_county"])
    assert api.get(f"/api/v1/risks/{risk.pk}/").status_code == 404
    assert api.post(f"/api/v1/risks/{risk.pk}/act/", {"action": "开始研判"}, format="json").status_code == 404
    assert api.patch(f"/api/v1/risks/{risk.pk}/", {"title": "x"}, format="json").status_code == 404
    risk.refresh_from_db()
    assert risk.status == "登记" and risk.title != "x"
