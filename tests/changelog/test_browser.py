"""The change-log page in Chromium on a small seeded change log (screenshot 30-change-log)."""

import datetime as dt
import re

import pytest

from tests.accounts.factories import PASSWORD
from tests.changelog.conftest import seed_changes
from tests.factories import region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_change_log_page_in_the_browser(page, live_server, shot, fast_hasher, settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)  # the demo's day: every entry is written on it
    seeded = seed_changes(region_tree())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", seeded["city"].username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".topbar")
    page.goto(f"{live_server.url}/changelog/")
    text = page.locator("table.table").inner_text()
    assert "评审分配#11" in text and "5 万元" in text and "县区用户" in text and "领导作用" in text
    times = page.eval_on_selector_all("table.table > tbody > tr > td.nowrap", "els => els.map(e => e.textContent)")
    assert times and all(re.fullmatch(r"2014-07-10 \d{2}:\d{2}", t) for t in times), times
    assert "object (" not in text and "{" not in text and not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}", text)
    shot(page, "30-change-log", full_page=True)
    options = page.eval_on_selector_all("#f-model option", "els => els.map(e => e.textContent)")
    assert len(options) == len(set(options)) and "考核佐证材料" in options
    with page.expect_navigation():
        page.select_option("#f-model", label="评审分配")
        page.click(".filter-buttons button[type=submit]")
    assert "评审分配#11" in page.locator("table.table").inner_text()
    shot(page, "31-change-log-filtered")
