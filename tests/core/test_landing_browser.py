"""In a real browser: each role signs in and lands on its own page (screenshots in screenshots/)."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitybrand.cultivation.models import State
from tests.accounts.factories import PASSWORD, make_user
from tests.core.factories import assigned, award_application, message, rectification
from tests.factories import EntityFactory, TrademarkFactory, region_tree
from tests.planning.factories import round_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def city(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = dt.date(2014, 7, 10)
    tree = region_tree()
    firm = EntityFactory(region=tree["620502"], name="天水星火机床有限责任公司")
    TrademarkFactory(holder=firm, name="星火", registered=dt.date(2004, 11, 14), expires=dt.date(2015, 3, 13))
    people = {
        "city": make_user(username="city", role="city_admin", region=tree["620500"]),
        "expert1": make_user(username="expert1", role="expert", region=tree["620500"], display_name="评审专家一"),
        "enterprise": make_user(username="enterprise", role="enterprise", region=tree["620502"], entity=firm),
        "qinzhou": make_user(username="qinzhou", role="county", region=tree["620502"]),
        "leader": make_user(username="leader", role="leader", region=tree["620500"]),
    }
    assigned(people["city"], people["expert1"], tree["620503"])
    award_application(people["city"], tree["620502"], entity=firm, state=State.COUNTY)
    rnd = round_of("620502", "620503")
    rectification(rnd, tree["620502"])
    message(people["qinzhou"])
    return people


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("username, path, heading, menu", [
    ("expert1", "/me/reviews/", "我的评审任务", "回避申报"),
    ("enterprise", "/me/company/", "本企业", "我的申报"),
    ("qinzhou", "/me/worklist/", "工作清单", "市场主体"),
    ("leader", "/reports/dashboard/", None, "数据看板"),
])
def test_each_role_lands_on_its_page(page, live_server, city, shot, username, path, heading, menu):
    log_in(page, live_server, username)
    assert page.url == f"{live_server.url}{path}"
    if heading:
        assert page.locator("h1.page-title").inner_text() == heading
    sidebar = page.locator(".sidebar").inner_text()
    assert menu in sidebar
    if username in ("expert1", "enterprise"):
        assert "市场主体" not in sidebar and "信用与黑名单" not in sidebar
    shot(page, f"landing-{username}", full_page=True)
    if username == "expert1":
        with page.expect_navigation():
            page.get_by_role("link", name="评分", exact=True).first.click()
        assert "/cultivation/scoring/" in page.url  # the award application comes first
        assert page.locator("h1.page-title").is_visible()
    if username == "qinzhou":
        # the application, the task and the warning of the mark 星火 (tm.renewal 提示, alerts/inbox.py)
        assert page.locator(".topbar .inbox .badge").first.inner_text() == "3"
        assert page.locator(".topbar .messages-link .badge").inner_text() == "1"
