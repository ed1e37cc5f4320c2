"""In a real browser: the dashboard draws its charts, states the figures, and a figure clicks through to
the records behind it."""

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.accounts.factories import PASSWORD, make_user
from tests.factories import region_tree
from tests.indicators import factories as f

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def test_dashboard_in_a_browser(ind_page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = region_tree()
    make_user(username="cityboss", role="city_admin", region=tree["620500"])
    a, b = f.entity(tree["620502"]), f.entity(tree["620503"])
    for entity, conclusion in [(a, "合格"), (a, "合格"), (b, "不合格")]:
        f.inspection(entity, dt.date(2013, 5, 1), conclusion)
    f.trademark(a)
    page = ind_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "cityboss")
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports/dashboard/?region=620500&year=2013")
    page.wait_for_selector("#chart-insp svg")
    card = page.locator(".card", has_text="监督抽查合格率")
    assert "66.7%" in card.inner_text()
    assert "抽查合格批次 ÷ 监督抽查批次" in card.get_attribute("title")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "indicators-dashboard.png"), full_page=True)
    card.locator("a").first.click()
    page.wait_for_load_state()
    assert "/supervision/inspections/" in page.url and "region=620500" in page.url and "year=2013" in page.url
    assert page.locator(".rec-count strong").first.inner_text() == "3"
