"""风险信息 in a real browser: a county officer registers a risk with an entity, assesses it, holds a
约谈 (the 约谈通知书 is generated), raises the level with a reason and sees it on the worklist."""

import datetime as dt

import pytest

from qualitybrand.risks.models import RiskInfo
from tests.factories import EntityFactory, UserFactory

PASSWORD = "Qb-test-Pass-2024"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, base, username):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_register_assess_interview(browser, live_server, regions, settings, shot):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    county = regions["620502"]
    firm = EntityFactory(region=county, name="天水恒通电缆有限公司")
    UserFactory(username="officer", role="county", region=county)
    base = live_server.url
    page = _login(browser, base, "officer")
    page.goto(f"{base}/risks/new/")
    page.fill("#id-title", "电线电缆导体电阻不合格风险")
    page.select_option("#id-source", "风险监测")
    page.select_option("#id-level", "二级")
    page.fill("#id-found", "2014-07-01")
    page.fill("#id-product", "电线电缆")
    page.fill("#id-entities", firm.uscc)
    page.fill("#id-description", "监测发现辖区企业生产的BV电线导体电阻超标，存在过热起火隐患。")
    shot(page, "risks_new", full_page=True)
    page.click("form.rec-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    risk = RiskInfo.objects.get()
    assert page.url.endswith(f"/risks/{risk.pk}/")
    page.click("button:has-text('开始研判')")
    page.wait_for_load_state("networkidle")
    page.select_option("#level", "一级")
    page.fill("#reason", "同批次产品已流入学校")
    page.click("button:has-text('调整等级')")
    page.wait_for_load_state("networkidle")
    page.click("a.btn:has-text('约谈')")
    page.fill("#id-date", "2014-07-15")
    page.select_option("#id-entity", firm.uscc)
    page.fill("#id-place", "秦州区市场监管局三楼会议室")
    page.fill("#id-participants", "秦州区市场监管局副局长王某；企业法定代表人赵某")
    page.fill("#id-content", "通报监测结果，督促企业召回不合格产品并排查原材料。")
    page.fill("#id-commitments", "7日内完成召回和整改")
    shot(page, "risks_interview_form", full_page=True)
    page.click("form.rec-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=约谈通知书").first.is_visible()
    shot(page, "risks_detail", full_page=True)
    risk.refresh_from_db()
    assert (risk.level, risk.status) == ("一级", "研判")
    page.goto(f"{base}/risks/")
    assert page.locator("text=电线电缆导体电阻不合格风险").first.is_visible()
    shot(page, "risks_list")
    page.goto(f"{base}/me/worklist/")
    assert page.locator("text=未关闭的风险信息").first.is_visible()
    shot(page, "risks_worklist", full_page=True)
