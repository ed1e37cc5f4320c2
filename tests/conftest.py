import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory, region_tree

# A loaded 2-core CI machine makes input generation look slow: that says nothing about the code.
hypothesis_settings.register_profile("qb", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("qb")


@pytest.fixture
def regions(db):
    return region_tree()


@pytest.fixture
def city_user(regions):
    return UserFactory(role="city_admin", region=regions["620500"])


@pytest.fixture
def county_user(regions):
    return UserFactory(role="county", region=regions["620502"])


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Queued work (imports, undo) runs at once inside the test; tests of the queue itself
    (tests/ledgers/test_worker.py) put the database backend back."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def portal_reads_the_data_version_each_time(settings):
    """The portal reads the data version at most every QB_PORTAL_VERSION_SECONDS (2) per process; a test
    that changes data and opens a portal page at once (a browser test on the live server) reads it each time.
    Tests of that window set the setting themselves."""
    settings.QB_PORTAL_VERSION_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hashing with PBKDF2 costs a second per login in tests; the policy is tested, not the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


# --- browser tests: one Chromium per test process, shared by every area -----------------

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the test
# itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
SKIP_REASON = "浏览器测试已跳过：未找到 /usr/bin/chromium，请安装 Debian 软件包 chromium（apt-get install chromium）。"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: 浏览器端到端测试（Playwright + Chromium）")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true 时必须运行浏览器测试，但未找到 /usr/bin/chromium：请安装 Debian 软件包 chromium。")
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(pg, name: str, full_page: bool = False) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        return path

    return take

