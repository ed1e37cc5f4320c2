"""In Chromium: the ranking page as the city and as a county (also at phone width), no CSP violation, and the
overdue assignment in the city's warnings list. Screenshots in /tmp/shots/assignwarn/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.accounts.factories import PASSWORD, make_user
from tests.assignments.factories_ranking import OPEN, city_story, department, make_task, town
from tests.factories import region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path("/tmp/shots/assignwarn")
LISTEN = ("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push("
          "e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")


@pytest.fixture
def users(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = dt.date(2014, 7, 10)
    cache.clear()
    tree = region_tree()
    city_story(tree)
    qz = tree["620502"]
    make_task(qz, "秦州区街道质量提升行动", dt.date(2014, 6, 1),
              [(town(qz, "001", "大城街道"), None, OPEN, None), (qz, department("住建"), OPEN, None)])
    yield {"city": make_user(username="city", role="city_admin", region=tree["620500"]),
           "qinzhou": make_user(username="qinzhou", role="county", region=qz)}
    cache.clear()


def log_in(page, live_server, username):
    page.add_init_script(LISTEN)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def take(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_ranking_pages_and_the_warning(page, live_server, users):
    log_in(page, live_server, "city")
    page.goto(f"{live_server.url}/assignments/ranking/?period=year&year=2014")
    assert page.locator("h1").inner_text().strip() == "天水市交办任务排名"
    assert page.locator("table").first.locator("tbody tr").count() == 4
    take(page, "ranking_city")
    page.select_option("#r-period", "quarter")
    page.select_option("#r-quarter", "2")
    page.click("form.filter-bar button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "2014年第二季度" in page.content()
    page.goto(f"{live_server.url}/assignments/ranking/?period=month&year=2014&month=13")
    assert "月份须为 1 至 12" in page.locator("[role=alert]").inner_text()
    take(page, "ranking_bad_period")
    page.goto(f"{live_server.url}/alerts/?rule=assign.overdue")
    assert "重点区域环境质量报告" in page.content()
    take(page, "warnings_city")
    assert page.evaluate("window.__csp") == []

    page.context.clear_cookies()
    log_in(page, live_server, "qinzhou")
    page.goto(f"{live_server.url}/assignments/ranking/")
    body = page.content()
    assert "大城街道" in body and "建筑工程质量专项检查" not in body
    take(page, "ranking_county")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    take(page, "ranking_county_phone")
    assert page.evaluate("window.__csp") == []
