"""迎检 in a real browser: the city admin starts the self-evaluation, assigns manual items, scores one,
tries the what-if and downloads the report; screenshots under /tmp/shots/yingjian when that folder exists."""

from pathlib import Path

import pytest

from qualitybrand.assignments import services as assignments
from qualitybrand.inspection.models import Preparation
from qualitybrand.planning import values
from tests.assignments.factories_tasks import department_user, pdf
from tests.factories import UserFactory
from tests.inspection.factories import province_scheme
from tests.planning.conftest import FakeEngine

PASSWORD = "Qb-test-Pass-2024"
SHOTS = Path("/tmp/shots/yingjian")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _login(browser, base, username, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 768}, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page, errors


def test_city_prepares_for_the_province(browser, live_server, regions, monkeypatch, tmp_path):
    fake = FakeEngine()
    fake.put("tm.applications", "620500", 160)
    fake.put("insp.pass_rate", "620500", 92.4)
    fake.put("incident.count", "620500", 1)
    fake.put("incident.major", "620500", 0)
    monkeypatch.setattr(values, "indicator_values", fake)
    scheme = province_scheme()
    UserFactory(username="office", role="city_admin", region=regions["620500"]).save()
    base = live_server.url

    page, csp = _login(browser, base, "office")
    page.goto(f"{base}/inspection/new/")
    page.select_option("#f-scheme", str(scheme.pk))
    page.fill("#f-asof", "2013-12-31")
    page.fill("#f-deadline", "2014-01-20")
    _shot(page, "start")
    page.click("button:has-text('开展自评并起草')")
    page.wait_for_load_state("networkidle")
    prep = Preparation.objects.get()
    assert f"/inspection/{prep.pk}/" in page.url
    assert "质量工作机制建设" in page.content()

    # assign A3 to 住建 and 秦州区, A4 to 环保
    row = page.locator("#tasks tr", has_text="A3 质量工作机制建设")
    row.locator("label", has_text="住建").locator("input").check()
    row.locator("label", has_text="秦州区").locator("input").check()
    page.locator("#tasks tr", has_text="A4 品牌培育与宣传").locator("label", has_text="环保").locator("input").check()
    page.click("button:has-text('创建交办任务')")
    page.wait_for_load_state("networkidle")
    assert "已交办 2 项迎检材料任务" in page.content()

    # 住建 delivers, the city accepts: the file becomes A3's evidence
    task = prep.items.get(item_code="A3").task
    zj = task.assignees.get(department__name="住建")
    assignments.submit_report(department_user("住建"), zj, text="材料齐全", completion=True,
                              files=[pdf("联席会议制度.pdf")])
    assignments.review(prep.created_by, zj, "验收通过")

    page.goto(f"{base}/inspection/{prep.pk}/")
    form = page.locator("form[aria-label='A3 评分']")
    form.locator("input[name=score]").fill("27.5")
    form.locator("input[name=explanation]").fill("建立质量工作联席会议制度，年度考核办法已印发。")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "评分项 A3 的自评分已保存" in page.content()
    assert "联席会议制度.pdf" in page.content()
    _shot(page, "preparation")

    page.fill("input[name='v-insp.pass_rate']", "95")
    page.fill("input[name='m-A4']", "25")
    page.click("button:has-text('试算')")
    page.wait_for_load_state("networkidle")
    assert "按假设值试算" in page.content()
    page.locator("#whatif").scroll_into_view_if_needed()
    if SHOTS.is_dir():
        page.locator("#whatif").screenshot(path=str(SHOTS / "whatif.png"))

    with page.expect_download() as download:
        page.click("#outputs a:has-text('下载') >> nth=0")
    target = tmp_path / "report.docx"
    download.value.save_as(target)
    assert target.read_bytes()[:2] == b"PK"
    if SHOTS.is_dir():
        (SHOTS / "report.docx").write_bytes(target.read_bytes())
    with page.expect_download() as download:
        page.click("#outputs a:has-text('下载') >> nth=1")
    pkg = tmp_path / "pkg.zip"
    download.value.save_as(pkg)
    if SHOTS.is_dir():
        (SHOTS / "package.zip").write_bytes(pkg.read_bytes())

    phone, _ = _login(browser, base, "office", width=390)
    phone.goto(f"{base}/inspection/{prep.pk}/")
    _shot(phone, "preparation_phone")
    phone.goto(f"{base}/inspection/")
    _shot(phone, "list_phone")
    assert not csp, csp
