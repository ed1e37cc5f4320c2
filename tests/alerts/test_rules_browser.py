"""Browser: the city office opens 预警规则, changes a threshold through the form, sees the list again."""

import datetime as dt
import os

import pytest

from qualitybrand.alerts.models import RuleSetting

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
PASSWORD = "Qb-browser-Pass-2024"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user):
    user.set_password(PASSWORD)
    user.save()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").filter(has_text="登录").first.click()
    page.wait_for_load_state()


def test_rule_list_and_threshold_form(page, shot, live_server, settings, marks, city_user):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    _login(page, live_server, city_user)
    page.goto(live_server.url + "/alerts/rules/")
    assert page.locator("h1").inner_text().strip() == "预警规则"
    row = page.locator("tr", has_text="商标续展提醒")
    assert row.locator("td.al-count").inner_text().strip() == "3"
    shot(page, "alerts-rules", full_page=True)
    row.get_by_role("link", name="修改").click()
    page.wait_for_load_state()
    page.fill("input[name=window_days]", "0")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "提前天数 0 超出范围" in page.locator(".field-error").first.inner_text()
    shot(page, "alerts-rule-form-error")
    page.fill("input[name=window_days]", "100")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.url.endswith("/alerts/rules/")
    assert page.locator("tr", has_text="商标续展提醒").locator("td.al-count").inner_text().strip() == "2"
    assert RuleSetting.objects.get(rule="tm.renewal").params["window_days"] == 100
