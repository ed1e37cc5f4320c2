"""In a real browser: the city reads the month's complaint KPIs, the counties chart and the trend, then
follows a rate to the records behind it (no Content-Security-Policy violation)."""

import datetime as dt

import pytest

from tests.accounts.factories import make_user
from tests.browsing import log_in
from tests.complaintkpi.factories import random_city
from tests.factories import region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_city_reads_the_month(page, live_server, shot, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = dt.date(2024, 11, 5)
    tree = region_tree()
    make_user(username="city_complaints", role="city_admin", region=tree["620500"])
    random_city(tree, 5, count=150)
    page.context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                                 " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")
    log_in(page, live_server, "city_complaints")
    page.goto(f"{live_server.url}/reports/complaints/?month=2024-10&region=620500")
    page.wait_for_selector(".cs-cards")
    assert "投诉按时受理率" in page.inner_text(".cs-cards")
    page.wait_for_timeout(800)
    shot(page, "complaint_stats", full_page=True)
    assert [v for v in page.evaluate("window.__csp") if "inline" in v] == []
    page.click(".cs-card >> nth=5 >> a")
    page.wait_for_selector(".cs-table")
    assert "按期办结率" in page.inner_text("h1")
    shot(page, "complaint_records", full_page=True)
