"""In a real browser: the city's 住建 signs in and lands on its 部门工作台, at desktop and phone width
(screenshots under /tmp/shots/deptdesk/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualitybrand.indicators.models import IndicatorValue
from tests.accounts.factories import PASSWORD
from tests.core.department_desk_setup import TODAY, build, reported_value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path("/tmp/shots/deptdesk")


@pytest.fixture
def desk(settings, regions):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = TODAY
    found = build()
    found["zhujian"].username = "zhujian"
    found["zhujian"].set_password(PASSWORD)
    found["zhujian"].save()
    reported_value("eng.acceptance_rate", "620500", 2013, IndicatorValue.Status.RETURNED)
    reported_value("eng.first_pass_rate", "620500", 2013, IndicatorValue.Status.APPROVED)
    return found


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width, height, name", [(1366, 900, "desktop"), (390, 844, "phone")])
def test_zhujian_lands_on_its_desk(page, live_server, desk, width, height, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    errors = []  # failed requests of the page (the browser's own favicon request aside)
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    log_in(page, live_server, "zhujian")
    assert page.url == f"{live_server.url}/me/department/"
    assert page.locator("h1.page-title").inner_text() == "部门工作台"
    text = page.locator("main").inner_text()
    for title in ("交办任务", "本部门目标任务", "本部门考核", "整改任务", "本部门填报指标"):
        assert title in text
    assert "环保专属任务" not in text and "秦州区住建任务" not in text
    page.screenshot(path=str(SHOTS / f"desk-{name}.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="住建逾期任务").first.click()
    assert f"/assignments/{desk['tasks']['zhujian_late'].pk}/" in page.url
    assert not errors, errors
