"""A campaign in a real browser: the city office creates it on the form (a bad period first), starts it
and assigns a task; the county reports its figures; the detail page draws the results chart without
any Content-Security-Policy violation."""

import datetime as dt

import pytest

from tests.campaigns import factories as f
from tests.factories import UserFactory

PASSWORD = "Qb-test-Pass-2024"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username, errors):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_campaign_from_form_to_results(browser, live_server, regions, settings, shot):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    UserFactory(username="office", role="city_admin", region=regions["620500"])
    UserFactory(username="qinzhou", role="county", region=regions["620502"])
    for i in range(3):
        f.inspection(regions["620502"], conclusion="不合格" if i == 0 else "合格", sampled=dt.date(2014, 4, 1 + i))
    f.inspection(regions["620503"], conclusion="合格")
    f.case(regions["620502"], goods="8.60", transferred=True)
    f.case(regions["620503"], goods="3.20", closed=dt.date(2014, 6, 1), fines="1.50")
    base, errors = live_server.url, []

    office = login(browser, base, "office", errors)
    office.goto(f"{base}/campaigns/new/")
    office.fill("#f-title", "2014年电线电缆产品质量专项整治")
    office.select_option("#f-lead", "market")
    office.check("input[name=departments][value=industry]")
    office.check("input[name=counties][value='620502']")
    office.check("input[name=counties][value='620503']")
    office.fill("#f-start", "2014-06-30")
    office.fill("#f-end", "2014-03-01")
    office.fill("#f-goals", "对辖区电线电缆生产经营单位开展全覆盖检查。")
    office.click("button:has-text('保存')")
    assert "早于开始日期" in office.content()
    shot(office, "campaign_form_error", full_page=True)
    office.fill("#f-start", "2014-03-01")
    office.fill("#f-end", "2014-06-30")
    office.click("button:has-text('保存')")
    office.wait_for_load_state("networkidle")
    assert "已新建专项整治" in office.content()
    office.click("button[value='启动实施']")
    office.wait_for_load_state("networkidle")
    office.fill("input[name=due]", "2014-05-31")
    office.fill("input[name=content]", "完成辖区电线电缆经营户全覆盖检查")
    office.click("button:has-text('下达任务')")
    office.wait_for_load_state("networkidle")
    url = office.url.split("#")[0]

    county = login(browser, base, "qinzhou", errors)
    county.goto(url)
    county.fill("input[name=officers]", "126")
    county.fill("input[name=entities_checked]", "342")
    county.fill("input[name=dens_destroyed]", "2")
    county.click("#reports button:has-text('保存')")
    county.wait_for_load_state("networkidle")
    assert "秦州区的报送数据已保存" in county.content() and "麦积区" not in county.locator("#results").inner_text()
    shot(county, "campaign_detail_county", full_page=True)
    county.goto(f"{base}/me/worklist/")
    assert "专项整治任务" in county.content()
    shot(county, "campaign_worklist")

    office.goto(url)
    office.wait_for_timeout(500)
    results = office.locator("#results").inner_text()
    assert "合计" in results and "66.7%" in results or "75.0%" in results
    assert office.locator("#cp-chart canvas").count() == 1
    shot(office, "campaign_detail", full_page=True)
    office.goto(f"{base}/campaigns/")
    shot(office, "campaign_list")
    office.goto(f"{url}records/?figure=insp.batches&county=620502")
    assert office.locator("tbody tr").count() == 3
    shot(office, "campaign_records")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
