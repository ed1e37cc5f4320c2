"""交办任务 in a real browser: the city assigns a task on the form (assigning to itself first), 住建
reports completion with evidence, the city accepts; pages at desktop and phone width, no CSP error."""

import datetime as dt
from pathlib import Path

import pytest

from tests.assignments.factories_tasks import department, towns
from tests.factories import UserFactory

PASSWORD = "Qb-test-Pass-2024"
SHOTS = Path("/tmp/shots/assign")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username, errors, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def snap(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_task_from_form_to_acceptance(browser, live_server, regions, settings, tmp_path):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    towns()
    UserFactory(username="office", role="city_admin", region=regions["620500"])
    UserFactory(username="zhujian", role="department", region=regions["620500"], department=department("住建"))
    base, errors = live_server.url, []
    evidence = tmp_path / "检查报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    office = login(browser, base, "office", errors)
    office.goto(f"{base}/assignments/new/")
    office.fill("#f-title", "报送2014年上半年建筑工程质量检查情况")
    office.fill("#f-content", "对全市在建房屋建筑和市政工程开展质量检查，汇总检查结果。")
    office.fill("#f-standard", "形成检查报告，附检查台账；问题整改率 100%。")
    office.fill("#f-deadline", "2014-07-31")
    office.click("button:has-text('交办')")
    assert "请至少选择一个承办单位" in office.content()
    office.check("input[name=assignees][value='department:housing']")
    office.check("input[name=assignees][value='region:620502']")
    office.check("input[name=assignees][value='town:620503100']")
    snap(office, "task_form")
    office.click("button:has-text('交办')")
    office.wait_for_load_state("networkidle")
    assert "已交办给 3 个承办单位" in office.content()
    task_url = office.url

    zj = login(browser, base, "zhujian", errors)
    zj.goto(task_url)
    zj.fill("textarea[name=text]", "已检查在建项目 46 个，发现问题 12 处，均已整改。")
    zj.fill("input[name=figures]", "检查项目 46 个，问题 12 处")
    zj.set_input_files("input[name=files]", str(evidence))
    zj.check("input[name=completion]")
    zj.click("button:has-text('报送')")
    zj.wait_for_load_state("networkidle")
    assert "等待交办单位验收" in zj.content()
    snap(zj, "task_department")

    office.goto(task_url)
    snap(office, "task_office")
    office.click("button[value='验收通过']")
    office.wait_for_load_state("networkidle")
    assert "已验收" in office.content()
    office.goto(f"{base}/assignments/")
    snap(office, "task_list")

    phone = login(browser, base, "zhujian", errors, width=390)
    phone.goto(task_url)
    snap(phone, "task_phone")
    phone.goto(f"{base}/assignments/")
    snap(phone, "list_phone")
    phone.goto(f"{base}/assignments/mine/")
    snap(phone, "mine_phone")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
