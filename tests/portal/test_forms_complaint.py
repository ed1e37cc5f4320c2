"""投诉举报 on the portal: filing (channel 门户, receipt), the status look-up (status only), and every
refusal: rate limit, honeypot, timestamp, markup, size, CSRF — each with nothing stored."""

import time

import pytest
from django.test import Client

from qualitybrand.complaints.models import Complaint
from qualitybrand.core.models import ChangeLog
from qualitybrand.portal import forms as portal_forms
from qualitybrand.portal import throttle
from tests.complaints.factories import complaint as make_complaint
from tests.portal.factories_portalpublic import TODAY, old_stamp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    from qualitybrand.core import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    settings.CACHES = {**settings.CACHES, "portaltest": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                          "LOCATION": f"portaltest-{time.time()}"}}
    settings.QB_PORTAL_THROTTLE_CACHE = "portaltest"


def _data(**extra):
    data = {"category": "投诉", "respondent_name": "某某超市", "region": "620502", "product": "电暖器",
            "summary": "买到的电暖器外壳开裂，要求退货。", "complainant_name": "李四", "complainant_phone": "13800005678",
            "complainant_address": "秦州区民主路 1 号", "stamp": old_stamp(), "website": ""}
    data.update(extra)
    return data


def _nothing_stored():
    assert not Complaint.objects.exists()
    assert not ChangeLog.objects.filter(model="complaints.complaint").exists()


def test_the_form_page_sets_the_csrf_token_and_a_stamp(client, regions):
    body = client.get("/portal/complaint/").content.decode()
    assert "csrfmiddlewaretoken" in body and 'name="stamp"' in body and 'name="website"' in body
    assert "秦州区" in body and "麦积区" in body  # the city's counties


def test_filing_a_complaint_gives_a_receipt(client, regions):
    response = client.post("/portal/complaint/", _data())
    assert response.status_code == 302
    c = Complaint.objects.get()
    assert c.channel == "门户" and c.region.code == "620502" and c.complainant_phone == "13800005678"
    assert c.created_by is None
    page = client.get(response["Location"]).content.decode()
    assert c.number in page and "13800005678" not in page and "李四" not in page
    assert client.get("/portal/complaint/receipt/?r=forged").status_code == 404


def test_status_look_up_shows_the_status_only(client, regions):
    c = make_complaint(regions["620502"], registered=TODAY, complainant_phone="13800001234")
    Complaint.objects.filter(pk=c.pk).update(result="调解成功", status="已办结", closed=TODAY)
    body = client.post("/portal/complaint/status/", {"number": c.number, "phone_tail": "1234"}).content.decode()
    assert c.number in body and "已办结" in body and "秦州区市场监管部门" in body and "2014年7月10日" in body
    for secret in ("调解成功", "张三", "13800001234", "电暖器外壳开裂", "民主路"):
        assert secret not in body, secret
    wrong = client.post("/portal/complaint/status/", {"number": c.number, "phone_tail": "9999"}).content.decode()
    assert "没有查到" in wrong and "已办结" not in wrong
    unknown = client.post("/portal/complaint/status/", {"number": "TS000", "phone_tail": "1234"}).content.decode()
    assert "没有查到" in unknown  # the same answer: nothing tells whether the number exists


def test_filing_is_rate_limited_per_address(client, regions, settings):
    settings.QB_PORTAL_POSTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/portal/complaint/", _data()).status_code == 302
    refused = client.post("/portal/complaint/", _data())
    assert refused.status_code == 429 and "一小时内最多提交 2 次" in refused.content.decode()
    assert Complaint.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/portal/complaint/", _data()).status_code == 302


def test_the_daily_limit(client, regions, settings):
    settings.QB_PORTAL_POSTS_PER_DAY = 1
    assert client.post("/portal/complaint/", _data()).status_code == 302
    assert "一天内最多提交 1 次" in client.post("/portal/complaint/", _data()).content.decode()


def test_forwarded_address_counts_only_behind_a_trusted_proxy(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1", REMOTE_ADDR="10.0.0.1")
    assert throttle.client_address(request) == "10.0.0.1"
    settings.QB_PORTAL_TRUST_PROXY = True
    assert throttle.client_address(request) == "1.2.3.4"


def test_look_ups_are_limited_against_guessing(client, regions, settings):
    settings.QB_PORTAL_LOOKUPS_PER_HOUR = 3
    for tail in ("0001", "0002", "0003"):
        assert client.post("/portal/complaint/status/", {"number": "TS1", "phone_tail": tail}).status_code == 200
    refused = client.post("/portal/complaint/status/", {"number": "TS1", "phone_tail": "0004"})
    assert refused.status_code == 429 and "最多查询 3 次" in refused.content.decode()


@pytest.mark.parametrize("extra, message", [
    ({"website": "http://spam.example"}, "自动提交"),
    ({"stamp": 1}, "提交过快"),  # an int: the stamp made that many seconds ago, when the test runs
    ({"stamp": 3 * 3600}, "已超过 2 小时"),
    ({"stamp": "forged:stamp"}, "表单已失效"),
    ({"stamp": ""}, "表单已失效"),
])
def test_automated_posting_is_refused(client, regions, extra, message):
    if isinstance(extra.get("stamp"), int):
        extra = {"stamp": old_stamp(extra["stamp"])}
    response = client.post("/portal/complaint/", _data(**extra))
    assert response.status_code == 400 and message in response.content.decode()
    _nothing_stored()


def test_a_quick_person_gets_the_form_back_with_what_was_typed(client, regions):
    response = client.post("/portal/complaint/", _data(stamp=old_stamp(1)))
    body = response.content.decode()
    assert response.status_code == 400 and "提交过快" in body and "某某超市" in body and "李四" in body
    _nothing_stored()
    stale = client.post("/portal/complaint/", _data(stamp=old_stamp(3 * 3600))).content.decode()
    assert "已超过 2 小时" in stale and "某某超市" in stale  # a fresh stamp comes with it
    _nothing_stored()


def test_a_stamp_old_enough_passes(monkeypatch):
    stamp = portal_forms.make_stamp()
    assert "提交过快" in portal_forms.stamp_problem(stamp)
    later = time.time() + 4
    monkeypatch.setattr(portal_forms.time, "time", lambda: later)
    assert portal_forms.stamp_problem(stamp) is None


@pytest.mark.parametrize("field, value", [
    ("summary", "<script>alert(1)</script>"),
    ("respondent_name", "<img src=x onerror=alert(1)>"),
    ("product", "javascript:alert(1)"),
    ("complainant_address", "</textarea><b>"),
    ("complainant_name", "JavaScript :void(0)"),
])
def test_script_or_markup_is_refused(client, regions, field, value):
    response = client.post("/portal/complaint/", _data(**{field: value}))
    assert response.status_code == 400
    assert "不能包含网页代码或脚本" in response.content.decode()
    _nothing_stored()


def test_a_plain_less_than_sign_is_fine(client, regions):
    assert client.post("/portal/complaint/", _data(summary="价格 < 100 元，质量很差")).status_code == 302


def test_missing_fields_keep_what_was_typed(client, regions):
    response = client.post("/portal/complaint/", _data(summary="", region=""))
    body = response.content.decode()
    assert response.status_code == 400 and "请填写投诉（举报）的事实和诉求" in body and "请选择被投诉" in body
    assert "某某超市" in body  # nothing lost
    _nothing_stored()


def test_a_10_mb_body_is_refused_in_chinese(client, regions):
    big = "x" * (10 * 1024 * 1024 + 10)
    response = client.post("/portal/complaint/", _data(summary=big))
    assert response.status_code == 413 and "过大" in response.content.decode()
    _nothing_stored()
    # exactly at Django's limit, or as a multipart upload: the portal's own limit refuses it
    response = client.post("/portal/complaint/", _data(summary="x" * (10 * 1024 * 1024 - 2000)),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code in (400, 413) and response.status_code < 500
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.bin", b"0" * (10 * 1024 * 1024))
    response = client.post("/portal/complaint/", {**_data(), "file": upload})
    assert response.status_code == 413 and "过大" in response.content.decode()
    _nothing_stored()


def test_a_post_without_csrf_token_gets_the_chinese_403(regions):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/portal/complaint/", _data())
    assert response.status_code == 403 and "页面已过期" in response.content.decode()
    _nothing_stored()
    client.get("/portal/complaint/")
    token = client.cookies["csrftoken"].value
    assert client.post("/portal/complaint/", {**_data(), "csrfmiddlewaretoken": token}).status_code == 302


def test_a_bad_phone_is_refused(client, regions):
    response = client.post("/portal/complaint/", _data(complainant_phone="abc"))
    assert response.status_code == 400 and "联系电话格式不正确" in response.content.decode()
    _nothing_stored()
