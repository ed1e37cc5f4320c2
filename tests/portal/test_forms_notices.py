"""公示 on the portal: the period's boundaries, objections (receipt, region, change log masked), refused
after the period, nothing of the filer shown publicly."""

import datetime as dt

import pytest

from qualitybrand.core.models import ChangeLog
from qualitybrand.cultivation.models import State
from qualitybrand.portal.models import Objection
from tests.portal.factories_portalpublic import TODAY, notice_application, old_stamp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    from qualitybrand.core import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _post(client, app, **extra):
    data = {"name": "王五", "contact": "13900001111", "text": "该企业存在质量问题，请核实。", "stamp": old_stamp(),
            "website": ""}
    data.update(extra)
    return client.post(f"/portal/notices/{app.pk}/", data)


def test_period_boundaries(client, regions):
    starts_today = notice_application(regions["620502"], start=TODAY, end=dt.date(2014, 7, 17), name="今天开始企业")
    ends_today = notice_application(regions["620502"], start=dt.date(2014, 7, 3), end=TODAY, name="今天截止企业")
    ended = notice_application(regions["620502"], start=dt.date(2014, 7, 1), end=dt.date(2014, 7, 9), name="昨天截止企业")
    future = notice_application(regions["620502"], start=dt.date(2014, 7, 11), end=dt.date(2014, 7, 18), name="明天开始企业")
    other_state = notice_application(regions["620502"], state=State.CITY, name="审核中企业")
    body = client.get("/portal/notices/").content.decode()
    assert "今天开始企业" in body and "今天截止企业" in body
    assert "昨天截止企业" not in body and "明天开始企业" not in body and "审核中企业" not in body
    assert client.get(f"/portal/notices/{starts_today.pk}/").status_code == 200
    assert client.get(f"/portal/notices/{ends_today.pk}/").status_code == 200
    for app in (ended, future, other_state):
        assert client.get(f"/portal/notices/{app.pk}/").status_code == 404


def test_objection_is_stored_with_receipt_region_and_masked_change_log(client, regions):
    app = notice_application(regions["620503"])
    response = _post(client, app)
    assert response.status_code == 302
    obj = Objection.objects.get()
    assert obj.region_id == regions["620503"].pk and obj.target_id == app.pk and obj.name == "王五"
    assert obj.receipt.startswith("YY") and len(obj.receipt) == 12
    receipt_page = client.get(response["Location"]).content.decode()
    assert obj.receipt in receipt_page and "王五" not in receipt_page and "13900001111" not in receipt_page
    entry = ChangeLog.objects.get(model="portal.objection")
    assert "王五" not in str(entry.after) and "13900001111" not in str(entry.after)
    assert "王五" not in client.get(f"/portal/notices/{app.pk}/").content.decode()


def test_objection_after_the_period_is_refused_and_nothing_stored(client, regions):
    app = notice_application(regions["620502"], start=dt.date(2014, 7, 1), end=dt.date(2014, 7, 9))
    response = _post(client, app)
    assert response.status_code == 400
    assert "公示期已于 2014年7月9日 结束" in response.content.decode()
    assert not Objection.objects.exists() and not ChangeLog.objects.filter(model="portal.objection").exists()


def test_objection_to_something_never_on_notice_is_404(client, regions):
    app = notice_application(regions["620502"], state=State.DRAFT, start=None, end=None)
    assert _post(client, app).status_code == 404
    assert _post(client, type("A", (), {"pk": 999999})).status_code == 404
    assert not Objection.objects.exists()


@pytest.mark.parametrize("extra, message", [
    ({"website": "http://spam.example"}, "自动提交"),
    ({"stamp": ""}, "表单已失效"),
    ({"text": "<script>alert(1)</script>"}, "网页代码或脚本"),
    ({"name": ""}, "请填写异议人姓名"),
])
def test_bad_objections_are_refused(client, regions, extra, message):
    app = notice_application(regions["620502"])
    response = _post(client, app, **extra)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Objection.objects.exists()
