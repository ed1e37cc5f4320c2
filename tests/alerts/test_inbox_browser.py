"""In a real browser: the inbox /alerts/ as the city and as an enterprise user, 已处理 on one row, and 本企业
with the renewal reminder (screenshots in screenshots/)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from qualitybrand.alerts.models import Acknowledgement
from qualitybrand.registry.models import Certification
from tests.accounts.factories import PASSWORD, make_user
from tests.factories import EntityFactory, TrademarkFactory, region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
D = dt.date(2014, 7, 10)


@pytest.fixture
def city(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = D
    cache.clear()
    tree = region_tree()
    firm = EntityFactory(region=tree["620502"], name="天水星火机床有限责任公司")
    other = EntityFactory(region=tree["620503"], name="天水麦积果业有限公司")
    TrademarkFactory(holder=firm, number="3581234", name="星火", classes=[7, 35], registered=dt.date(2004, 11, 14),
                     expires=dt.date(2015, 3, 13))
    TrademarkFactory(holder=firm, number="3581235", name="星火机床", classes=[7], registered=dt.date(2004, 2, 28),
                     expires=dt.date(2014, 2, 28))
    TrademarkFactory(holder=other, number="4020001", name="花牛", classes=[31], registered=dt.date(2004, 8, 1),
                     expires=dt.date(2014, 8, 1))
    Certification.objects.create(number="00113Q21234R0M", cert_type="ISO9001", entity=firm, issued=dt.date(2011, 9, 1),
                                 expires=dt.date(2014, 9, 30), region=firm.region)
    yield {"city": make_user(username="city", role="city_admin", region=tree["620500"]),
           "enterprise": make_user(username="enterprise", role="enterprise", region=tree["620502"], entity=firm)}
    cache.clear()


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state("networkidle")


LISTEN = ("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push("
          "e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")


def test_city_inbox_groups_and_handles_a_row(page, live_server, city, shot):
    page.add_init_script(LISTEN)
    log_in(page, live_server, "city")
    page.goto(f"{live_server.url}/alerts/")
    page.locator("input[data-select-all]").check()   # the shell's select-all box (static JS, CSP-clean)
    assert page.locator("input[name=ids]:checked").count() == 4
    page.locator("input[data-select-all]").uncheck()
    assert page.locator("h1").inner_text() == "预警"
    heads = page.locator("h2.al-head").all_inner_texts()
    assert heads[0].startswith("紧急") and "商标宽展期提醒" in heads[0]
    assert any("商标续展提醒" in h for h in heads)
    shot(page, "alerts_inbox_city", full_page=True)
    row = page.locator("tr", has_text="花牛")
    row.locator("summary").click()
    row.locator("input[name=note]").fill("已通知麦积区督促续展")
    row.locator("button", has_text="确认").click()
    page.wait_for_load_state("networkidle")
    assert "已标记为已处理" in page.locator(".messages").inner_text()
    assert page.locator("tr", has_text="花牛").count() == 0
    ack = Acknowledgement.objects.get(key="4020001")
    assert (ack.level, ack.note) == ("紧急", "已通知麦积区督促续展")
    from qualitybrand.alerts import digest

    digest.run(D)
    page.goto(f"{live_server.url}/alerts/digest/")
    assert "2014年7月10日 预警摘要" in page.locator("main").inner_text()
    shot(page, "alerts_digest_city", full_page=True)
    assert page.evaluate("window.__csp") == []


def test_enterprise_inbox_and_company_reminder(page, live_server, city, shot):
    log_in(page, live_server, "enterprise")
    assert page.url.endswith("/me/company/")
    section = page.locator("section", has_text="续展与复评提醒")
    text = section.inner_text()
    assert "星火" in text and "3581234" in text and "第 7 类、第 35 类" in text
    assert "可续展期间 2014年3月13日 至 2015年3月13日" in text and "宽展期 2014年2月28日 至 2014年8月28日" in text
    assert "花牛" not in page.content()
    shot(page, "alerts_company_reminder", full_page=True)
    page.goto(f"{live_server.url}/alerts/")
    assert "怎么办" in page.locator("main").inner_text() and "花牛" not in page.content()
    shot(page, "alerts_inbox_enterprise", full_page=True)


def test_dashboard_panel_counts_and_links_to_the_inbox(page, live_server, city, shot):
    log_in(page, live_server, "city")
    page.goto(f"{live_server.url}/reports/dashboard/?region=620500")
    panel = page.locator("#alerts-panel")
    panel.wait_for()
    text = panel.inner_text()
    assert "商标续展提醒" in text and "商标宽展期提醒" in text and "认证证书到期提醒" in text
    shot(page, "alerts_dashboard_panel", full_page=False)
    with page.expect_navigation():
        panel.get_by_role("link", name="商标宽展期提醒").click()
    assert "/alerts/?rule=tm.grace" in page.url and page.locator("h2.al-head").count() == 1
