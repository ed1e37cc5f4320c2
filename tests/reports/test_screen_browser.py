"""In a real browser: a chart's bar opens the records behind it, the leader's screen on a projector (dark theme,
1920×1080 and 1280×720), its county carousel and auto-refresh, and axe-core on the screen and the dashboard.
Screenshots in /tmp/shots_screen/."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core.cache import caches

from qualitybrand.core import services
from qualitybrand.registry.models import Trademark
from tests import axe
from tests.accounts.factories import PASSWORD, make_user
from tests.factories import region_tree
from tests.indicators import factories as f

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path("/tmp/shots_screen")


@pytest.fixture
def city(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = dt.date(2014, 7, 10)
    for name in ("default", "shared"):  # figures are cached per data version, which starts again in every test
        caches[name].clear()
    tree = region_tree()
    a, b = f.entity(tree["620502"]), f.entity(tree["620503"])
    f.trademark(a, registered=dt.date(2011, 3, 1))
    f.trademark(a, registered=dt.date(2012, 3, 1))
    f.trademark(b)
    for entity, conclusion in [(a, "合格"), (a, "合格"), (b, "不合格")]:
        f.inspection(entity, dt.date(2013, 5, 1), conclusion)
    make_user(username="boss", role="leader", region=tree["620500"])
    make_user(username="office", role="city_admin", region=tree["620500"])
    SHOTS.mkdir(exist_ok=True)
    yield tree
    for name in ("default", "shared"):
        caches[name].clear()


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state()


def new_page(browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.set_default_timeout(20000)
    return context, context.new_page()


def wait_text(page, selector, text=None, not_text=None):
    """Wait until the element's text is (or is no longer) the given one (a function: the page's CSP has no eval)."""
    page.wait_for_function("""([selector, text, notText]) => {
        const node = document.querySelector(selector);
        if (!node) return false;
        return text !== null ? node.textContent === text : node.textContent !== notText;
    }""", arg=[selector, text, not_text])


def bar_point(page, chart_id, index):
    """Where to click the `index`-th bar of a horizontal bar chart (the middle of the bar), in page pixels."""
    return page.evaluate("""([id, index]) => {
        const node = document.getElementById(id);
        const chart = echarts.getInstanceByDom(node);
        const value = chart.getOption().series[0].data[index];
        const v = (value && typeof value === 'object') ? value.value : value;
        const p = chart.convertToPixel({seriesIndex: 0}, [v / 2, index]);
        const r = node.getBoundingClientRect();
        return [r.left + p[0], r.top + p[1]];
    }""", [chart_id, index])


def click_bar(page, chart_id, index):
    """Click the bar with the mouse; the dashboard's bars grow in (ECharts' animation), so a click that
    lands before the bar is drawn is tried again."""
    for _attempt in range(5):
        x, y = bar_point(page, chart_id, index)
        page.mouse.click(x, y)
        try:
            page.wait_for_url("**/registry/trademarks/**", timeout=3000)
            return
        except Exception:  # noqa: BLE001 — not there yet: the bar was still growing
            continue
    raise AssertionError(f"clicking bar {index} of #{chart_id} did not open its records")


def test_dashboard_bar_opens_the_countys_records(page, live_server, city, shot):
    login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/reports/dashboard/?region=620500&year=2013")
    page.wait_for_selector("#chart-compare svg")
    page.locator("#chart-compare").scroll_into_view_if_needed()
    click_bar(page, "chart-compare", 0)  # 秦州区, 有效注册商标 2 件
    assert page.url.endswith("/registry/trademarks/?region=620502&valid_on=2013-12-31")
    assert page.locator(".rec-count strong").first.inner_text() == "2"
    shot(page, "screen-dashboard-click-target")
    page.screenshot(path=str(SHOTS / "dashboard-bar-records.png"))


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920", "1280"])
def test_screen_dark_on_a_projector(browser, live_server, city, size):
    width, height = size
    context, page = new_page(browser, width, height)
    refused = []  # the strict CSP: no inline script or style on the screen
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        login(page, live_server.url, "boss")
        page.goto(f"{live_server.url}/reports/screen/?year=2013&theme=dark&carousel=0")
        page.wait_for_selector("#scr-compare svg")
        wait_text(page, "#car-figures .car-val", not_text="—")
        page.screenshot(path=str(SHOTS / f"screen-dark-{width}x{height}.png"))
        assert "theme-dark" in page.locator("body").get_attribute("class")
        assert page.evaluate("localStorage.getItem('qb.screen.theme')") == "dark"
        assert page.locator(".sidebar").count() == 0
        assert refused == []
        sizes = page.evaluate("""() => ({
            key: parseFloat(getComputedStyle(document.querySelector('.scr-val')).fontSize),
            label: parseFloat(getComputedStyle(document.querySelector('.scr-name')).fontSize),
            height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
            clipped: [...document.querySelectorAll('.scr-val, .car-figures dd')]
                     .filter(n => n.scrollWidth > n.clientWidth + 1).map(n => n.textContent)})""")
        if width == 1920:
            assert sizes["key"] >= 48 and sizes["label"] >= 20, sizes
        else:
            assert sizes["key"] >= 30 and sizes["label"] >= 14, sizes
        assert sizes["height"] <= height and sizes["width"] <= width, sizes  # one screen, nothing scrolls
        assert sizes["clipped"] == [], sizes                               # no figure cut off
        assert page.locator(".scr-card[data-code='tm.valid'] .scr-val a").inner_text() == "3"
        # the compare chart is clickable too: 麦积区's bar opens its trademarks
        click_bar(page, "scr-compare", 1)
        assert "region=620503" in page.url and "valid_on=2013-12-31" in page.url
    finally:
        context.close()


def test_screen_carousel_advances_and_pauses(browser, live_server, city):
    context, page = new_page(browser, 1920, 1080)
    try:
        login(page, live_server.url, "boss")
        page.goto(f"{live_server.url}/reports/screen/?year=2013&carousel=1&refresh=0")
        page.wait_for_selector("#scr-compare svg")
        assert page.locator("#car-name").inner_text() == "秦州区"
        wait_text(page, "#car-name", "麦积区")
        wait_text(page, "#car-figures [data-code='tm.valid'] .car-val", "1")
        assert page.locator(".car-list a.current").inner_text() == "麦积区"
        assert page.locator(".car-list a[aria-current=true]").count() == 1
        page.screenshot(path=str(SHOTS / "screen-carousel.png"))
        page.click("[data-carousel-toggle]")
        assert page.locator("[data-carousel-toggle]").get_attribute("aria-pressed") == "true"
        paused = page.locator("#car-name").inner_text()
        page.wait_for_timeout(2500)  # not a timing assertion: paused, the county must not move at all
        assert page.locator("#car-name").inner_text() == paused
    finally:
        context.close()


def test_screen_reloads_figures_when_the_data_changes(browser, live_server, city):
    context, page = new_page(browser, 1920, 1080)
    try:
        login(page, live_server.url, "boss")
        page.goto(f"{live_server.url}/reports/screen/?year=2014&refresh=1&carousel=0")
        page.wait_for_selector("#scr-compare svg")
        page.evaluate("window.qbMarker = 'same page'")
        before = page.locator("#scr-version").inner_text()
        valid = page.locator(".scr-card[data-code='tm.valid'] .scr-val a").inner_text()
        holder = f.entity(city["620502"])
        services.create_record(None, Trademark(number="7700001", name="新商标", classes=[7], holder=holder,
                                               region=holder.region, applied=dt.date(2013, 1, 1),
                                               registered=dt.date(2014, 2, 1), expires=dt.date(2024, 1, 31)))
        wait_text(page, "#scr-version", not_text=before)
        wait_text(page, ".scr-card[data-code='tm.valid'] .scr-val a", str(int(valid) + 1))
        assert page.evaluate("window.qbMarker") == "same page"  # updated in place, not reloaded
    finally:
        context.close()


def test_theme_toggle_is_remembered(browser, live_server, city):
    context, page = new_page(browser, 1366, 768)
    try:
        login(page, live_server.url, "boss")
        page.goto(f"{live_server.url}/reports/screen/?year=2013&carousel=0")
        page.wait_for_selector("#scr-trend svg")
        assert "theme-dark" not in page.locator("body").get_attribute("class")
        page.click("[data-theme-toggle]")
        assert "theme-dark" in page.locator("body").get_attribute("class")
        page.goto(f"{live_server.url}/reports/screen/?year=2013&carousel=0")
        page.wait_for_selector("#scr-trend svg")
        assert "theme-dark" in page.locator("body").get_attribute("class")
        assert page.locator("[data-theme-toggle]").get_attribute("aria-pressed") == "true"
    finally:
        context.close()


@pytest.mark.parametrize("url", ["/reports/screen/?year=2013&carousel=0&theme=light",
                                 "/reports/screen/?year=2013&carousel=0&theme=dark",
                                 "/reports/dashboard/?region=620500&year=2013"],
                         ids=["screen-light", "screen-dark", "dashboard"])
def test_axe_finds_no_serious_violation(page, live_server, city, url):
    login(page, live_server.url, "boss")
    page.goto(live_server.url + url)
    page.wait_for_selector("svg")
    page.wait_for_load_state("networkidle")
    found = axe.violations(page)
    assert not found, axe.describe(found)
