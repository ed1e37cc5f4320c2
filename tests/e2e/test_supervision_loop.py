"""Issue 14's "Done when", tried as a new user would in a real browser on the loaded demo (2014-07-10):
the 秦州区 officer works follow-ups and complaints from one worklist with deadlines in working days; the
city reads June's complaint KPIs; the recall shows every affected holder three hops down; the campaign's
summary document downloads with its figures. And, on a small city on 2024-10-08, a complaint registered
on 2024-09-27 is due on 2024-10-12 across the National Day Golden Week.

Every page of the issue is photographed into /tmp/shots14/ (full page) for a person to look at."""

import datetime as dt
import io
from pathlib import Path

import pytest

from qualitybrand.core.demo_accounts import DEMO_PASSWORD
from qualitybrand.demo import profile as P

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path("/tmp/shots14")
S = P.SUPERVISION_STORY


def snap(page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".topbar")


def visit(page, url: str, path: str, shot: str) -> str:
    response = page.goto(url + path)
    assert response.status == 200, (path, response.status)
    snap(page, shot)
    return page.locator("main").inner_text() if page.locator("main").count() else page.content()


@pytest.fixture
def demo(settings, fast_hasher):
    from qualitybrand.demo.loader import load_demo

    settings.QB_TODAY = P.DEMO_TODAY
    settings.QB_DEMO = True
    load_demo(out=lambda line: None)


def test_the_supervision_loop_on_the_demo(demo, page, live_server):
    from qualitybrand.campaigns.models import Campaign
    from qualitybrand.complaints.models import Complaint
    from qualitybrand.recalls.models import Recall
    from qualitybrand.risks.models import RiskInfo
    from qualitybrand.supervision.models import FollowUp

    url = live_server.url
    overdue = Complaint.objects.get(number=S["complaint_overdue"]["number"])
    recall = Recall.objects.get()
    campaign = Campaign.objects.get()

    # the county officer's one worklist: follow-ups and complaints, deadlines in working days
    log_in(page, url, "qinzhou")
    text = visit(page, url, "/me/worklist/", "01-worklist-qinzhou")
    assert "抽查后处理" in text and "投诉举报" in text
    assert overdue.number in text and "工作日" in text
    assert "2014-07-08" in text  # the overdue complaint's acceptance deadline
    text = visit(page, url, "/supervision/followups/", "02-followups-qinzhou")
    assert "整改中" in text and "待复查" in text
    assert "历史批次" in text and "查看历史批次" in text  # the imported years are left out, and said so
    rectifying = FollowUp.objects.filter(region__code="620502", status="整改中").order_by("notice_date").first()
    text = visit(page, url, rectifying.get_absolute_url(), "03-followup-detail-overdue")
    assert "责令整改通知书" in text
    text = visit(page, url, "/complaints/", "04-complaints-qinzhou")
    assert overdue.number in text
    text = visit(page, url, overdue.get_absolute_url(), "05-complaint-detail-overdue")
    assert overdue.complainant_name in text  # the handling office sees the identity
    extended = Complaint.objects.get(number=S["report_extended"]["number"])
    text = visit(page, url, extended.get_absolute_url(), "06-complaint-detail-extended")
    assert "延期" in text
    visit(page, url, "/complaints/new/", "07-complaint-new")
    text = visit(page, url, f"/tracing/unit/{S['trace_unit']}/", "08-trace-unit")
    assert "追踪" in text
    visit(page, url, "/tracing/", "09-trace-events")
    text = visit(page, url, recall.get_absolute_url(), "10-recall-detail")
    holders = list(recall.holders.all())
    assert max(h.depth for h in holders) == 3
    for holder in holders:  # every affected holder, three hops down
        assert holder.name in text
    visit(page, url, "/recalls/", "11-recalls")
    risk = RiskInfo.objects.get(level="一级")
    text = visit(page, url, risk.get_absolute_url(), "12-risk-detail")
    assert "约谈" in text and "风险告知书" in text
    visit(page, url, "/risks/", "13-risks")
    text = visit(page, url, campaign.get_absolute_url(), "14-campaign-detail-qinzhou")
    assert campaign.title in text

    # the city reads the month's KPIs
    log_in(page, url, "city")
    text = visit(page, url, "/reports/complaints/?month=2014-06", "15-complaint-kpis-2014-06")
    assert "按时" in text and "调解成功率" in text
    assert "%" in text
    visit(page, url, "/complaints/rules/", "16-complaint-rules")
    visit(page, url, "/supervision/followups/settings/", "17-followup-settings")
    visit(page, url, "/supervision/key-products/", "18-key-products")
    visit(page, url, "/supervision/key-products/pass-rates/?year=2014", "19-key-product-pass-rates")
    visit(page, url, "/supervision/followups/?overdue=1", "20-followups-overdue-city")
    visit(page, url, "/campaigns/", "21-campaigns")
    text = visit(page, url, campaign.get_absolute_url(), "22-campaign-detail-city")

    # the campaign's summary document, downloaded, shows its figures
    link = page.locator(f"a[href$='{campaign.get_absolute_url()}summary.docx']").first
    with page.expect_download() as info:
        link.click()
    body = _docx_text(Path(info.value.path()).read_bytes())
    assert campaign.title in body or "专项整治" in body
    assert "秦州区" in body and "麦积区" in body
    assert "326" in body  # the 出动执法人员人次 秦州区 reported
    text = visit(page, url, "/alerts/?rule=complaint.overdue", "23-alerts-complaint-overdue")
    assert overdue.number in text and "2014-07-08" in text  # the complaint.overdue warning, due its deadline


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_golden_week_deadline_on_the_worklist(page, live_server, settings, fast_hasher):
    """2024-09-27 + 7 working days = 2024-10-12 (National Day 1–7 October, make-up Saturday 12 October)."""
    from qualitybrand.complaints import services
    from tests.accounts.factories import PASSWORD, make_user
    from tests.factories import EntityFactory, region_tree

    settings.QB_TODAY = dt.date(2024, 10, 8)
    tree = region_tree()
    officer = make_user(username="qz", role="county", region=tree["620502"])
    entity = EntityFactory(region=tree["620502"])
    c = services.file_complaint({"category": "投诉", "registered": dt.date(2024, 9, 27), "respondent_uscc": entity.uscc,
                                 "summary": "国庆节前购买的电热水器漏电。", "product": "电热水器"},
                                user=officer, channel="12315")
    log_in(page, live_server.url, "qz", PASSWORD)
    text = visit(page, live_server.url, "/me/worklist/", "30-worklist-golden-week")
    assert c.number in text and "2024-10-12" in text
    text = visit(page, live_server.url, c.get_absolute_url(), "31-complaint-golden-week")
    assert "2024" in text and "10" in text and "12" in text
