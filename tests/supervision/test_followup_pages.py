"""Pages of the follow-ups: worklist (filters, scope, export, bulk notices and their .zip), detail with
the steps, settings; every bad input answered in Chinese with nothing changed."""

import datetime as dt
import io
import zipfile

import pytest

from qualitybrand.supervision import services_followup as svc
from qualitybrand.supervision.models import FollowUp, FollowUpSetting
from tests.supervision.factories import batch, pdf

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def today(settings):
    settings.QB_TODAY = D(2014, 7, 10)
    return settings.QB_TODAY


@pytest.fixture
def batches(regions, page_users, today):
    own = batch(regions["620502"], entity=page_users["own_entity"], sampled=D(2014, 5, 5), product="涂料")
    late = batch(regions["620502"], sampled=D(2014, 4, 1), product="电线电缆")
    svc.issue_notice(None, late, today=D(2014, 5, 2))  # 整改 due 2014-06-01: overdue on 07-10
    other = batch(regions["620503"], sampled=D(2014, 5, 6), product="化肥")
    passed = batch(regions["620502"], conclusion="合格")
    return {"own": own, "late": late, "other": other, "passed": passed}


def test_worklist_is_scoped_and_filtered(login, page_users, batches):
    body = login(page_users["county"]).get("/supervision/followups/").content.decode()
    assert batches["own"].number in body and batches["late"].number in body
    assert batches["other"].number not in body and batches["passed"].number not in body
    assert "逾期" in body and "2014-06-01" in body
    body = login(page_users["county"]).get("/supervision/followups/?overdue=1").content.decode()
    assert batches["late"].number in body and batches["own"].number not in body
    body = login(page_users["county"]).get("/supervision/followups/?status=待下达通知&product=涂料").content.decode()
    assert batches["own"].number in body and batches["late"].number not in body
    body = login(page_users["city"]).get("/supervision/followups/?region=620503").content.decode()
    assert batches["other"].number in body and batches["own"].number not in body
    # odd filter values are ignored, never an error
    assert login(page_users["city"]).get("/supervision/followups/?year=abc&status=x&region=zz").status_code == 200


def test_enterprise_sees_only_its_own(login, page_users, batches):
    body = login(page_users["enterprise"]).get("/supervision/followups/").content.decode()
    assert batches["own"].number in body and batches["late"].number not in body
    assert login(page_users["enterprise"]).get(f"/supervision/followups/{batches['late'].pk}/").status_code == 404


def test_detail_outside_scope_or_of_a_passed_batch_is_404(login, page_users, batches):
    c = login(page_users["county"])
    assert c.get(f"/supervision/followups/{batches['other'].pk}/").status_code == 404
    assert c.get(f"/supervision/followups/{batches['passed'].pk}/").status_code == 404
    assert c.get("/supervision/followups/abc/").status_code == 404


def test_export_keeps_the_scope(login, page_users, batches):
    response = login(page_users["county"]).get("/supervision/followups/?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert batches["own"].number in text and batches["other"].number not in text and "处理期限" in text


def test_bulk_notices_and_their_zip(login, page_users, batches, regions):
    extra = batch(regions["620502"], sampled=D(2014, 6, 1))
    c = login(page_users["county"])
    response = c.post("/supervision/followups/notices/", {"ids": [batches["own"].pk, extra.pk]})
    assert response.status_code == 302
    assert FollowUp.objects.filter(status="整改中").count() == 3
    page = c.get("/supervision/followups/").content.decode()
    assert "下载全部通知书" in page
    z = c.get(f"/supervision/followups/notices.zip?ids={batches['own'].pk},{extra.pk},{batches['other'].pk}")
    names = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert sorted(names) == sorted([f"责令整改通知书_{batches['own'].number}.docx", f"责令整改通知书_{extra.number}.docx"])


def test_bulk_notice_with_one_bad_batch_changes_nothing(login, page_users, batches):
    c = login(page_users["county"])
    response = c.post("/supervision/followups/notices/", {"ids": [batches["own"].pk, batches["late"].pk]}, follow=True)
    body = response.content.decode()
    assert "本次未下达任何通知" in body and "当前状态为“整改中”" in body
    assert FollowUp.objects.count() == 1


def test_the_steps_on_the_detail_page(login, page_users, batches):
    i = batches["own"]
    office, firm = login(page_users["county"]), None
    url = f"/supervision/followups/{i.pk}/"
    assert "下达整改通知" in office.get(url).content.decode()
    # a recheck before the report: refused, the state named
    office.post(url, {"action": "下达整改通知"})
    response = office.post(url, {"action": "登记复查", "result": "合格"})
    assert response.status_code == 400 and "当前状态为“整改中”" in response.content.decode()
    firm = login(page_users["enterprise"])
    assert firm.post(url, {"action": "提交整改报告", "file": pdf("整改报告.pdf")}).status_code == 302
    office = login(page_users["county"])
    doc = FollowUp.objects.get(inspection=i).documents.get(kind="整改报告")
    assert office.get(f"{url}documents/{doc.pk}/").status_code == 200
    response = office.post(url, {"action": "登记复查", "result": "不合格", "recheck_date": "2014-07-10", "items": "标志"})
    assert response.status_code == 302
    response = office.post(url, {"action": "结案", "comment": ""})
    assert response.status_code == 400 and "须填写理由" in response.content.decode()
    office.post(url, {"action": "立案", "number": "秦市监立〔2014〕12号", "case_type": "质量违法"})
    f = FollowUp.objects.get(inspection=i)
    assert f.status == "已立案" and f.case.number == "秦市监立〔2014〕12号"
    body = office.get(url).content.decode()
    assert f.case.get_absolute_url() in body and "历史记录" in body and "责令整改通知书" in body


def test_a_bad_recheck_date_is_refused(login, page_users, batches):
    i = batches["late"]
    svc.submit_report(None, i, pdf(), today=D(2014, 7, 1))
    c = login(page_users["county"])
    for bad, text in (("2014-13-01", "日期"), ("2014-06-30", "早于整改报告日期"), ("2014-07-11", "晚于今天")):
        response = c.post(f"/supervision/followups/{i.pk}/", {"action": "登记复查", "result": "合格", "recheck_date": bad})
        assert response.status_code == 400 and text in response.content.decode(), bad
    assert FollowUp.objects.get(inspection=i).status == "待复查"


def test_settings_page(login, page_users, today):
    c = login(page_users["city"])
    assert "不设期限" in c.get("/supervision/followups/settings/").content.decode()
    for bad in ("0", "-5", "abc", "999"):
        response = c.post("/supervision/followups/settings/", {"step": "复查", "days": bad, "day_kind": "工作日"})
        assert response.status_code == 400 and "1 到 365" in response.content.decode()
    assert FollowUpSetting.objects.get(step="复查").days == 15
    assert c.post("/supervision/followups/settings/", {"step": "下达整改通知", "days": "10",
                                                      "day_kind": "工作日"}).status_code == 302
    assert FollowUpSetting.objects.get(step="下达整改通知").days == 10
    county = login(page_users["county"])
    assert county.get("/supervision/followups/settings/").status_code == 200
    assert county.post("/supervision/followups/settings/", {"step": "复查", "days": "5",
                                                           "day_kind": "工作日"}).status_code == 403


def test_worklist_company_inbox_and_links(login, page_users, batches):
    from qualitybrand.core import inbox, landing

    county = page_users["county"]
    sections = {s.title: s for s in landing.sections_for("worklist", county)}
    section = sections["抽查后处理"]
    assert section.rows[0][0].text == batches["late"].number  # the overdue one first
    assert "逾期 1 批次" in section.note
    items = {i.label: i for i in inbox.items_for(county)}
    assert items["逾期的抽查后处理"].count == 1 and items["逾期的抽查后处理"].overdue
    assert "逾期的抽查后处理" not in {i.label for i in inbox.items_for(page_users["other_county"])}
    firm = page_users["enterprise"]
    company = {s.title: s for s in landing.sections_for("company", firm)}
    assert [r[0].text for r in company["抽查不合格整改"].rows] == [batches["own"].number]
    svc.issue_notice(None, batches["own"], today=D(2014, 7, 1))
    assert {i.label for i in inbox.items_for(firm)} >= {"待提交的整改报告"}
    body = login(firm).get("/me/company/").content.decode()
    assert "提交整改报告" in body
    c = login(county)
    page = c.get(f"/supervision/inspections/{batches['late'].pk}/").content.decode()
    assert f"/supervision/followups/{batches['late'].pk}/" in page
    entity = batches["late"].entity
    page = c.get(entity.get_absolute_url()).content.decode()
    assert f"/supervision/followups/?entity={entity.pk}" in page
    body = c.get(f"/supervision/followups/?entity={entity.pk}").content.decode()
    assert batches["late"].number in body and batches["own"].number not in body
