"""In a real browser, on a phone (375×812): find 天水星火 by its initials, file a complaint (waiting the
3 s the form asks), look its status up; an objection on 公示. axe-core finds no serious or critical
violation on these pages. Screenshots in /tmp/shots_portalpublic/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qualitybrand.complaints.models import Complaint
from qualitybrand.portal.models import Objection
from tests.axe import describe, violations
from tests.factories import region_tree
from tests.portal.factories_portalpublic import TODAY, notice_application, recognition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/shots_portalpublic")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True,
                                  has_touch=True, device_scale_factor=1)
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def city(monkeypatch, settings):
    from qualitybrand.core import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    settings.CACHES = {**settings.CACHES, "portalbrowser": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                             "LOCATION": "portalbrowser"}}
    settings.QB_PORTAL_THROTTLE_CACHE = "portalbrowser"
    regions = region_tree()
    recognition(regions["620502"], "天水星火", level="国家")
    recognition(regions["620503"], "麦积苹果")
    notice_application(regions["620503"], name="公示示范企业有限公司")
    return regions


def snap(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_serious(pg) -> None:
    found = violations(pg)
    assert not found, describe(found)


def test_a_visitor_finds_a_brand_files_a_complaint_and_looks_it_up(phone, live_server, city):
    pg = phone
    pg.goto(f"{live_server.url}/portal/brands/")
    pg.fill("#q", "tsxh")
    with pg.expect_navigation():
        pg.click("form.pf-search button[type=submit]")
    cards = pg.locator("[data-testid=brands] li")
    assert cards.count() == 1 and "天水星火" in cards.first.inner_text()
    snap(pg, "01-brands-tsxh")
    no_serious(pg)
    with pg.expect_navigation():
        pg.click("text=天水星火")
    assert "天水星火有限公司" in pg.content()
    snap(pg, "02-brand-detail")
    no_serious(pg)

    pg.goto(f"{live_server.url}/portal/complaint/")
    no_serious(pg)
    snap(pg, "03-complaint-form")
    pg.check("input[name=category][value=投诉]")
    pg.fill("#id_respondent_name", "某某家电商店")
    pg.select_option("#id_region", "620502")
    pg.fill("#id_product", "电暖器")
    pg.fill("#id_summary", "7月5日购买的电暖器使用两天外壳开裂，商家拒绝退货，要求退货退款。")
    pg.fill("#id_complainant_name", "赵六")
    pg.fill("#id_complainant_phone", "13800004321")
    pg.wait_for_timeout(3500)  # the form refuses a post made within 3 s of opening it
    with pg.expect_navigation():
        pg.click("form.pf-form button[type=submit]")
    number = pg.locator("[data-testid=receipt]").inner_text().strip()
    assert Complaint.objects.get(number=number).channel == "门户"
    snap(pg, "04-complaint-receipt")
    no_serious(pg)

    with pg.expect_navigation():
        pg.click("a.pf-primary:has-text('查询办理状态')")
    pg.fill("#id_number", number)
    pg.fill("#id_phone_tail", "4321")
    with pg.expect_navigation():
        pg.click("form.pf-form button[type=submit]")
    result = pg.locator("[data-testid=status-result]").inner_text()
    assert number in result and "登记" in result and "秦州区市场监管部门" in result
    assert "赵六" not in pg.content() and "13800004321" not in pg.content()
    snap(pg, "05-status")
    no_serious(pg)
    pg.fill("#id_phone_tail", "0000")
    with pg.expect_navigation():
        pg.click("form.pf-form button[type=submit]")
    assert "没有查到" in pg.content()
    no_serious(pg)


def test_an_objection_on_notice(phone, live_server, city):
    pg = phone
    pg.goto(f"{live_server.url}/portal/notices/")
    assert "公示示范企业有限公司" in pg.content()
    snap(pg, "06-notices")
    no_serious(pg)
    with pg.expect_navigation():
        pg.click("h2 >> text=公示示范企业有限公司")
    pg.fill("#id_name", "钱七")
    pg.fill("#id_contact", "13700001111")
    pg.fill("#id_text", "该企业 2013 年有产品抽检不合格，请核实。")
    # too fast: refused, nothing stored
    with pg.expect_navigation():
        pg.click("form.pf-form button[type=submit]")
    assert "提交过快" in pg.content() and not Objection.objects.exists()
    assert pg.input_value("#id_name") == "钱七"  # what was typed is kept
    snap(pg, "07-refused-too-fast")
    no_serious(pg)
    snap(pg, "08-notice-detail")
    no_serious(pg)
    pg.wait_for_timeout(3500)
    with pg.expect_navigation():
        pg.click("form.pf-form button[type=submit]")
    receipt = pg.locator("[data-testid=receipt]").inner_text().strip()
    assert re.fullmatch(r"YY[A-Z0-9]{10}", receipt) and Objection.objects.get().receipt == receipt
    snap(pg, "09-objection-receipt")
    no_serious(pg)
