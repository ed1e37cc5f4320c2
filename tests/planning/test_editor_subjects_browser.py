"""The subject editors in a real browser: the city switches a target set to departments (the department
columns appear, the regions' disappear and are not posted) and a scheme between kinds (enterprises:
manual items only, no vetoes; departments: the 适用部门 column); a county builds its towns' scheme and
target set and reads their progress."""

from pathlib import Path

import pytest

from qualitybrand.planning.models import Scheme, TargetSet
from tests.factories import UserFactory
from tests.planning.editor_subjects_factories import towns
from tests.planning.test_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/subjeditor")


def snap(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def pick(row, search: str, code: str) -> None:
    row.locator(".ed-filter").first.fill(search)
    row.locator("select.ind").first.select_option(code)


def save(page):
    page.click("button:has-text('保存（生成新版本）')")
    page.wait_for_load_state("networkidle")


def test_the_city_switches_subject_kinds(browser, live_server, regions):
    UserFactory(username="office", role="city_admin", region=regions["620500"]).save()
    page = login(browser, live_server.url, "office")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/planning/targets/new/")
    page.fill("#f-code", "2014-dept")
    page.fill("#f-name", "2014年市直部门目标")
    page.fill("#f-year", "2014")
    row = page.locator("#target-rows tr[data-row]").first
    pick(row, "商标申请", "tm.applications")
    row.locator("input.tgt").fill("200")
    assert not page.locator("th[data-col='住建']").is_visible()
    row.locator("input[name$='-alloc-620502']").fill("60")  # typed under the regions, then switched away
    page.check("input[name=subjects][value=departments]")
    assert page.locator("th[data-col='住建']").is_visible() and not page.locator("th[data-col='620502']").is_visible()
    page.uncheck("input[data-show-col='发改']")
    assert not page.locator("th[data-col='发改']").is_visible()
    row.locator("input[name$='-alloc-住建']").fill("80")
    row.locator("input[name$='-alloc-环保']").fill("50")
    assert row.locator(".sum").inner_text() == "130"  # the hidden regions' 60 is not counted
    snap(page, "target-editor-departments")
    save(page)
    assert page.url.endswith("/planning/targets/2014-dept/")
    doc = TargetSet.objects.get(code="2014-dept").document
    assert doc["subjects"] == "departments" and doc["items"][0]["allocations"] == {"住建": "80", "环保": "50"}

    page.goto(f"{live_server.url}/planning/schemes/new/")
    page.check("input[name=subjects][value=enterprises]")
    rule = page.locator("tr.ed-item select.rule").first
    assert rule.input_value() == "manual"
    assert rule.locator("option[value=linear]").is_disabled()
    assert not page.locator("#veto-rows").is_visible()
    assert page.locator("#f-enterprises").is_visible()
    page.check("input[name=subjects][value=departments]")
    assert not rule.locator("option[value=linear]").is_disabled()
    assert page.locator("tr.ed-item select[name$='-applies_to']").first.is_visible()
    assert page.locator("input[name=assessed_departments][value='住建']").is_visible()
    snap(page, "scheme-editor-departments")
    assert not errors, errors


def test_a_county_builds_its_towns_scheme_and_targets(browser, live_server, regions, engine):
    towns(regions)
    UserFactory(username="qz", role="county", region=regions["620502"]).save()
    page = login(browser, live_server.url, "qz")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/planning/schemes/new/")
    assert page.locator("input[name=subjects]").count() == 1
    page.fill("#f-code", "2014-qz-towns")
    page.fill("#f-name", "2014年秦州区乡镇街道质量工作考核")
    page.check("input[name=assessed_towns][value='620502001']")
    page.check("input[name=assessed_towns][value='620502101']")
    item = page.locator("tr.ed-item").first
    item.locator("input.ed-code").fill("A1")
    item.locator("input.ed-name").fill("商标申请量排名")
    item.locator("select.rule").select_option("rank")
    item.locator("input.pts").fill("100")
    pick(item, "商标申请", "tm.applications")
    snap(page, "scheme-editor-towns-qinzhou")
    save(page)
    assert page.url.endswith("/planning/schemes/2014-qz-towns/"), page.locator(".pl-errors").all_inner_texts()
    assert Scheme.objects.get(code="2014-qz-towns").document["assessed"] == ["620502001", "620502101"]

    page.goto(f"{live_server.url}/planning/targets/new/")
    page.fill("#f-code", "2014-qz-targets")
    page.fill("#f-name", "2014年秦州区乡镇街道目标")
    page.fill("#f-year", "2014")
    row = page.locator("#target-rows tr[data-row]").first
    pick(row, "商标申请", "tm.applications")
    row.locator("input.tgt").fill("60")
    row.locator("input[name$='-alloc-620502001']").fill("30")
    row.locator("input[name$='-alloc-620502101']").fill("20")
    snap(page, "target-editor-towns-qinzhou")
    save(page)
    assert page.url.endswith("/planning/targets/2014-qz-targets/")
    engine.put("tm.applications", "620502", 40)
    engine.put("tm.applications", "620502001", 25)
    engine.put("tm.applications", "620502101", 3)
    page.goto(f"{live_server.url}/planning/targets/2014-qz-targets/?as_of=2014-06-30")
    cells = page.locator("table.pl-table tbody tr td:first-child").all_inner_texts()
    assert "大城街道" in cells and "玉泉镇" in cells
    snap(page, "towns-progress")
    page.goto(f"{live_server.url}/planning/")
    assert page.locator("text=新增目标集（乡镇街道）").is_visible()
    snap(page, "planning-index-qinzhou")
    assert not errors, errors
