import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ind_browser(browser):
    """The shared Chromium of tests/conftest.py (one Playwright per test process)."""
    return browser


@pytest.fixture
def ind_page(ind_browser):
    context = ind_browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()
