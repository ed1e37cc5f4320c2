"""Browser tests: one application from draft to recognition with a reward due, and one expert
scoring session, through the pages (Playwright + Chromium against pytest-django's live server)."""

import os
from pathlib import Path

import pytest

from qualitybrand.cultivation import awards
from qualitybrand.cultivation.models import Application, Assignment, RewardPayment, State
from qualitybrand.registry.models import Recognition
from tests.cultivation.factories import make_application, make_expert

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-dev-shm-usage"]
PASSWORD = "Qb-browser-Pass-2024"

pytestmark = pytest.mark.browser


def _login(browser, live_server, user):
    user.set_password(PASSWORD)
    user.save()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").filter(has_text="登录").first.click()
    page.wait_for_load_state()
    return page


def _act(page, action, comment=""):
    form = page.locator("form[aria-label=办理]")
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator(f"button[name=action][value='{action}']").click()
    page.wait_for_load_state()


def test_application_from_draft_to_recognition(browser, live_server, users, call, programs, entity, trademark,
                                               tmp_path):
    page = _login(browser, live_server, users["enterprise"])
    page.goto(live_server.url + "/cultivation/applications/new/")
    page.select_option("select[name=program]", "city_known_tm")
    page.select_option("select[name=trademark]", str(trademark.pk))
    page.fill("textarea[name=summary]", "商标连续使用十年，产品畅销西北五省。")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    app = Application.objects.get()
    assert page.url.endswith(f"/cultivation/applications/{app.pk}/")
    pdf = tmp_path / "申报书.pdf"
    pdf.write_bytes(b"%PDF-1.4 demo")
    page.set_input_files("input[type=file]", str(pdf))
    page.get_by_role("button", name="上传").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="申报书.pdf").is_visible()
    _act(page, "提交")
    assert page.locator("[data-state]").inner_text() == "县区初审"
    assert page.get_by_text("商标注册满 3 年").count() == 0  # the program has no rules: nothing to show
    page.context.close()

    page = _login(browser, live_server, users["county"])
    page.goto(live_server.url + f"/cultivation/applications/{app.pk}/")
    _act(page, "通过")
    assert page.locator("[data-state]").inner_text() == "市级审核"
    page.context.close()

    page = _login(browser, live_server, users["city_admin"])
    page.goto(live_server.url + "/cultivation/applications/")
    page.check(f"input[name=ids][value='{app.pk}']")
    page.select_option("select[name=action]", "推荐")
    page.get_by_role("button", name="办理所选").click()
    page.wait_for_load_state()
    page.goto(live_server.url + f"/cultivation/applications/{app.pk}/")
    assert page.locator("[data-state]").inner_text() == "已推荐"
    _act(page, "认定")
    assert page.locator("[data-state]").inner_text() == "已认定"
    assert "办理记录" in page.content() and "奖励资金：2.00 万元（应付）" in page.content()
    rec = Recognition.objects.get(program=programs["city"], year=2014)
    assert rec.trademark == trademark
    payment = RewardPayment.objects.get(recognition=rec)
    assert payment.status == "应付" and payment.amount == 2
    page.goto(live_server.url + "/cultivation/rewards/")
    assert page.get_by_text("2.00 万元").first.is_visible()
    page.context.close()


def test_expert_scoring_session(browser, live_server, users, call, programs, entity, regions):
    app = make_application(call, programs["award"], entity, state=State.DOC_REVIEW)
    expert = make_expert(regions["620500"], "王建国")
    awards.assign_expert(users["city_admin"], app, expert)
    page = _login(browser, live_server, expert.user)
    page.goto(live_server.url + "/cultivation/scoring/")
    page.get_by_role("link", name="打分").click()
    page.wait_for_load_state()
    selects = page.locator("select[name^=pct_]")
    assert selects.count() == 23
    for i in range(23):
        selects.nth(i).select_option("65")
    page.get_by_role("button", name="提交评分").click()
    page.wait_for_load_state()
    assignment = Assignment.objects.get(application=app, expert=expert)
    assert assignment.submitted_at is not None and assignment.total == 650
    assert "650.00" in page.content()
    app.refresh_from_db()
    assert app.panel_score == 650
    page.context.close()
