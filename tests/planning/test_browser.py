"""A whole round in a real browser: publication, self-evaluation with evidence, review, finalising, notice."""

import datetime as dt
from pathlib import Path

import pytest

from qualitybrand.planning import services
from qualitybrand.planning.models import Round
from tests.factories import UserFactory
from tests.planning.conftest import COUNTIES
from tests.planning.test_commands import SCHEME, run

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-dev-shm-usage"]
PASSWORD = "Qb-test-Pass-2024"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pl_page(browser):
    """The shared Chromium of tests/conftest.py (one Playwright per process)."""
    return browser


def login(browser, base, username):
    """Each user in its own browser context (its own session)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_round_from_publication_to_notice(pl_page, live_server, regions, engine, write_yaml, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.QB_TODAY = dt.date(2014, 1, 10)
    assert run("load_scheme", write_yaml(SCHEME))[0] == 0
    end = dt.date(2013, 12, 31)
    for n, r in enumerate(COUNTIES):
        engine.put("tm.applications", r, 40 + 30 * n, end)
        engine.put("insp.pass_rate", r, 86 + n, end)
    office = UserFactory(username="office", role="city_admin", region=regions["620500"])
    county = UserFactory(username="qinzhou", role="county", region=regions["620502"])
    office.save()
    county.save()
    base = live_server.url

    page = login(pl_page, base, "office")
    page.goto(f"{base}/planning/schemes/2013-quality/")
    page.select_option("#r-kind", "年终考核")
    page.fill("#r-deadline", "2014-01-20")
    page.click("button:has-text('发布轮次')")
    page.wait_for_load_state("networkidle")
    rnd = Round.objects.get()
    assert f"/planning/rounds/{rnd.pk}/" in page.url

    cpage = login(pl_page, base, "qinzhou")
    cpage.goto(f"{base}/planning/rounds/{rnd.pk}/620502/")
    cpage.fill("#s-score", "9")
    cpage.fill("#s-exp", "制度健全，台账完整。")
    evidence = tmp_path / "制度文件.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    cpage.set_input_files("#s-files", str(evidence))
    cpage.click("button:has-text('提交自评')")
    cpage.wait_for_load_state("networkidle")
    assert "制度文件.pdf" in cpage.content()
    # another county's page is not reachable
    assert cpage.goto(f"{base}/planning/rounds/{rnd.pk}/620503/").status == 404

    page.goto(f"{base}/planning/rounds/{rnd.pk}/620502/")
    page.fill("form[action$='/review/'] input[name=score]", "8.5")
    page.fill("form[action$='/review/'] input[name=comment]", "机制较健全")
    page.click("form[action$='/review/'] button")
    page.wait_for_load_state("networkidle")
    for code in COUNTIES[1:]:
        services.score_manual(office, rnd, regions[code], "A4", "7")
    page.goto(f"{base}/planning/rounds/{rnd.pk}/")
    page.click("button:has-text('定稿（冻结得分、等次、排名和指标值）')")
    page.wait_for_load_state("networkidle")
    assert "已于" in page.content() and "定稿" in page.content()
    page.goto(f"{base}/planning/rounds/{rnd.pk}/notice/")
    page.fill("#n-no", "天质强办发〔2014〕3号")
    page.click("button:has-text('发布通报')")
    page.wait_for_load_state("networkidle")
    text = page.content()
    assert "考核结果" in text and "秦州区" in text and "失分情况" in text
    docx = page.request.get(f"{base}/planning/rounds/{rnd.pk}/notice.docx")
    assert docx.ok and docx.body()[:2] == b"PK"
    rnd.refresh_from_db()
    assert rnd.state == "已通报"
