"""Pages of 风险信息: list (filters, export, scoping), registering, the detail page with its actions,
measures and documents, the worklist, the 待办 and the entity page's button."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from qualitybrand.core import inbox, landing
from qualitybrand.risks.models import RiskDocument, RiskInfo
from tests.factories import EntityFactory
from tests.risks.factories import fake_pdf, make_risk, pdf

pytestmark = pytest.mark.django_db
D = dt.date


def test_list_filters_and_scope(login, page_users, regions):
    make_risk(regions["620502"], page_users["county"], title="秦州一级风险", level="一级")
    make_risk(regions["620502"], page_users["county"], title="秦州三级风险", level="三级")
    make_risk(regions["620503"], title="麦积风险")
    body = login(page_users["county"]).get("/risks/").content.decode()
    assert "秦州一级风险" in body and "秦州三级风险" in body and "麦积风险" not in body
    body = login(page_users["county"]).get("/risks/?level=一级").content.decode()
    assert "秦州一级风险" in body and "秦州三级风险" not in body
    city = login(page_users["city"]).get("/risks/?region=620503").content.decode()
    assert "麦积风险" in city and "秦州一级风险" not in city


def test_bad_filters_answer_400_in_chinese(login, page_users, regions):
    client = login(page_users["county"])
    r = client.get("/risks/?level=四级&year=abc&region=620503")
    body = r.content.decode()
    assert r.status_code == 400 and "“四级”无效" in body and "年度“abc”无效" in body and "不在您的管辖范围内" in body


def test_export_is_scoped(login, page_users, regions):
    make_risk(regions["620502"], page_users["county"], title="秦州风险")
    make_risk(regions["620503"], title="麦积风险")
    r = login(page_users["county"]).get("/risks/?export=xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "秦州风险" in cells and "麦积风险" not in cells


def test_register_through_the_page(login, page_users, regions):
    e = page_users["own_entity"]
    client = login(page_users["county"])
    assert "登记风险信息" in client.get("/risks/new/").content.decode()
    r = client.post("/risks/new/", {"title": "页面登记风险", "source": "媒体舆情", "source_ref": "天水日报",
                                    "level": "二级", "found": "2014-07-01", "region": "620502",
                                    "entities": e.uscc, "description": "报道称某产品存在安全隐患"})
    risk = RiskInfo.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/risks/{risk.pk}/"
    assert list(risk.entities.all()) == [e]


def test_register_errors_keep_input(login, page_users, regions):
    other = EntityFactory(region=regions["620503"])
    client = login(page_users["county"])
    r = client.post("/risks/new/", {"title": "保留的名称", "source": "其他", "level": "二级", "found": "2014-13-01",
                                    "region": "620502", "entities": other.uscc, "description": "d"})
    body = r.content.decode()
    assert r.status_code == 400 and "不是有效日期" in body and "保留的名称" in body
    assert not RiskInfo.objects.exists()
    r = client.post("/risks/new/", {"title": "t", "source": "其他", "level": "二级", "found": "2014-07-01",
                                    "region": "620502", "entities": other.uscc, "description": "d"})
    assert r.status_code == 400 and "不存在或不在您的管辖范围内" in r.content.decode()
    assert not RiskInfo.objects.exists()


def test_detail_actions_and_closure(login, page_users, regions):
    client = login(page_users["county"])
    risk = make_risk(regions["620502"], page_users["county"])
    body = client.get(f"/risks/{risk.pk}/").content.decode()
    assert "开始研判" in body and risk.number in body
    client.post(f"/risks/{risk.pk}/act/", {"action": "启动处置"})  # out of order
    risk.refresh_from_db()
    assert risk.status == "登记"
    client.post(f"/risks/{risk.pk}/act/", {"action": "开始研判"})
    r = client.post(f"/risks/{risk.pk}/act/", {"action": "关闭", "conclusion": ""}, follow=True)
    assert "须填写处置结论" in r.content.decode()
    risk.refresh_from_db()
    assert risk.status == "研判"
    client.post(f"/risks/{risk.pk}/act/", {"action": "关闭", "conclusion": "研判后确认无风险"})
    risk.refresh_from_db()
    assert risk.status == "已关闭" and risk.conclusion == "研判后确认无风险"
    assert "研判后确认无风险" in client.get(f"/risks/{risk.pk}/").content.decode()
    history = client.get(f"/risks/{risk.pk}/?tab=history").content.decode()
    assert "风险信息关闭" in history


def test_level_change_page(login, page_users, regions):
    client = login(page_users["county"])
    risk = make_risk(regions["620502"], page_users["county"])
    r = client.post(f"/risks/{risk.pk}/level/", {"level": "一级", "reason": ""}, follow=True)
    assert "须填写理由" in r.content.decode()
    client.post(f"/risks/{risk.pk}/level/", {"level": "一级", "reason": "扩散到多个乡镇"})
    risk.refresh_from_db()
    assert risk.level == "一级"


def test_interview_page_and_documents(login, page_users, regions):
    e = page_users["own_entity"]
    client = login(page_users["county"])
    risk = make_risk(regions["620502"], page_users["county"], entities=[e], status="处置中")
    form = client.get(f"/risks/{risk.pk}/measures/new/?kind=约谈").content.decode()
    assert "约谈地点" in form and e.name in form
    r = client.post(f"/risks/{risk.pk}/measures/new/?kind=约谈", {
        "kind": "约谈", "date": "2014-07-15", "entity": e.uscc, "place": "", "participants": "",
        "content": "约谈"})
    assert r.status_code == 400 and "请填写约谈地点" in r.content.decode()
    r = client.post(f"/risks/{risk.pk}/measures/new/?kind=约谈", {
        "kind": "约谈", "date": "2014-07-15", "entity": e.uscc, "place": "三楼会议室", "participants": "张三、李四",
        "content": "督促整改", "commitments": "限期整改", "followup_due": "2014-08-15"})
    assert r.status_code == 302
    interview = risk.interviews.get()
    notice = RiskDocument.objects.get(kind="约谈通知书")
    download = client.get(f"/risks/{risk.pk}/documents/{notice.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    r = client.post(f"/risks/{risk.pk}/documents/upload/", {"kind": "约谈记录", "interview": interview.pk,
                                                             "file": fake_pdf()}, follow=True)
    assert "约谈记录.pdf" in r.content.decode() and not RiskDocument.objects.filter(kind="约谈记录").exists()
    client.post(f"/risks/{risk.pk}/documents/upload/", {"kind": "约谈记录", "interview": interview.pk, "file": pdf()})
    assert RiskDocument.objects.filter(kind="约谈记录", interview=interview).exists()
    body = client.get(f"/risks/{risk.pk}/").content.decode()
    assert "三楼会议室" in body and "约谈通知书" in body


def test_other_county_gets_404_and_department_may_not_change(login, page_users, regions):
    risk = make_risk(regions["620502"])
    other = login(page_users["other_county"])
    assert other.get(f"/risks/{risk.pk}/").status_code == 404
    assert other.post(f"/risks/{risk.pk}/act/", {"action": "开始研判"}).status_code == 404
    assert other.get(f"/risks/{risk.pk}/documents/1/").status_code == 404
    enterprise = login(page_users["enterprise"])
    assert enterprise.get("/risks/").status_code == 403
    risk.refresh_from_db()
    assert risk.status == "登记"


def test_worklist_inbox_and_entity_button(login, page_users, regions):
    e = page_users["own_entity"]
    make_risk(regions["620502"], page_users["county"], title="一级未处置", level="一级", entities=[e])
    make_risk(regions["620503"], title="麦积一级", level="一级")
    county = page_users["county"]
    sections = [s for s in landing.sections_for("worklist", county) if s.title == "未关闭的风险信息"]
    assert len(sections) == 1 and sections[0].rows[0][1].text == "一级未处置"
    items = [i for i in inbox.items_for(county) if i.label == "待处置的一级风险"]
    assert items[0].count == 1 and not items[0].overdue
    city_items = [i for i in inbox.items_for(page_users["city"]) if i.label == "待处置的一级风险"]
    assert city_items[0].count == 2
    body = login(county).get(f"/registry/entities/{e.uscc}/").content.decode()
    assert "风险信息（1）" in body and f"/risks/?entity={e.uscc}" in body
    listed = login(county).get(f"/risks/?entity={e.uscc}").content.decode()
    assert "一级未处置" in listed
