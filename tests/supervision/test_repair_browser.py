"""Credit repair in a real browser: the enterprise applies from its blacklist entry with the three
materials, the city office sees it pending with its deadline and approves; the entry leaves the list
and the public-scope preview."""

import datetime as dt

import pytest

from qualitybrand.supervision.models import BlacklistEntry
from tests.factories import EntityFactory, UserFactory
from tests.supervision.factories import PDF, entry

PASSWORD = "Qb-test-Pass-2024"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


DIALOGS: list[str] = []


def _accept(dialog):
    DIALOGS.append(dialog.message)
    dialog.accept()


def login(browser, base, username):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.on("dialog", _accept)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_repair_from_application_to_removal(browser, live_server, regions, settings, tmp_path, shot):
    settings.QB_TODAY = dt.date(2024, 9, 27)
    county = regions["620502"]
    firm = EntityFactory(region=county, name="天水宏达食品有限公司")
    listed = entry(county, listed=dt.date(2023, 3, 15), entity=firm)
    entry(county, listed=dt.date(2021, 2, 1), removed=dt.date(2024, 2, 1), removal_method="期满移出",
          name="秦州区旧账商贸有限公司")
    entry(county, listed=dt.date(2024, 5, 20), name="麦积区惠民农资有限公司")
    UserFactory(username="firm", role="enterprise", region=county, entity=firm)
    UserFactory(username="office", role="city_admin", region=regions["620500"])
    files = {}
    for name in ("整改完成证明", "罚款缴纳凭证", "信用承诺书"):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(PDF)
        files[name] = str(path)
    base = live_server.url

    page = login(browser, base, "firm")
    page.goto(f"{base}/supervision/blacklist/{listed.pk}/")
    page.click("a:has-text('申请信用修复')")
    page.set_input_files("#file-0", files["整改完成证明"])
    page.set_input_files("#file-1", files["罚款缴纳凭证"])
    page.set_input_files("#file-2", files["信用承诺书"])
    page.fill("#statement", "已完成整改，罚款已于 2023 年 6 月缴清。")
    page.click("button:has-text('提交申请')")
    page.wait_for_load_state("networkidle")
    assert "办理期限至 2024年10月23日" in page.content()

    office = login(browser, base, "office")
    office.goto(f"{base}/supervision/blacklist/")
    body = office.content()
    assert "修复申请中" in body and "已移出（期满移出）" in body and "2026-03-15" in body
    shot(office, "blacklist_list")
    office.goto(f"{base}/supervision/blacklist/{listed.pk}/")
    assert "修复申请中" in office.content() and "2026年3月15日" in office.content()
    shot(office, "blacklist_detail", full_page=True)
    office.goto(f"{base}/supervision/repairs/?state=待审核")
    office.click("a:has-text('查看')")
    office.wait_for_load_state("networkidle")
    assert office.locator("button[value='批准']").count() == 1
    shot(office, "repair_detail", full_page=True)
    office.fill("#comment", "材料齐全，同意修复。")
    office.click("button[value='批准']")
    office.wait_for_load_state("networkidle")
    assert "已修复" in office.content()
    assert any("确定批准" in m for m in DIALOGS)  # the approval asks first (data-confirm on the button)
    listed.refresh_from_db()
    assert (listed.removed, listed.removal_method) == (dt.date(2024, 9, 27), "信用修复")
    office.goto(f"{base}/supervision/blacklist/public/")
    preview = office.content()
    assert "天水宏达食品有限公司" not in preview and "麦积区惠民农资有限公司" in preview
    shot(office, "blacklist_public_preview")
    assert BlacklistEntry.objects.filter(removed__isnull=True).count() == 1
