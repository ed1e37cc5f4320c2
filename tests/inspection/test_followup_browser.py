"""迎检 follow-ups in a real browser: the preparation page in each state (准备中 with what is missing,
已定稿, 退回修改, 已报送), the evidence link, the task page's line back and the late-deadline form;
screenshots under /tmp/shots/yjfollow when that folder exists."""

import datetime as dt
from pathlib import Path

import pytest

from qualitybrand.assignments import services as assignments
from qualitybrand.inspection import services
from qualitybrand.inspection.models import Preparation
from qualitybrand.planning import values
from tests.assignments.factories_tasks import department_user, pdf
from tests.factories import UserFactory
from tests.inspection.factories import province_scheme
from tests.planning.conftest import FakeEngine

PASSWORD = "Qb-test-Pass-2024"
SHOTS = Path("/tmp/shots/yjfollow")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _login(browser, base, username, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 768}, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("dialog", lambda d: d.accept())  # the 定稿 button asks to confirm
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page, errors


def _submit(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")
    return page.content()


def _prepared(regions, monkeypatch):
    fake = FakeEngine()
    fake.put("tm.applications", "620500", 160)
    fake.put("insp.pass_rate", "620500", 92.4)
    fake.put("incident.count", "620500", 1)
    fake.put("incident.major", "620500", 0)
    monkeypatch.setattr(values, "indicator_values", fake)
    office = UserFactory(username="office", role="city_admin", region=regions["620500"])
    prep = services.start_preparation(office, province_scheme(), as_of=dt.date(2013, 12, 31),
                                      deadline=dt.date(2014, 1, 20))
    services.draft(office, prep)
    from qualitybrand.core.models import Department

    zj = Department.objects.get(name="住建").code
    services.create_tasks(office, prep, {"A3": [f"department:{zj}"], "A4": ["region:620502"]})
    task = prep.items.get(item_code="A3").task
    assignee = task.assignees.get()
    assignments.submit_report(department_user("住建"), assignee, text="材料齐全", completion=True,
                              files=[pdf("联席会议制度.pdf")])
    assignments.review(office, assignee, "验收通过")
    services.score_manual(office, prep, "A4", "22", "开展品牌宣传月活动", reviewed=False)
    return office, prep, task


def test_preparation_states_in_the_browser(browser, live_server, regions, monkeypatch):
    office, prep, task = _prepared(regions, monkeypatch)
    base = live_server.url
    page, csp = _login(browser, base, "office")
    page.goto(f"{base}/inspection/{prep.pk}/")
    html = page.content()
    assert "尚不能定稿" in html and "尚未评分：A3" in html and "尚未审核：A4" in html
    assert page.locator("form[aria-label='定稿'] button").is_disabled()
    _shot(page, "1_draft_missing")

    # the evidence file is a link to the task's download
    link = page.locator("#items a", has_text="联席会议制度.pdf")
    assert f"/{task.pk}/files/" in link.get_attribute("href")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "联席会议制度.pdf"

    for code, score in (("A3", "27.5"), ("A4", "22")):
        form = page.locator(f"form[aria-label='{code} 评分']")
        form.locator("input[name=score]").fill(score)
        form.locator("input[name=reviewed]").check()
        form.locator("button").click()
        page.wait_for_load_state("networkidle")
    assert "尚不能定稿" not in page.content()
    html = _submit(page, "form[aria-label='定稿'] button")
    assert "自评已定稿" in html and "保存评分" not in html
    assert Preparation.objects.get(pk=prep.pk).state == "已定稿"
    _shot(page, "2_finalized")

    page.click("summary:has-text('退回修改')")
    page.fill("#ij-reopen-reason", "A4 需补充宣传月照片")
    html = _submit(page, "form[aria-label='退回修改'] button")
    assert "已退回修改" in html and Preparation.objects.get(pk=prep.pk).state == "准备中"
    _submit(page, "form[aria-label='定稿'] button")
    page.fill("#ij-submitted-on", "2014-01-05")
    html = _submit(page, "form[aria-label='报送'] button")
    assert "已于 2014年1月5日 报送上级" in html and Preparation.objects.get(pk=prep.pk).state == "已报送"
    page.locator("#history").scroll_into_view_if_needed()
    assert "退回修改：A4 需补充宣传月照片" in page.locator("#history").inner_text()
    _shot(page, "3_submitted")
    if SHOTS.is_dir():
        page.locator("#history").screenshot(path=str(SHOTS / "4_history.png"))

    page.goto(f"{base}{task.get_absolute_url()}")
    back = page.locator("dd a", has_text="A3 质量工作机制建设")
    assert back.get_attribute("href") == f"/inspection/{prep.pk}/"
    _shot(page, "5_task_page")

    phone, phone_csp = _login(browser, base, "office", width=390)
    phone.goto(f"{base}/inspection/{prep.pk}/")
    _shot(phone, "6_submitted_phone")
    assert not csp and not phone_csp, csp + phone_csp


def test_late_deadline_form_in_the_browser(browser, live_server, regions, monkeypatch, settings):
    office, prep, _ = _prepared(regions, monkeypatch)
    settings.QB_TODAY = dt.date(2014, 1, 25)
    base = live_server.url
    page, csp = _login(browser, base, "office", width=390)
    page.goto(f"{base}/inspection/{prep.pk}/")
    html = page.content()
    assert "已过报送期限" in html and "请先在上方“调整报送期限”" not in html  # all items are assigned already
    assert page.locator("form[aria-label='调整报送期限']").is_visible()
    _shot(page, "7_late_phone")
    page.fill("#ij-deadline", "2014-02-10")
    html = _submit(page, "form[aria-label='调整报送期限'] button")
    assert "报送期限已调整" in html and Preparation.objects.get(pk=prep.pk).deadline == dt.date(2014, 2, 10)
    assert not csp, csp
