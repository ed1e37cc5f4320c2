"""The home page without the demo (issue 16 item 9): a checklist guides the first administrator of an
empty database, and goes away once the four steps are done. Browser check of it and of the 405 page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from qualitybrand.core.models import Region
from qualitybrand.ledgers.models import ImportBatch
from qualitybrand.registry.models import Program
from tests.accounts.factories import PASSWORD, make_user

STEPS = ["载入行政区划", "定义认定项目", "完成第一次台账导入", "创建用户"]


@pytest.fixture
def first_admin(db, settings):
    """What `setup_regions` leaves before it ran for the towns: the city alone, and its administrator."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    city = Region.objects.create(code="620500", name="天水市", kind="市", path="/620500/", depth=0)
    return make_user(username="firstadmin", role="city_admin", region=city)


def checklist(client) -> str:
    html = client.get("/").content.decode()
    start = html.find('class="card first-steps"')
    return "" if start < 0 else html[start:html.find("</section>", start)]


def test_an_empty_database_shows_the_four_steps_with_links(client, first_admin):
    client.force_login(first_admin)
    card = checklist(client)
    assert "还有 4 项准备工作" in card
    assert [s for s in STEPS if s in card] == STEPS
    assert card.count("待完成") == 4 and "已完成" not in card
    for link in ["/ledgers/?ledger=regions", "/registry/programs/", "/ledgers/", "/accounts/users/new/"]:
        assert f'href="{link}"' in card
    assert "qualitybrand setup_regions 620500" in card


def test_each_step_is_ticked_off_and_the_list_goes_away(client, first_admin):
    client.force_login(first_admin)
    call_command("setup_regions", "620500", stdout=open("/dev/null", "w"))
    card = checklist(client)
    assert "还有 3 项准备工作" in card and card.count("已完成") == 1
    assert "setup_regions" not in card  # a done step shows no instructions
    Program.objects.create(code="city_brand", name="市名牌产品", object_kind="产品", level="市")
    # an import of regions or programs alone is not the first ledger import
    ImportBatch.objects.create(ledger="entities", started=timezone.now(), file_name="e.xlsx", sha256="0" * 64,
                               mode="atomic", status="done", dry_run=True)
    assert "还有 2 项准备工作" in checklist(client)
    ImportBatch.objects.create(ledger="entities", started=timezone.now(), file_name="e.xlsx", sha256="1" * 64,
                               mode="atomic", status="done")
    assert "还有 1 项准备工作" in checklist(client)
    make_user(username="county1", role="county", region=Region.objects.get(code="620502"))
    assert checklist(client) == ""
    assert "常用功能" in client.get("/").content.decode()


def test_other_roles_never_see_it(client, first_admin):
    county = Region.objects.create(code="620502", name="秦州区", kind="区", parent=first_admin.region,
                                   path="/620500/620502/", depth=1)
    client.force_login(make_user(username="county2", role="county", region=county))
    assert checklist(client) == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_first_admin_home_and_the_405_page_in_a_browser(page, live_server, settings, shot):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = dt.date(2026, 12, 6)
    city = Region.objects.create(code="620500", name="天水市", kind="市", path="/620500/", depth=0)
    make_user(username="firstadmin", role="city_admin", region=city)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "firstadmin")
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".first-steps")
    assert page.locator(".first-steps .step-todo").count() == 4
    page.locator(".first-steps a", has_text="新建用户").wait_for()
    shot(page, "first-admin-home", full_page=True)
    response = page.goto(f"{live_server.url}/ledgers/batches/7/undo/")
    assert response.status == 405
    assert page.locator("h1", has_text="此地址不能直接打开").count() == 1
    page.locator("a", has_text="返回所属页面").wait_for()
    assert page.locator("a", has_text="返回所属页面").get_attribute("href") == "/ledgers/batches/7/"
    shot(page, "method-not-allowed")
    assert not problems, problems
