"""In a real browser: a city clerk follows the names on a trademark, the rewards list and a round
(issue 16, item 5) — every name is a link, no internal code on screen."""

import datetime as dt

import pytest

from tests.accounts.factories import make_user
from tests.browsing import log_in
from tests.core.test_page_labels import DENIED, build_city
from tests.factories import region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_names_are_links_on_trademark_rewards_and_round(page, live_server, shot, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = dt.date(2014, 7, 10)
    tree = region_tree()
    make_user(username="city", role="city_admin", region=tree["620500"])
    data = build_city(tree)
    firm, mark = data["firm"], data["mark"]
    log_in(page, live_server, "city")

    page.goto(f"{live_server.url}{mark.get_absolute_url()}")
    page.wait_for_selector(".rec-card")
    shot(page, "labels-01-trademark")
    assert DENIED.search(page.locator("main").inner_text()) is None
    page.click(f".rec-codes >> text={firm.name}")
    page.wait_for_url(f"**{firm.get_absolute_url()}")

    page.goto(f"{live_server.url}/cultivation/rewards/")
    shot(page, "labels-02-rewards", full_page=True)
    body = page.locator("main").inner_text()
    assert "|液压机" not in body and DENIED.search(body) is None
    page.click("table >> text=液压机")
    page.wait_for_url(f"**{data['by_product'].get_absolute_url()}")

    page.goto(f"{live_server.url}{data['round'].get_absolute_url()}")
    head = page.locator("table.pl-table thead").first.inner_text()
    assert "工作机制建设" in head and "查处案件结案数" in head
    shot(page, "labels-03-round")
