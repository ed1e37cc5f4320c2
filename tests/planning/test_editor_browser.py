"""The office builds a small target set and a scheme in the form editors of a real browser: rows are
added by the page's script, the indicator picker is searched, the sums and the points total follow
the typing, a wrong total is refused under its field, and the saved documents are what was built."""

import pytest

from qualitybrand.planning.models import Scheme, TargetSet
from tests.factories import UserFactory
from tests.planning.test_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pick(row, search: str, code: str) -> None:
    row.locator(".ed-filter").first.fill(search)
    row.locator("select.ind").first.select_option(code)


def test_office_builds_a_target_set_and_a_scheme(browser, live_server, regions, shot):
    UserFactory(username="office", role="city_admin", region=regions["620500"]).save()
    base = live_server.url
    page = login(browser, base, "office")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # --- the target set --------------------------------------------------------------------
    page.goto(f"{base}/planning/")
    page.click("text=新增目标集")
    page.wait_for_load_state("networkidle")
    page.fill("#f-code", "2014-ui")
    page.fill("#f-name", "2014年界面目标")
    page.fill("#f-year", "2014")
    first = page.locator("#target-rows tr[data-row]").first
    first.locator(".ed-filter").fill("商标申请")
    options = first.locator("select.ind option").all_inner_texts()
    assert any("商标申请量（件）· tm.applications" in o for o in options)
    assert not any("pass_rate" in o for o in options)  # the search narrowed the list
    first.locator("select.ind").select_option("tm.applications")
    assert first.locator(".ed-unit").inner_text() == "单位：件"
    first.locator("input.tgt").fill("200")
    first.locator("input[name$='-alloc-620502']").fill("60")
    first.locator("input[name$='-alloc-620503']").fill("50")
    assert first.locator(".sum").inner_text() == "110"
    assert first.locator(".ed-diff").inner_text() == "-90"
    page.click("button:has-text('添加目标项')")
    second = page.locator("#target-rows tr[data-row]").nth(1)
    pick(second, "抽查合格率", "insp.pass_rate")
    second.locator("input.tgt").fill("95")
    second.locator("input[name$='-alloc-620502']").fill("96")
    assert second.locator(".ed-diff").inner_text() == "—"  # a rate does not add up over regions
    page.click("button:has-text('添加目标项')")
    third = page.locator("#target-rows tr[data-row]").nth(2)
    pick(third, "incident.count", "incident.count")
    third.locator("button:has-text('删除')").click()
    assert page.locator("#target-rows tr[data-row]").count() == 2
    shot(page, "editor-targets-form", full_page=True)
    # a target of 0 is refused under its field; nothing saved and nothing typed is lost
    first.locator("input.tgt").fill("0")
    page.click("button:has-text('保存（生成新版本）')")
    page.wait_for_load_state("networkidle")
    first = page.locator("#target-rows tr[data-row]").first
    assert first.locator("input.tgt + .ed-unit-inline + .ed-err").inner_text() == "目标值必须大于 0。"
    assert first.locator("input[name$='-alloc-620503']").input_value() == "50"
    assert first.locator("select.ind").input_value() == "tm.applications"
    assert not TargetSet.objects.exists()
    shot(page, "editor-targets-refused", full_page=True)
    first.locator("input.tgt").fill("200")
    page.click("button:has-text('保存（生成新版本）')")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/planning/targets/2014-ui/")
    ts = TargetSet.objects.get(code="2014-ui")
    assert ts.document["items"] == [
        {"indicator": "tm.applications", "target": "200", "lower_is_better": False,
         "allocations": {"620502": "60", "620503": "50"}},
        {"indicator": "insp.pass_rate", "target": "95", "lower_is_better": False, "allocations": {"620502": "96"}}]

    # --- the scheme ------------------------------------------------------------------------
    page.goto(f"{base}/planning/")
    page.click("text=新增考核方案")
    page.wait_for_load_state("networkidle")
    page.fill("#f-code", "2014-ui-scheme")
    page.fill("#f-name", "2014年界面考核")
    page.fill("#f-year", "2014")
    page.select_option("#f-targets", "2014-ui")
    page.check("input[name=assessed_mode][value=list]")
    page.check("input[name=assessed][value='620502']")
    page.check("input[name=assessed][value='620503']")
    section = page.locator("#sections .ed-section").first
    section.locator("input.ed-secname").fill("一、目标任务")
    item = section.locator("tr.ed-item").first
    item.locator("input.ed-code").fill("A1")
    item.locator("input.ed-name").fill("商标申请量目标完成情况")
    item.locator("select.rule").select_option("ratio_to_target")
    item.locator("input.pts").fill("60")
    pick(item, "商标申请", "tm.applications")
    section.locator("button:has-text('添加评分项')").click()
    item = section.locator("tr.ed-item").nth(1)
    item.locator("input.ed-code").fill("A2")
    item.locator("input.ed-name").fill("质量工作机制建设")
    item.locator("select.rule").select_option("manual")
    assert not item.locator(".ed-picker").is_visible()  # a manual item has no indicator
    item.locator("input.pts").fill("30")
    item.locator("input[name$='-evidence']").check()
    assert page.locator("#points-total").inner_text() == "90"
    page.click("button:has-text('添加分组')")
    second_section = page.locator("#sections .ed-section").nth(1)
    second_section.locator("input.ed-secname").fill("二、扣分项")
    item = second_section.locator("tr.ed-item").first
    item.locator("input.ed-code").fill("D1")
    item.locator("input.ed-name").fill("质量安全事故扣分")
    item.locator("select.rule").select_option("deduction")
    assert not item.locator("input.pts").is_visible()
    pick(item, "质量安全事故", "incident.count")
    item.locator("input[name$='-per_unit']").fill("2")
    item.locator("input[name$='-cap']").fill("10")
    page.click("button:has-text('添加否决项')")
    veto = page.locator("#veto-rows tr[data-row]").first
    veto.locator("input.ed-code").fill("V1")
    veto.locator("input.ed-name").fill("发生重大质量安全事故")
    pick(veto, "重大", "incident.major")
    veto.locator("input[name$='-grade']").fill("不合格")
    # 60 + 30 = 90 points: refused under the total, nothing saved, nothing lost
    page.click("button:has-text('保存（生成新版本）')")
    page.wait_for_load_state("networkidle")
    message = page.locator("#points-total-line + .ed-err")
    assert "分值合计 90 分，应为 100 分" in message.inner_text()
    assert not Scheme.objects.exists()
    shot(page, "editor-scheme-refused", full_page=True)
    item = page.locator("tr.ed-item").filter(has=page.locator("input.ed-code[value='A2']"))
    assert item.locator("input[name$='-evidence']").is_checked()
    item.locator("input.pts").fill("40")
    assert page.locator("#points-total").inner_text() == "100"
    assert not message.is_visible()  # the refusal is answered as soon as the total is right
    shot(page, "editor-scheme-form", full_page=True)
    page.click("button:has-text('保存（生成新版本）')")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/planning/schemes/2014-ui-scheme/")
    scheme = Scheme.objects.get(code="2014-ui-scheme")
    assert scheme.assessed_codes == ["620502", "620503"] and scheme.target_set_code == "2014-ui"
    assert scheme.document["items"] == [
        {"code": "A1", "name": "商标申请量目标完成情况", "rule": "ratio_to_target", "section": "一、目标任务",
         "points": "60", "indicator": "tm.applications"},
        {"code": "A2", "name": "质量工作机制建设", "rule": "manual", "section": "一、目标任务", "points": "40",
         "evidence": "required"},
        {"code": "D1", "name": "质量安全事故扣分", "rule": "deduction", "section": "二、扣分项",
         "indicator": "incident.count", "per_unit": "2", "cap": "10"}]
    assert scheme.document["vetoes"] == [{"code": "V1", "name": "发生重大质量安全事故", "indicator": "incident.major",
                                          "above": "0", "grade": "不合格"}]
    assert "二、扣分项" in page.content()
    shot(page, "editor-scheme-saved", full_page=True)
    # the editor opens the saved scheme with its data
    page.click("text=编辑方案")
    page.wait_for_load_state("networkidle")
    assert page.locator("#sections .ed-section").count() == 2
    assert page.locator("tr.ed-item select.ind").first.input_value() == "tm.applications"
    assert not errors, errors
