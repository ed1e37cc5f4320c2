"""In a real browser: the public portal on a phone (375×812) and on a desktop, the menu button, and
axe-core (WCAG 2.1 A/AA) with no serious or critical violation on each public page.
Screenshots in /tmp/shots_portalpub/ (and screenshots/ through the shared `shot` fixture)."""

import datetime as dt
from pathlib import Path

import pytest

from qualitybrand.portal.models import PublishState
from tests.axe import describe, violations
from tests.factories import EntityFactory, region_tree
from tests.portal.factories_pub import (
    BlacklistEntryFactory,
    InspectionFactory,
    PortalPageFactory,
    PublicationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path("/tmp/shots_portalpub")
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def portal(settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    regions = region_tree()
    own = regions["620502"]
    firms = [EntityFactory(region=own, name=n) for n in ("天水星火机床有限责任公司", "天水长城电工电线电缆有限公司",
                                                        "秦州区农资经营部")]
    batches = [InspectionFactory(entity=f, level="市", sampled=dt.date(2014, 3, 3 + i), product_category=p,
                                 conclusion=c, failed_items=items)
               for i, (f, p, c, items) in enumerate([(firms[0], "数控机床", "合格", ""),
                                                      (firms[1], "电线电缆", "不合格", "导体电阻、绝缘厚度"),
                                                      (firms[2], "化肥", "不合格", "总养分")])]
    publication = PublicationFactory(region=regions["620500"], title="天水市2014年第一季度市级产品质量监督抽查结果公告",
                                     doc_number="天市监公告〔2014〕3号", inspections=batches)
    PortalPageFactory(region=regions["620500"], title="关于贯彻甘肃省质量发展纲要的实施意见",
                      body="<h2>一、总体要求</h2><p>坚持以质取胜。</p><ul><li>质量提升</li></ul>")
    PortalPageFactory(region=regions["620500"], section="news", title="全市推进质量振兴暨商标战略实施工作会议召开",
                      doc_number="", state=PublishState.PUBLISHED)
    BlacklistEntryFactory(entity=EntityFactory(region=own, name="天水某某食品有限公司"), listed=dt.date(2013, 9, 1),
                          reason="生产销售不合格产品，责令整改后拒不整改", authority="天水市市场监督管理局")
    return {"publication": publication}


def _check(page, url, name, viewport):
    page.set_viewport_size(viewport)
    page.goto(url)
    page.wait_for_selector("main#main")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    found = violations(page)
    assert not found, f"{url}:\n{describe(found)}"


def test_public_pages_on_phone_and_desktop_pass_axe(page, live_server, portal, shot):
    pages = {"home": "/portal/", "inspections": "/portal/inspections/",
             "inspection": f"/portal/inspections/{portal['publication'].pk}/", "blacklist": "/portal/blacklist/",
             "policies": "/portal/policies/", "news": "/portal/news/"}
    for name, path in pages.items():
        _check(page, live_server.url + path, f"{name}-desktop", {"width": 1366, "height": 768})
    for name in ("home", "inspections", "inspection", "blacklist"):
        _check(page, live_server.url + pages[name], f"{name}-phone", PHONE)
    policy_id = page.goto(live_server.url + "/portal/policies/") and page.locator(".list a.title").first.get_attribute(
        "href")
    _check(page, live_server.url + policy_id, "page-phone", PHONE)
    shot(page, "portalpub-page-phone")


def test_phone_menu_button_opens_the_navigation(page, live_server, portal):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/portal/")
    button = page.locator(".menu-btn")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not page.locator("#site-nav a", has_text="失信名单").is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-nav a", has_text="失信名单").is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "home-phone-menu.png"))
    page.set_viewport_size({"width": 1366, "height": 768})
    assert not button.is_visible() and page.locator("#site-nav a", has_text="失信名单").is_visible()


def test_phone_width_has_no_horizontal_scroll(page, live_server, portal):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/portal/", "/portal/blacklist/", f"/portal/inspections/{portal['publication'].pk}/"]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path}: {width}px"
