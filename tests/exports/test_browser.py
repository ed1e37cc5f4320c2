"""In a real browser: a county clerk jumps to a page of a long list and downloads its export."""

import datetime as dt
import io

import openpyxl
import pytest

from tests.accounts.factories import make_user
from tests.browsing import log_in
from tests.factories import EntityFactory, region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_jump_to_page_and_download(page, live_server, shot, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = dt.date(2014, 7, 10)
    tree = region_tree()
    make_user(username="qinzhou_exp", role="county", region=tree["620502"])
    for i in range(45):
        EntityFactory(region=tree["620502"], name=f"秦州导出企业{i:02d}有限公司", kind="企业")
    EntityFactory(region=tree["620503"], name="麦积外县企业有限公司")
    log_in(page, live_server, "qinzhou_exp")
    page.goto(f"{live_server.url}/registry/entities/?kind=企业&ordering=name")
    page.fill(".pager-jump-input", "3")
    page.click(".pager-jump button")
    page.wait_for_url("**page=3**")
    assert "第 3 / 3 页" in page.locator(".rec-pager").inner_text()
    assert "kind=%E4%BC%81%E4%B8%9A" in page.url or "kind=企业" in page.url  # the filter kept
    shot(page, "exports-01-jump-to-page", full_page=True)
    page.goto(f"{live_server.url}/registry/entities/?page=99999")
    assert "第 3 / 3 页" in page.locator(".rec-pager").inner_text()
    page.goto(f"{live_server.url}/registry/entities/?page=abc")
    assert "第 1 / 3 页" in page.locator(".rec-pager").inner_text()
    with page.expect_download() as info:
        page.click(".rec-actions >> text=导出 Excel")
    download = info.value
    assert download.suggested_filename == "市场主体_秦州区_2014-07-10.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read())).worksheets[0]
    assert ws["A1"].value == "市场主体" and ws["A3"].value == "名称"
    names = [r[0] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert len(names) == 45 and "麦积外县企业有限公司" not in names


def test_change_log_and_applications_toolbars(page, live_server, shot, settings):
    from qualitybrand.core import services as core_services

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = region_tree()
    make_user(username="city_exp", role="city_admin", region=tree["620500"])
    for i in range(25):
        core_services.create_record(None, EntityFactory.build(region=tree["620502"], name=f"变更企业{i}"))
    log_in(page, live_server, "city_exp")
    page.goto(f"{live_server.url}/changelog/?model=registry.entity&page=abc")
    assert "第 1 / 2 页" in page.locator(".pagination").inner_text()
    page.fill(".pager-jump-input", "2")
    page.click(".pager-jump button")
    page.wait_for_url("**page=2**")
    assert "第 2 / 2 页" in page.locator(".pagination").inner_text() and "model=registry.entity" in page.url
    shot(page, "exports-02-change-log", full_page=True)
    with page.expect_download() as info:
        page.click(".filter-bar >> text=导出 Excel")
    assert info.value.suggested_filename.startswith("变更记录_天水市_")
    page.goto(f"{live_server.url}/cultivation/applications/")
    assert page.locator("a.cv-btn", has_text="导出 Excel").count() == 1
    shot(page, "exports-03-applications")
