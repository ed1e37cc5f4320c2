"""In a real browser: log in and see the shell, the county's region selector, the lockout message,
and the history of an edit."""

import pytest

from qualitybrand.core import services
from tests.accounts.factories import PASSWORD, make_user
from tests.factories import EntityFactory, region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def tree(fast_hasher):
    return region_tree()


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.login-form button[type=submit]")


def test_login_shows_the_shell(page, live_server, tree, shot, settings):
    settings.QB_DEMO = True
    make_user(username="cityadmin", role="city_admin", region=tree["620500"], display_name="王主任")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert page.locator(".demo-accounts").is_visible()
    shot(page, "01-login")
    log_in(page, live_server, "cityadmin")
    page.wait_for_selector(".topbar .scope-picker")
    assert page.locator(".brand-name").inner_text() == "质量强市与品牌战略综合管理平台"
    menu = page.locator(".sidebar").inner_text()
    for area in ["市场主体与知识产权", "指标与看板", "目标与考核", "品牌培育", "质量监管与信用", "报告与公示", "系统管理"]:
        assert area in menu
    assert page.locator("h1.page-title").inner_text() == "工作台"
    shot(page, "02-home-city")
    page.click(".user-menu summary")
    shot(page, "03-user-menu")
    page.keyboard.press("Escape")
    # the region selector offers the city and its counties; a choice is remembered
    values = page.eval_on_selector_all("#qb-region option", "els => els.map(e => e.value)")
    assert values[0] == "620500" and "620503" in values and "620000" not in values
    with page.expect_navigation():
        page.select_option("#qb-region", "620503")
    page.reload()
    assert page.eval_on_selector("#qb-region", "e => e.value") == "620503"
    page.click(".user-menu summary")
    page.click("text=退出登录")
    page.wait_for_url("**/accounts/login/")
    assert "您已安全退出" in page.content()


def test_county_selector_offers_only_its_county(page, live_server, tree, shot):
    make_user(username="qinzhou", role="county", region=tree["620502"])
    log_in(page, live_server, "qinzhou")
    page.wait_for_selector("#qb-region")
    values = page.eval_on_selector_all("#qb-region option", "els => els.map(e => e.value)")
    assert values == ["620502"]
    shot(page, "04-home-county")


def test_lockout_message_after_five_failures(page, live_server, tree, shot):
    make_user(username="gangu", role="county", region=tree["620523"])
    for attempt in range(5):
        log_in(page, live_server, "gangu", "Wrong-Pass-2024")
        page.wait_for_selector(".login-error")
        message = page.locator(".login-error").inner_text()
        if attempt < 4:
            assert "用户名或密码错误" in message
    assert message == "账号已锁定，请于 30 分钟后再试或联系管理员。"
    shot(page, "05-lockout")
    log_in(page, live_server, "gangu")
    assert "账号已锁定" in page.locator(".login-error").inner_text()


def test_history_shows_an_edit(page, live_server, tree, shot):
    admin = make_user(username="cityadmin", role="city_admin", region=tree["620500"])
    entity = EntityFactory(region=tree["620502"], name="天水星火机床有限责任公司")
    services.update_record(admin, entity, {"name": "天水星火机床股份有限公司"}, reason="企业改制更名")
    log_in(page, live_server, "cityadmin")
    page.wait_for_selector(".topbar")
    page.goto(f"{live_server.url}/changelog/?model=registry.entity&object_id={entity.pk}")
    row = page.locator("table.table tbody tr").first
    text = row.inner_text()
    assert "修改" in text and "天水星火机床有限责任公司" in text and "天水星火机床股份有限公司" in text
    assert "企业改制更名" in text and "cityadmin" in text
    shot(page, "06-change-log")
    # the entity's own page: its 历史记录 tab renders the same history partial
    page.goto(f"{live_server.url}/registry/entities/")
    shot(page, "12-entity-list")
    from django.urls import NoReverseMatch, reverse

    try:
        detail = reverse("registry:entities-detail", args=[entity.uscc])
    except NoReverseMatch:
        detail = None
    if detail:
        page.goto(f"{live_server.url}{detail}?tab=history")
        history = page.locator(".history").inner_text()
        assert "天水星火机床有限责任公司" in history and "天水星火机床股份有限公司" in history
        shot(page, "13-entity-history")
    page.goto(f"{live_server.url}/accounts/users/")
    assert "cityadmin" in page.locator("table.table").inner_text()
    shot(page, "09-users")
    page.goto(f"{live_server.url}/accounts/security-log/")
    assert "登录成功" in page.locator("table.table").inner_text()
    shot(page, "10-security-log")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}/changelog/")
    shot(page, "11-change-log-projector")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/no-such-page/")
    assert "页面不存在" in page.content()
    shot(page, "08-not-found")


def test_forced_password_change(page, live_server, tree, shot):
    make_user(username="newbie", role="county", region=tree["620521"], must_change_password=True)
    log_in(page, live_server, "newbie")
    page.wait_for_url("**/accounts/password/")
    shot(page, "07-password-change")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "Qingshui-2014!")
    page.fill("#id_new_password2", "Qingshui-2014!")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=密码已修改。")
    assert page.locator("h1.page-title").inner_text() == "工作清单"  # a county starts on its 工作清单
