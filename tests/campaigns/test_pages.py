"""The campaign pages as a clerk uses them: list with filters and export, new with bad input, detail
(results linked to their records, tasks, reports, documents), the county's worklist and 待办, the API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client

from qualitybrand.campaigns.models import Campaign, CampaignReport
from tests.campaigns import factories as f
from tests.supervision.factories import pdf

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


def form(**over):
    base = {"title": "2014年电线电缆专项整治", "kind": "专项整治", "lead_department": "market",
            "departments": ["industry"], "counties": ["620502", "620503"], "start": "2014-03-01",
            "end": "2014-06-30", "categories": "", "goals": ""}
    return base | over


def test_new_campaign_page_and_bad_input(city_user):
    client = login(city_user)
    page = client.get("/campaigns/new/")
    assert page.status_code == 200 and "秦州区" in page.content.decode() and "甘谷县" in page.content.decode()
    bad = client.post("/campaigns/new/", form(start="2014-06-30", end="2014-03-01", title="保留的名称"))
    body = bad.content.decode()
    assert bad.status_code == 400 and "结束日期 2014-03-01 早于开始日期 2014-06-30" in body
    assert 'value="保留的名称"' in body and not Campaign.objects.exists()  # nothing lost, nothing written
    ok = client.post("/campaigns/new/", form())
    c = Campaign.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/campaigns/{c.pk}/"


def test_new_campaign_with_a_county_outside_the_city(city_user, regions):
    from qualitybrand.core.services import save_region

    lz = save_region(None, code="620100", name="兰州市", kind="市", parent=regions["620000"])
    save_region(None, code="620102", name="城关区", kind="区", parent=lz)
    bad = login(city_user).post("/campaigns/new/", form(counties=["620502", "620102"]))
    assert bad.status_code == 400 and "“城关区（620102）”不在天水市辖区内" in bad.content.decode()


def test_list_is_scoped_filtered_and_exported(county_user):
    mine = f.campaign(counties=["620502"], title="秦州区参与的整治")
    f.campaign(counties=["620503"], title="麦积区的整治")
    client = login(county_user)
    body = client.get("/campaigns/").content.decode()
    assert mine.title in body and "麦积区的整治" not in body
    assert "共 1 项" in body
    assert "秦州区参与的整治" not in client.get("/campaigns/?status=已结束").content.decode()
    export = client.get("/campaigns/?export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "秦州区参与的整治" in text and "麦积区的整治" not in text


def test_detail_shows_results_linked_and_only_own_rows_for_a_county(county_user, city_user, regions):
    f.inspection(regions["620502"], conclusion="不合格")
    f.inspection(regions["620503"], conclusion="合格")
    c = f.campaign()
    county = login(county_user).get(f"/campaigns/{c.pk}/").content.decode()
    assert f"/campaigns/{c.pk}/records/?figure=insp.batches&amp;county=620502" in county
    assert "county=620503" not in county and "合计" not in county and "您只能查看本辖区的数据" in county
    city = login(city_user).get(f"/campaigns/{c.pk}/").content.decode()
    assert "county=620503" in city and "合计" in city and "总结文档" in city
    assert 'id="cp-chart-data"' in city and "<script>" not in city.replace('<script src=', '')


def test_records_page_lists_what_the_figure_counts(city_user, county_user, regions):
    f.inspection(regions["620502"], conclusion="不合格")
    other = f.inspection(regions["620503"], conclusion="不合格")
    c = f.campaign()
    body = login(city_user).get(f"/campaigns/{c.pk}/records/?figure=insp.failed_entities").content.decode()
    assert other.number in body
    mine = login(county_user).get(f"/campaigns/{c.pk}/records/?figure=insp.failed_entities").content.decode()
    assert other.number not in mine
    assert login(county_user).get(f"/campaigns/{c.pk}/records/?figure=insp.batches&county=620503").status_code == 404
    assert login(city_user).get(f"/campaigns/{c.pk}/records/?figure=nope").status_code == 404


def test_task_flow_on_pages(city_user, county_user, other_county_user, media):
    c = f.campaign()
    login(city_user).post(f"/campaigns/{c.pk}/tasks/", {"county": "620502", "due": "2014-04-30", "content": "排查"})
    task = c.tasks.get()
    assert login(other_county_user).get(f"/campaigns/tasks/{task.pk}/").status_code == 404
    client = login(county_user)
    r = client.post(f"/campaigns/tasks/{task.pk}/", {"text": "已排查 60 户", "file": pdf("台账.pdf"), "done": "1"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.status == "已完成"
    item = task.progress.get()
    download = client.get(f"/campaigns/tasks/{task.pk}/progress/{item.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    bad = client.post(f"/campaigns/tasks/{task.pk}/", {"text": ""})
    assert bad.status_code == 400 and "该任务已完成" in bad.content.decode()


def test_report_for_county_not_in_campaign_is_a_message(city_user):
    c = f.campaign(counties=["620502"])
    r = login(city_user).post(f"/campaigns/{c.pk}/reports/620503/", {"officers": "5"}, follow=True)
    assert "麦积区不是" in r.content.decode() and not CampaignReport.objects.exists()


def test_summary_docx_from_live_figures(city_user, regions):
    from docx import Document

    f.inspection(regions["620502"], conclusion="不合格")
    f.case(regions["620503"], goods="12.34")
    c = f.campaign()
    from qualitybrand.campaigns import services

    services.save_report(city_user, c, "620502", {"officers": "88", "entities_checked": "40", "dens_destroyed": "3"})
    services.set_conclusions(city_user, c, "整治取得明显成效，下一步建立长效机制。")
    r = login(city_user).get(f"/campaigns/{c.pk}/summary.docx")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"关于{c.title}专项整治工作情况的总结" in text and "由市场监督管理局牵头" in text
    assert "共监督抽查1批次" in text and "涉案货值12.34 万元" in text and "出动执法人员88人次" in text
    assert "下一步建立长效机制" in text and "2014年3月1日至2014年6月30日" in text
    cells = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert cells[0][0] == "县区" and cells[-1][0] == "合计" and cells[-1][5] == "12.34"


def test_summary_before_the_period_started_is_refused_clearly(city_user, settings):
    c = f.campaign(start=dt.date(2030, 1, 1), end=dt.date(2030, 6, 30))
    r = login(city_user).get(f"/campaigns/{c.pk}/summary.docx", follow=True)
    assert "尚未开始（开始日期 2030年1月1日）" in r.content.decode()
    assert r.redirect_chain and r.redirect_chain[-1][0].startswith(f"/campaigns/{c.pk}/")


def test_summary_is_the_organisers(county_user):
    c = f.campaign()
    assert login(county_user).get(f"/campaigns/{c.pk}/summary.docx").status_code == 403


def test_worklist_and_inbox_of_the_county(county_user, other_county_user):
    from qualitybrand.core import inbox

    c = f.campaign(end=dt.date(2030, 12, 31))
    f.task(c, "620502", due=dt.date(2014, 4, 30), content="逾期的排查任务")
    body = login(county_user).get("/me/worklist/").content.decode()
    assert "专项整治任务" in body and "逾期的排查任务" in body
    labels = [i.label for i in inbox.items_for(county_user)]
    assert "逾期的专项整治任务" in labels
    assert "逾期的专项整治任务" not in [i.label for i in inbox.items_for(other_county_user)]


def test_api_list_and_detail_with_results(city_user, county_user, regions):
    f.inspection(regions["620502"], conclusion="合格")
    c = f.campaign()
    f.campaign(counties=["620503"], title="麦积区的整治")
    data = login(city_user).get(f"/api/v1/campaigns/{c.pk}/").json()
    assert data["results"]["total"]["insp.batches"] == 1 and data["counties"] == ["620502", "620503"]
    mine = login(county_user).get(f"/api/v1/campaigns/{c.pk}/").json()
    assert [r["region"] for r in mine["results"]["counties"]] == ["620502"] and mine["results"]["total"] is None
    listed = login(county_user).get("/api/v1/campaigns/").json()
    titles = [x["title"] for x in listed.get("results", listed)]
    assert c.title in titles and "麦积区的整治" not in titles
    bad = login(city_user).get("/api/v1/campaigns/?status=进行")
    assert bad.status_code == 400 and "状态" not in bad.json().get("detail", "") or "无效" in str(bad.json())


def test_edit_and_workflow_pages(city_user):
    c = f.campaign(status="筹备")
    client = login(city_user)
    assert client.get(f"/campaigns/{c.pk}/edit/").status_code == 200
    r = client.post(f"/campaigns/{c.pk}/edit/", form(title="改名后的整治"))
    assert r.status_code == 302
    client.post(f"/campaigns/{c.pk}/action/", {"action": "启动实施"})
    c.refresh_from_db()
    assert c.title == "改名后的整治" and c.status == "实施中"
    body = client.get(f"/campaigns/{c.pk}/").content.decode()
    assert "启动实施" in body and "历史记录" in body
