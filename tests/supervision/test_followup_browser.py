"""Follow-ups in a real browser: the county ticks two batches and issues their notices in bulk, the
enterprise uploads its 整改报告 from 本企业, the county records the 复查; the pages have no CSP
violation. Screenshots: followup-list, followup-detail, followup-settings, key-products, key-product-rates."""

import datetime as dt

import pytest

from qualitybrand.supervision import services_followup as svc
from qualitybrand.supervision.models import FollowUp
from tests.factories import EntityFactory, UserFactory
from tests.supervision.factories import PDF, batch

PASSWORD = "Qb-test-Pass-2024"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username, errors):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_followups_in_the_browser(browser, live_server, regions, settings, tmp_path, shot):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    county = regions["620502"]
    firm = EntityFactory(region=county, name="天水宏达电缆有限公司")
    mine = batch(county, entity=firm, sampled=dt.date(2014, 6, 3), product="电线电缆", failed_items="导体电阻、绝缘厚度")
    other = batch(county, entity=EntityFactory(region=county, name="秦州区彩虹涂料厂"), sampled=dt.date(2014, 6, 5),
                  product="涂料", failed_items="挥发性有机化合物含量")
    late = batch(county, entity=EntityFactory(region=county, name="天水鑫源化肥有限公司"), sampled=dt.date(2014, 4, 2),
                 product="化肥", failed_items="总养分含量")
    svc.issue_notice(None, late, today=dt.date(2014, 5, 5))
    UserFactory(username="firm", role="enterprise", region=county, entity=firm)
    UserFactory(username="office", role="county", region=county)
    UserFactory(username="city", role="city_admin", region=regions["620500"])
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(PDF)
    base, errors = live_server.url, []

    page = login(browser, base, "office", errors)
    page.goto(f"{base}/supervision/followups/")
    page.check(f"input[name=ids][value='{mine.pk}']")
    page.check(f"input[name=ids][value='{other.pk}']")
    page.click("button:has-text('为所选批次下达整改通知')")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=下载全部通知书").count() == 1
    shot(page, "followup-list", full_page=True)
    assert FollowUp.objects.filter(status="整改中").count() == 3

    page = login(browser, base, "firm", errors)
    page.goto(f"{base}/me/company/")
    page.click("a:has-text('提交整改报告')")
    page.set_input_files("input[name=file]", str(report))
    page.fill("#report-note", "已更换导体原材料供应商并全检库存")
    page.click("button:has-text('提交整改报告')")
    page.wait_for_load_state("networkidle")
    assert FollowUp.objects.get(inspection=mine).status == "待复查"

    page = login(browser, base, "office", errors)
    page.goto(f"{base}/supervision/followups/{mine.pk}/")
    page.check("input[name=result][value='合格']")
    page.click("button:has-text('登记复查')")
    page.wait_for_load_state("networkidle")
    assert FollowUp.objects.get(inspection=mine).status == "复查合格"
    shot(page, "followup-detail", full_page=True)
    page.goto(f"{base}/me/worklist/")
    shot(page, "followup-worklist", full_page=True)

    page = login(browser, base, "city", errors)
    for url, name in (("/supervision/followups/settings/", "followup-settings"),
                      ("/supervision/key-products/?edit=1", "key-products"),
                      ("/supervision/key-products/pass-rates/?year=2014", "key-product-rates")):
        page.goto(f"{base}{url}")
        page.wait_for_load_state("networkidle")
        shot(page, name, full_page=True)
    assert not errors, errors
