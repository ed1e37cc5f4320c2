"""In a real browser: from the program page to its rules editor; choosing a rule kind shows only its
parameters; a draft rule previewed on the region's records, then saved; no CSP violation."""

import datetime as dt
import os

import pytest

from qualitybrand.registry.models import Program, Recognition
from tests.factories import EntityFactory, TrademarkFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "Qb-test-Pass-2024"


def test_rules_editor_in_a_browser(page, live_server, shot, programs, regions):
    user = UserFactory(username="rulesboss", role="city_admin", region=regions["620500"])
    user.set_password(PASSWORD)
    user.save()
    for n, (region, year) in enumerate((("620502", 2010), ("620503", 2013))):
        entity = EntityFactory(region=regions[region], name=f"示例企业{n}", established=dt.date(2000 + n * 10, 1, 1))
        mark = TrademarkFactory(holder=entity, registered=dt.date(2005, 3, 1))
        Recognition.objects.create(program=programs["city"], entity=entity, trademark=mark, object_key=mark.number,
                                   year=year, valid_until=dt.date(2016, 12, 31), region=entity.region)
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "rulesboss")
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/registry/programs/prov_famous_tm/")
    page.click(".page-actions >> text=编辑申报条件")
    page.wait_for_selector("[data-rule-form]")
    table = page.inner_text(".rl-table")
    assert "持有有效的市知名商标满 3 年" in table and "未列入严重违法失信名单" in table
    # prerequisite: 示例企业0 holds it since 2010 (passes), 示例企业1 since 2013 (fails)
    first = page.locator(".rl-table tbody tr").first
    assert first.locator("td.cv-pass").inner_text() == "1" and first.locator("td.cv-fail").inner_text() == "1"
    assert first.locator("summary").inner_text() == "查看对象（2 个）"
    first.locator("summary").click()
    assert "持有市知名商标自2013年起，不满 3 年" in first.inner_text()
    shot(page, "cultivation-rules-editor", full_page=True)

    page.select_option("#r-kind", "entity_age")
    assert page.is_visible("#r-years") and not page.is_visible("#r-program") and not page.is_visible("#r-score")
    page.select_option("#r-kind", "min_score")
    assert page.is_visible("#r-score") and not page.is_visible("#r-years")
    page.select_option("#r-kind", "entity_age")
    page.fill("#r-years", "三")
    page.click("button[value=save]")
    page.wait_for_selector("#err-years")
    assert "年限“三”无效" in page.inner_text("#err-years") and page.input_value("#r-years") == "三"
    assert page.is_visible("#r-years") and not page.is_visible("#r-program")
    shot(page, "cultivation-rules-error")
    assert Program.objects.get(code="prov_famous_tm").rules[-1]["type"] == "not_blacklisted"
    page.fill("#r-years", "10")
    page.click("button[value=preview]")
    page.wait_for_selector("#draft-preview")
    draft = page.inner_text("#draft-preview")
    assert "企业成立满 10 年" in draft and "通过 1 个" in draft and "未通过 1 个" in draft
    shot(page, "cultivation-rules-draft", full_page=True)
    assert Program.objects.get(code="prov_famous_tm").rules[-1]["type"] == "not_blacklisted"  # not saved yet
    page.click("button[value=save]")
    page.wait_for_selector(".messages")
    assert "已添加规则：企业成立满 10 年" in page.inner_text(".messages")
    assert Program.objects.get(code="prov_famous_tm").rules[-1] == {"type": "entity_age", "years": 10}
    assert page.locator(".rl-table tbody tr").count() == 4
    assert violations == []
