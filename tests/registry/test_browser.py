"""In a real browser: a county clerk filters a list, opens a record, edits it, and sees the history."""

import pytest

from tests.accounts.factories import make_user
from tests.browsing import log_in
from tests.factories import EntityFactory, TrademarkFactory, region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_county_filters_opens_and_edits(page, live_server, shot, settings):  # noqa: F811
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = region_tree()
    make_user(username="qinzhou", role="county", region=tree["620502"])
    own = EntityFactory(region=tree["620502"], name="秦州老字号食品有限公司")
    TrademarkFactory(holder=own, name="秦州老字号")
    EntityFactory(region=tree["620503"], name="麦积外县企业有限公司")
    log_in(page, live_server, "qinzhou")
    page.goto(f"{live_server.url}/registry/entities/")
    assert "麦积外县企业有限公司" not in page.content()
    page.fill("#f-search", "老字号")
    page.click(".rec-filters button[type=submit]")
    page.wait_for_selector(".rec-applied")
    assert "共 1 户" in page.locator(".rec-count").inner_text()
    shot(page, "registry-01-entities-filtered")
    page.click("text=秦州老字号食品有限公司")
    page.wait_for_selector(".rec-card")
    page.click(".rec-tabs >> text=商标（1）")
    page.wait_for_selector("text=秦州老字号")
    shot(page, "registry-02-entity-trademarks")
    page.click(".page-actions >> text=修改")
    page.fill("#id-name", "")
    page.click(".rec-form button[type=submit]")
    page.wait_for_selector(".field-error")
    assert page.locator("#id-uscc").input_value() == own.uscc  # nothing lost
    shot(page, "registry-03-form-error")
    page.fill("#id-name", "秦州老字号食品股份有限公司")
    page.fill("#id-_reason", "企业改制更名")
    page.click(".rec-form button[type=submit]")
    page.wait_for_selector(".rec-card")
    page.click(".rec-tabs >> text=历史记录")
    page.wait_for_selector("text=企业改制更名")
    shot(page, "registry-04-history")
