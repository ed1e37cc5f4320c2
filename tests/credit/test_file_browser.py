"""In a real browser: a county clerk opens an entity, follows “信用档案”, reads the grade and the
timeline, switches to 按类别 and views the file on an earlier date."""

import pytest

from tests.accounts.factories import make_user
from tests.browsing import log_in
from tests.credit.file_data import AS_OF, build_file
from tests.factories import region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_county_reads_a_credit_file(page, live_server, shot, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = AS_OF
    tree = region_tree()
    make_user(username="qinzhou_credit", role="county", region=tree["620502"])
    data = build_file(tree["620502"])
    # Content-Security-Policy violations (no inline script or style); a worktree may lack the built
    # vendor files (static/vendor), so resources missing are not this page's problem
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                                 " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")
    log_in(page, live_server, "qinzhou_credit")
    page.goto(f"{live_server.url}{data.entity.get_absolute_url()}")
    page.click(".page-actions >> text=信用档案")
    page.wait_for_selector(".cf-grade")
    assert page.locator(".cf-grade").inner_text() == "B"
    assert page.locator(".cf-score strong").inner_text() == "82"
    assert page.locator(".cf-event").count() == 18
    assert page.locator(".cf-event").first.locator(".cf-when").inner_text() == "2014-07-01"
    shot(page, "credit-01-file-timeline", full_page=True)
    page.click(".cf-tabs >> text=按类别")
    page.wait_for_selector("#kind-inspections")
    assert "监督抽查 2 条" in page.locator(".cf-counts").inner_text()
    shot(page, "credit-02-file-by-kind")
    page.fill("#cf-as-of", "2013-06-30")
    page.click(".cf-asof button[type=submit]")
    page.wait_for_selector(".cf-grade-d")
    assert "在严重违法失信名单中" in page.content()
    shot(page, "credit-03-file-2013")
    page.emulate_media(media="print")
    assert page.locator(".cf-print-head").is_visible()
    assert not page.locator(".cf-asof").is_visible()
    shot(page, "credit-04-file-print", full_page=True)
    assert page.evaluate("window.__csp") == [] and problems == []


def test_enterprise_reaches_its_file_from_its_company_page(page, live_server, shot, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = AS_OF
    tree = region_tree()
    data = build_file(tree["620502"])
    make_user(username="qinzhou_firm", role="enterprise", region=tree["620502"], entity=data.entity)
    log_in(page, live_server, "qinzhou_firm")
    page.goto(f"{live_server.url}/me/company/")
    page.wait_for_selector("text=查看信用档案")
    shot(page, "credit-05-company-section")
    page.click("text=查看信用档案 >> nth=0")
    page.wait_for_selector(".cf-grade")
    assert page.locator(".cf-grade").inner_text() == "B"
    assert data.entity.name in page.locator("#cf-name").inner_text()
