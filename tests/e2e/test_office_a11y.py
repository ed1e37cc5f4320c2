"""The office pages meet WCAG 2.1 AA as axe-core checks it (tests/axe.py): no serious or critical violation on
the login page and the main pages of the city office and of a county — the shell's top bar and menu, lists with
their pagination, detail pages, a form, the dashboard with its target table, error pages."""

import datetime as dt

import pytest
from django.core.management import call_command

from tests.accounts.factories import PASSWORD, make_user
from tests.axe import describe, violations
from tests.factories import region_tree
from tests.indicators import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TARGETS = """
kind: targets
code: 2013-a11y
name: 2013年质量强市工作目标
year: 2013
region: "620500"
items:
  - indicator: tm.applications
    target: 20
    allocations: {"620502": 8, "620503": 6}
  - indicator: insp.pass_rate
    target: 90
    allocations: {"620502": 90, "620503": 90}
"""


@pytest.fixture
def office(settings, tmp_path):
    """A city office and a county with entities, trademarks, inspections and a target scheme (lagging items)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = dt.date(2013, 12, 31)
    tree = region_tree()
    city = make_user(username="a11ycity", role="city_admin", region=tree["620500"])
    county = make_user(username="a11ycounty", role="county", region=tree["620502"])
    entities = [f.entity(tree["620502" if i % 2 else "620503"]) for i in range(24)]  # more than one page of 20
    for i, entity in enumerate(entities[:6]):
        f.inspection(entity, dt.date(2013, 5, 1 + i), "不合格" if i == 2 else "合格")
    trademark = f.trademark(entities[1], applied=dt.date(2013, 3, 1))
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    call_command("load_scheme", str(path))
    from qualitybrand.cultivation.models import Expert, ExpertConflict

    expert = Expert.objects.create(user=make_user(username="a11yexpert", role="expert"), name="评审专家")
    ExpertConflict.objects.create(expert=expert, entity=entities[1], reason="近三年为其提供咨询服务")
    return {"city": city, "county": county, "entity": entities[1], "trademark": trademark}


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".topbar")


def check(page, base, urls) -> dict[str, str]:
    """axe's serious/critical violations by page (an empty dict: every page passes)."""
    failures = {}
    for url in urls:
        response = page.goto(base + url)
        page.wait_for_load_state("networkidle")
        assert response.status < 500, url
        found = violations(page)
        if found:
            failures[url] = describe(found)
    return failures


def test_login_page_has_no_serious_violation(page, live_server, office, shot):
    page.goto(f"{live_server.url}/accounts/login/")
    found = violations(page)
    shot(page, "a11y-login")
    assert not found, describe(found)


def test_city_office_pages_have_no_serious_violation(page, live_server, office, shot):
    base = live_server.url
    log_in(page, base, "a11ycity")
    entity, trademark = office["entity"], office["trademark"]
    urls = [
        "/",  # 工作台
        "/reports/dashboard/?region=620500&year=2013",  # target table: lagging tags, the scheme's link in a caption
        "/registry/entities/",  # a list with its pagination (每页 20 / 50 / 100)
        entity.get_absolute_url(),  # detail: links inside its fields
        "/registry/trademarks/",
        trademark.get_absolute_url(),
        "/supervision/inspections/",
        "/planning/",
        "/planning/targets/2013-a11y/",
        "/cultivation/",
        "/alerts/",
        "/complaints/",
        "/changelog/",  # pagination with a disabled 上一页
        "/registry/entities/new/",  # a form
        "/indicators/",
        "/accounts/users/",
        "/alerts/rules/",  # a table without links: its scrolling region takes the focus itself
        "/core/calendar/2014/",
        "/reports/",  # the archive and its 生成文书 form
        "/reports/templates/",
        "/portal/manage/",
        "/cultivation/experts/",  # a conflict's entity link inside its reason text
        "/registry/entities/91620000NOSUCH000X/",  # the 404 page
    ]
    failures = check(page, base, urls)
    page.goto(f"{base}/reports/dashboard/?region=620500&year=2013")
    shot(page, "a11y-city-dashboard", full_page=True)
    assert not failures, "\n".join(f"{url}: {text}" for url, text in failures.items())


def test_county_pages_have_no_serious_violation(page, live_server, office, shot):
    base = live_server.url
    log_in(page, base, "a11ycounty")
    urls = ["/", "/me/worklist/", "/registry/entities/", office["entity"].get_absolute_url(),
            "/reports/dashboard/?region=620502&year=2013", "/supervision/inspections/", "/alerts/", "/planning/"]
    failures = check(page, base, urls)
    page.goto(f"{base}/me/worklist/")
    shot(page, "a11y-county-worklist")
    assert not failures, "\n".join(f"{url}: {text}" for url, text in failures.items())
