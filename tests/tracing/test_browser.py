"""In a real browser: the unit page's trees, the events list and the entry form render without CSP
violations; screenshots for the review (screenshots/tracing-*.png)."""

from __future__ import annotations

import pytest

from tests.accounts.factories import PASSWORD, make_user
from tests.factories import EntityFactory, region_tree
from tests.tracing.factories import event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".topbar")


@pytest.fixture
def chain(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = region_tree()
    names = [("620502", "天水金穗面粉有限公司"), ("620503", "麦积区粮油批发部"), ("620521", "清水县惠民超市"),
             ("620521", "清水县便民店"), ("620522", "秦安县食品厂"), ("620523", "甘谷县永辉超市")]
    e = [EntityFactory(region=tree[code], name=name) for code, name in names]
    event("生产", e[0], "TS2014F001", quantity=2000, product="特一粉", batch="20140105")
    event("销售", e[0], "TS2014F001", counterparty=e[1], quantity=1200, product="特一粉", batch="20140105")
    event("购进", e[1], "TS2014F001", counterparty=e[0], quantity=1200, product="特一粉", batch="20140105")
    event("销售", e[1], "TS2014F001", counterparty=e[2], quantity=300, product="特一粉", batch="20140105")
    event("销售", e[1], "TS2014F001", counterparty=e[4], quantity=500, product="特一粉", batch="20140105")
    event("销售", e[1], "TS2014F001", name="城南农贸市场摊位 12 号", quantity=40, product="特一粉", batch="20140105")
    event("销售", e[2], "TS2014F001", counterparty=e[3], quantity=60, product="特一粉", batch="20140105")
    event("生产", e[4], "QA2014M007", source="TS2014F001", quantity=900, product="挂面", batch="M007")
    event("销售", e[4], "QA2014M007", counterparty=e[5], quantity=300, product="挂面", batch="M007")
    make_user(username="tracer", role="city_admin", region=tree["620500"])
    make_user(username="shop", role="enterprise", region=tree["620521"], entity=e[2])
    return e


def test_unit_page_list_and_form(page, live_server, chain, shot):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, live_server, "tracer")
    page.goto(f"{live_server.url}/tracing/unit/TS2014F001/")
    page.wait_for_selector(".tr-node")
    text = page.locator("main").inner_text()
    assert "秦安县食品厂" in text and "QA2014M007" in text and "城南农贸市场摊位 12 号" in text
    shot(page, "tracing-unit-down", full_page=True)
    page.click("text=溯源（上游来源）")
    page.wait_for_selector(".rec-tabs .active")
    shot(page, "tracing-unit-up", full_page=True)
    page.goto(f"{live_server.url}/tracing/unit/QA2014M007/?tab=up")
    assert "天水金穗面粉有限公司" in page.locator("main").inner_text()
    shot(page, "tracing-unit-processed-up", full_page=True)
    page.goto(f"{live_server.url}/tracing/")
    page.wait_for_selector(".rec-table")
    shot(page, "tracing-events", full_page=True)
    page.goto(f"{live_server.url}/tracing/events/new/")
    shot(page, "tracing-event-form", full_page=True)
    page.goto(f"{live_server.url}/tracing/unit/?product=粉")
    shot(page, "tracing-search")
    page.context.clear_cookies()
    log_in(page, live_server, "shop")
    page.goto(f"{live_server.url}/tracing/unit/TS2014F001/")
    text = page.locator("main").inner_text()
    assert "清水县便民店" in text and "秦安县食品厂" not in text
    shot(page, "tracing-unit-enterprise", full_page=True)
    assert not violations, violations
