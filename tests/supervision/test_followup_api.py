"""/api/v1/followups/: scoped list and detail, the steps as actions, Chinese refusals."""

import datetime as dt

import pytest

from qualitybrand.supervision.models import FollowUp
from tests.api.conftest import make_user
from tests.factories import EntityFactory
from tests.supervision.factories import batch, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(regions, settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    own = EntityFactory(region=regions["620502"])
    return {
        "county": make_user("county", regions["620502"]), "other": make_user("county", regions["620503"]),
        "firm": make_user("enterprise", regions["620502"], entity=own),
        "stranger": make_user("enterprise", regions["620502"], entity=EntityFactory(region=regions["620502"])),
        "expert": make_user("expert", regions["620500"]),
        "mine": batch(regions["620502"], entity=own, sampled=dt.date(2014, 5, 5)),
        "theirs": batch(regions["620503"], sampled=dt.date(2014, 5, 6)),
    }


def test_list_and_detail_are_scoped(client_for, setup):
    c = client_for(setup["county"])
    data = c.get("/api/v1/followups/").json()
    numbers = [r["number"] for r in data.get("results", data)]
    assert numbers == [setup["mine"].number]
    assert c.get(f"/api/v1/followups/{setup['theirs'].pk}/").status_code == 404
    one = c.get(f"/api/v1/followups/{setup['mine'].pk}/").json()
    assert one["status"] == "待下达通知" and one["due"] is None and one["overdue"] is False
    assert c.get("/api/v1/followups/?status=乱写").status_code == 400
    assert c.get("/api/v1/followups/?region=999999").status_code == 400
    assert client_for(setup["expert"]).get("/api/v1/followups/").status_code == 403


def test_the_steps_through_the_api(client_for, setup):
    i = setup["mine"]
    url = f"/api/v1/followups/{i.pk}/"
    office = client_for(setup["county"])
    r = office.post(url + "recheck/", {"result": "合格"}, content_type="application/json")
    assert r.status_code == 400 and "当前状态为“待下达通知”" in r.json()["detail"]
    assert office.post(url + "notice/", {}, content_type="application/json").json()["status"] == "整改中"
    r = client_for(setup["stranger"]).post(url + "report/", {"file": pdf()})
    assert r.status_code in (403, 404)
    r = client_for(setup["firm"]).post(url + "report/", {"file": pdf(), "comment": "已整改"})
    assert r.status_code == 200 and r.json()["status"] == "待复查"
    r = office.post(url + "recheck/", {"result": "不合格", "items": "标志"}, content_type="application/json")
    assert r.json()["status"] == "复查不合格"
    r = office.post(url + "close/", {"comment": "企业已注销"}, content_type="application/json")
    assert r.json()["status"] == "已结案" and r.json()["closed"] == "2014-07-10"
    assert [s["action"] for s in r.json()["steps"]] == ["下达整改通知", "提交整改报告", "复查不合格", "结案"]
    r = client_for(setup["other"]).post(url + "close/", {"comment": "x"}, content_type="application/json")
    assert r.status_code == 404
    assert FollowUp.objects.get().status == "已结案"
