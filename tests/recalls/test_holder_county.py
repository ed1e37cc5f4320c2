"""辖区有受影响主体: a county whose shops hold a recalled batch sees the recall (list, detail, API, 工作清单,
待办), records 通知 / 处置 for its own holders only, and never takes the recall's own steps.

The traced chain: M, W, R1, C and a stall in 秦州区 (620502, the responsible county); R2 in 麦积区 (620503)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from qualitybrand.core import inbox, landing
from qualitybrand.recalls.models import Recall
from tests.factories import UserFactory
from tests.recalls.factories import recall

pytestmark = pytest.mark.django_db
D = dt.date


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def state(r: Recall):
    r.refresh_from_db()
    return (r.status, r.plan_submitted, r.holders_computed_at, r.steps.count(),
            sorted(r.holders.values_list("id", "notified", "notify_method", "disposal")))


@pytest.fixture
def held(county_user, traced):
    return recall(county_user, traced)


def test_holder_county_sees_the_recall_in_list_detail_and_api(client, other_county_user, traced, held):
    client.force_login(other_county_user)
    page = client.get("/recalls/").content.decode()
    assert held.number in page and "辖区有受影响主体 1 户" in page
    assert held.number in client.get("/recalls/?held=1").content.decode()
    detail = client.get(f"/recalls/{held.pk}/").content.decode()
    for key in ("W", "R1", "R2", "C"):  # the whole tree
        assert traced[key].name in detail
    assert "本辖区 <strong>1</strong> 户" in detail and detail.count('type="checkbox" name="holder"') == 1
    r2 = held.holders.get(entity=traced["R2"])
    assert f'type="checkbox" name="holder" value="{r2.pk}"' in detail
    assert 'name="action"' not in detail and "重新计算</button>" not in detail  # no step of the recall
    listing = api(other_county_user).get("/api/v1/recalls/?held=true").json()
    assert [r["number"] for r in listing["results"]] == [held.number]
    one = api(other_county_user).get(f"/api/v1/recalls/{held.pk}/").json()
    assert one["holders_in_scope"] == 1 and len(one["holders"]) == 5


def test_holder_county_records_notification_and_disposal_of_its_own_holder(client, other_county_user, traced, held):
    r2 = held.holders.get(entity=traced["R2"])
    resp = api(other_county_user).post(f"/api/v1/recalls/{held.pk}/notify/", {"holders": [r2.pk], "method": "电话"},
                                       format="json")
    assert resp.status_code == 200, resp.json()
    r2.refresh_from_db()
    assert r2.notified == D(2024, 10, 14) and r2.notify_method == "电话"
    client.force_login(other_county_user)
    resp = client.post(f"/recalls/{held.pk}/holders/dispose/", {"holder": r2.pk, "disposal": "已下架"})
    assert resp.status_code == 302
    r2.refresh_from_db()
    assert r2.disposal == "已下架"
    assert held.steps.filter(action="处置", holder=r2).exists()


def test_holder_county_is_refused_for_another_countys_holder(client, other_county_user, traced, held):
    r1 = held.holders.get(entity=traced["R1"])
    r2 = held.holders.get(entity=traced["R2"])
    before = state(held)
    resp = api(other_county_user).post(f"/api/v1/recalls/{held.pk}/notify/",
                                       {"holders": [r2.pk, r1.pk], "method": "电话"}, format="json")
    assert resp.status_code == 403 and "不在您的辖区" in resp.json()["detail"]
    resp = api(other_county_user).post(f"/api/v1/recalls/{held.pk}/dispose/", {"holder": r1.pk, "disposal": "已销毁"},
                                       format="json")
    assert resp.status_code == 403
    client.force_login(other_county_user)
    assert client.post(f"/recalls/{held.pk}/holders/notify/", {"holder": [r1.pk], "method": "电话"}).status_code == 403
    assert state(held) == before


@pytest.mark.parametrize("action", ["提交计划", "结束监督", "停止生产销售"])
def test_holder_county_cannot_take_the_recalls_own_steps(client, other_county_user, held, action):
    before = state(held)
    resp = api(other_county_user).post(f"/api/v1/recalls/{held.pk}/step/", {"action": action, "comment": "x"},
                                       format="json")
    assert resp.status_code == 403 and "责任企业" in resp.json()["detail"]
    assert api(other_county_user).post(f"/api/v1/recalls/{held.pk}/recompute/").status_code == 403
    client.force_login(other_county_user)
    assert client.post(f"/recalls/{held.pk}/step/", {"action": action, "comment": "x"}).status_code == 403
    assert client.post(f"/recalls/{held.pk}/recompute/").status_code == 403
    assert state(held) == before


def test_county_without_holders_still_gets_404(client, regions, traced, held):
    stranger = UserFactory(role="county", region=regions["620521"])
    client.force_login(stranger)
    assert held.number not in client.get("/recalls/").content.decode()
    assert client.get(f"/recalls/{held.pk}/").status_code == 404
    assert client.post(f"/recalls/{held.pk}/holders/notify/",
                       {"holder": [held.holders.first().pk], "method": "电话"}).status_code == 404
    assert api(stranger).get(f"/api/v1/recalls/{held.pk}/").status_code == 404
    assert api(stranger).get("/api/v1/recalls/").json()["count"] == 0
    assert not [s for s in landing.sections_for("worklist", stranger) if s.title == "辖区缺陷产品召回"]


def test_worklist_and_overdue_count_while_its_holder_is_open(county_user, other_county_user, traced):
    late = recall(county_user, traced, decided=D(2024, 9, 2))  # the plan was due 2024-09-16
    [section] = [s for s in landing.sections_for("worklist", other_county_user) if s.title == "辖区缺陷产品召回"]
    assert section.rows[0][0].text == late.product and section.rows[0][2].text == "1 户（未处置 1 户）"
    assert section.rows[0][-1].text == "逾期"

    def overdue(user):
        return sum(i.count for i in inbox.items_for(user) if i.label == "逾期的缺陷产品召回")

    assert overdue(other_county_user) == 1 and overdue(county_user) == 1
    r2 = late.holders.get(entity=traced["R2"])
    api(other_county_user).post(f"/api/v1/recalls/{late.pk}/dispose/", {"holder": r2.pk, "disposal": "已销毁"},
                                format="json")
    # its holder disposed: the overdue steps are the responsible county's and the enterprise's work
    assert overdue(other_county_user) == 0 and overdue(county_user) == 1
