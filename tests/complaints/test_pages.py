"""Pages, API, exports, change log and worklist: scoping and the complainant's identity on every surface."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from qualitybrand.complaints import services
from qualitybrand.complaints.models import Complaint
from qualitybrand.core import inbox, landing
from qualitybrand.core.models import ChangeLog
from tests.complaints.factories import complaint

pytestmark = pytest.mark.django_db
NAME, PHONE = "王秘密", "13912345678"


@pytest.fixture
def own(today, qinzhou):
    return complaint(qinzhou, registered=dt.date(2024, 9, 27), complainant_name=NAME, complainant_phone=PHONE)


@pytest.fixture
def foreign(today, maiji):
    return complaint(maiji, registered=dt.date(2024, 10, 14), respondent_name="麦积某商户")


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_list_scoped_with_deadlines_and_filters(client, county_user, own, foreign):
    client.force_login(county_user)
    html = body(client, "/complaints/")
    assert own.number in html and foreign.number not in html
    assert "已超期 2 个工作日" in html and "受理期限 2024-10-12" in html
    assert own.number in body(client, "/complaints/?overdue=1")
    assert own.number not in body(client, "/complaints/?category=举报")
    assert own.number in body(client, "/complaints/?month=2024-09&respondent=电器")
    assert "月份“2024-9x”无效" in body(client, "/complaints/?month=2024-9x")
    assert "区划代码 999999 不存在" in body(client, "/complaints/?county=999999")


def test_detail_shows_identity_to_the_handling_office_only(client, county_user, city_user, own):
    client.force_login(county_user)
    html = body(client, own.get_absolute_url())
    assert NAME in html and PHONE in html and "2024年10月12日" in html
    client.force_login(city_user)
    html = body(client, own.get_absolute_url())
    assert own.number in html and NAME not in html and PHONE not in html


def test_another_countys_complaint_is_404(client, county_user, foreign):
    client.force_login(county_user)
    assert client.get(foreign.get_absolute_url()).status_code == 404
    assert client.post(reverse("complaints:act", args=[foreign.pk]), {"action": "受理"}).status_code == 404
    assert client.get(f"/api/v1/complaints/{foreign.pk}/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "登记"


def test_exports_carry_identity_for_the_handling_office_only(client, county_user, city_user, own, foreign):
    client.force_login(county_user)
    data = b"".join(client.get("/complaints/?export=csv").streaming_content).decode("utf-8-sig")
    assert own.number in data and NAME in data and foreign.number not in data
    client.force_login(city_user)
    data = b"".join(client.get("/complaints/?export=csv").streaming_content).decode("utf-8-sig")
    assert own.number in data and foreign.number in data and NAME not in data and PHONE not in data
    xlsx = b"".join(client.get("/complaints/?export=xlsx").streaming_content)
    cells = [str(c.value) for r in openpyxl.load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in r]
    assert own.number in cells and NAME not in cells


def test_api_identity_and_scope(client, county_user, city_user, own, foreign):
    client.force_login(county_user)
    data = client.get("/api/v1/complaints/").json()
    assert [r["number"] for r in data["results"]] == [own.number]
    assert data["results"][0]["complainant_name"] == NAME and data["results"][0]["due"] == "2024-10-12"
    client.force_login(city_user)
    data = client.get("/api/v1/complaints/?region=620502").json()
    assert [r["number"] for r in data["results"]] == [own.number] and data["results"][0]["complainant_name"] is None
    assert client.get("/api/v1/complaints/?category=建议").status_code == 400
    assert client.get("/api/v1/complaints/?region=999999").status_code == 400
    assert [r["number"] for r in client.get("/api/v1/complaints/?year=2024&overdue=1").json()["results"]] == [
        own.number]


def test_api_create_and_act(client, county_user, qinzhou):
    client.force_login(county_user)
    response = client.post("/api/v1/complaints/", {"category": "举报", "channel": "12365", "respondent_name": "甲",
                                                   "region": "620502", "summary": "无证经营"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    bad = client.post(f"/api/v1/complaints/{pk}/act/", {"action": "调解"}, content_type="application/json")
    assert bad.status_code == 400 and "不能执行“调解”" in bad.json()["detail"]
    ok = client.post(f"/api/v1/complaints/{pk}/act/", {"action": "受理"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "已受理"
    missing = client.post("/api/v1/complaints/", {"category": "投诉", "channel": "来电", "summary": "x"},
                          content_type="application/json")
    assert missing.status_code == 400 and "被投诉人名称必填" in str(missing.json())


def test_change_log_never_holds_the_identity(client, county_user, city_user, own):
    services.act(county_user, own, "受理", on=dt.date(2024, 10, 8))
    logged = str(list(ChangeLog.objects.filter(model="complaints.complaint").values_list("before", "after")))
    assert NAME not in logged and PHONE not in logged and "仅承办机构可见" in logged
    client.force_login(city_user)
    assert NAME not in body(client, own.get_absolute_url() + "?tab=history")
    assert NAME not in body(client, "/core/changelog/") if client.get("/core/changelog/").status_code == 200 else True


def test_entry_form_registers_a_phone_call(client, county_user, shop, today):
    client.force_login(county_user)
    assert "投诉人（举报人）" in body(client, "/complaints/new/")
    response = client.post("/complaints/new/", {"category": "投诉", "channel": "来电", "registered": "2024-10-15",
                                                "respondent_uscc": shop.uscc, "summary": "电暖器漏电",
                                                "complainant_name": "李四", "complainant_phone": "13700000000"})
    c = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == c.get_absolute_url()
    assert c.entity == shop and c.channel == "来电" and c.complainant_name == "李四"
    bad = client.post("/complaints/new/", {"category": "投诉", "channel": "来电", "registered": "2024-10-15",
                                           "respondent_uscc": "91620502MA00000010", "summary": "x",
                                           "complainant_name": "赵五"})
    html = bad.content.decode()
    assert bad.status_code == 400 and "不在市场主体名录中" in html and "赵五" in html
    assert Complaint.objects.count() == 1
    hits = client.get("/complaints/respondents/?q=电器").json()["results"]
    assert hits == [{"uscc": shop.uscc, "name": shop.name, "region": "秦州区"}]


def test_workflow_buttons_on_the_detail_page(client, county_user, own):
    client.force_login(county_user)
    html = body(client, own.get_absolute_url())
    assert 'value="受理"' in html and 'value="不予受理"' in html and 'value="调解"' not in html
    response = client.post(reverse("complaints:act", args=[own.pk]), {"action": "调解"}, follow=True)
    assert "当前状态为“登记”，不能执行“调解”" in response.content.decode()
    response = client.post(reverse("complaints:act", args=[own.pk]), {"action": "受理", "on": "2024-10-08"})
    own.refresh_from_db()
    assert response.status_code == 302 and own.accepted == dt.date(2024, 10, 8)


def test_worklist_and_inbox(county_user, own, foreign):
    sections = [s for s in landing.sections_for("worklist", county_user) if s.title.startswith("投诉举报")]
    assert len(sections) == 1 and sections[0].rows[0][0].text == own.number
    assert sections[0].rows[0][5].text == "已超期 2 个工作日"
    items = [i for i in inbox.items_for(county_user) if "投诉举报" in i.label]
    assert items and items[0].count == 1 and items[0].overdue


def test_rules_page_versions(client, city_user, county_user, own, today):
    client.force_login(county_user)
    assert client.get("/complaints/rules/new/").status_code == 403
    client.force_login(city_user)
    assert "总局令第20号" in body(client, "/complaints/rules/")
    data = {"code": "SAMR-121", "title": "总局令第121号", "valid_from": "2026-04-01", "accept_days": "7",
            "mediate_days": "45", "verify_days": "15", "extension_days": "15", "confirmed": "1"}
    response = client.post("/complaints/rules/new/", data)
    assert response.status_code == 400 and "施行期间重叠" in response.content.decode()
    response = client.post("/complaints/rules/new/", {**data, "valid_from": "2026-04-15"})
    assert response.status_code == 302
    bad = client.post("/complaints/rules/new/", {**data, "code": "X", "valid_from": "2030-01-01",
                                                 "accept_days": "abc"})
    assert bad.status_code == 400 and "应为 1 到 365 之间的整数" in bad.content.decode()
    assert ChangeLog.objects.filter(model="complaints.deadlinerule", action="create").count() == 1
