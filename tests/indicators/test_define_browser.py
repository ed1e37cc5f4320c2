"""In a real browser: a custom indicator built with the catalog picker and the operator buttons, its value
previewed live for the chosen region and year (equal to the engine), a bad formula flagged at the field,
then saved; no Content-Security-Policy violation on the way."""

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import expect

from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.models import IndicatorDefinition
from qualitybrand.indicators.periods import Period
from tests.accounts.factories import PASSWORD, make_user
from tests.factories import region_tree
from tests.indicators import factories as f

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _pick(page, words):
    page.fill("#picker-search", words)
    visible = page.locator(".ed-pick:visible")
    assert visible.count() >= 1
    visible.first.click()


def test_build_a_custom_indicator_with_the_picker(page, live_server, settings, shot):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = region_tree()
    make_user(username="cityboss", role="city_admin", region=tree["620500"])
    a, b, c = f.entity(tree["620502"]), f.entity(tree["620503"]), f.entity(tree["620503"])
    f.entity(tree["620502"])  # no mark: the city's figure differs from 麦积区's
    f.trademark(a)
    f.trademark(b, registered=dt.date(2012, 5, 1))
    f.trademark(c, registered=dt.date(2012, 6, 1))
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "cityboss")
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/indicators/define/")
    page.click(".page-actions >> text=新建指标")
    page.wait_for_selector("#define-form")
    page.fill("#f-code", "custom.tm_per100_mine")
    page.fill("#f-name", "每百户市场主体有效商标（自定义）")
    page.fill("#f-unit", "件")
    page.select_option("#f-type", "reported")  # a reported indicator: owner and range, no formula builder
    assert page.is_visible("#f-owner") and not page.is_visible("#f-formula")
    shot(page, "indicators-define-editor-reported")
    page.select_option("#f-type", "formula")
    assert not page.is_visible("#f-owner") and page.is_visible("#f-formula")

    # the picker: search by name, shows name, unit and code; a click inserts the code
    page.fill("#picker-search", "有效注册商标")
    row = page.locator(".ed-pick:visible", has_text="tm.valid").first
    assert "有效注册商标量" in row.inner_text() and "件" in row.inner_text()
    row.click()
    page.click(".ed-ops button[title=除]")
    _pick(page, "市场主体总数 entity.count")
    page.click(".ed-ops button[title=乘]")
    page.click(".ed-ops button[title='乘以 100 得百分比时用']")
    assert page.input_value("#f-formula") == "tm.valid / entity.count * 100"

    page.select_option("#pv-region", "620503")
    page.select_option("#pv-year", "2013")
    expect(page.locator("#pv-note")).to_have_text(re.compile(r"^麦积区 2013 年"))
    expected = compute(["tm.per100"], Period.year(2013), regions=[tree["620503"]])[("tm.per100", "620503")]
    assert expected == 100
    assert page.inner_text("#pv-value") == "100" and page.inner_text("#pv-unit") == "件"
    assert page.locator("#pv-parts tbody tr").count() == 2
    shot(page, "indicators-define-editor", full_page=True)

    # a formula that divides by a constant 0 is flagged at the field while typing
    page.fill("#f-formula", "tm.valid / (1 - 1)")
    page.wait_for_selector("#err-formula:not([hidden])")
    assert "除以常数 0" in page.inner_text("#err-formula")
    shot(page, "indicators-define-editor-error")
    page.fill("#f-formula", "tm.valid / entity.count * 100")
    page.wait_for_selector("#err-formula", state="hidden")
    page.select_option("#pv-region", "620500")
    expect(page.locator("#pv-note")).to_have_text(re.compile(r"^天水市 2013 年"))
    city = compute(["tm.per100"], Period.year(2013), regions=[tree["620500"]])[("tm.per100", "620500")]
    assert page.inner_text("#pv-value") == f"{city:g}"

    page.click("#define-form button[type=submit]")
    page.wait_for_url("**/indicators/define/")
    assert "custom.tm_per100_mine" in page.inner_text("table")
    saved = IndicatorDefinition.objects.get(code="custom.tm_per100_mine")
    assert saved.formula == "tm.valid / entity.count * 100" and saved.unit == "件"
    assert compute([saved.code], Period.year(2013), regions=[tree["620500"]])[(saved.code, "620500")] == city
    shot(page, "indicators-define-list", full_page=True)
    assert violations == []
