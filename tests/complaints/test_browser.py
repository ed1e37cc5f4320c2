"""A county officer in a real browser: registers a phone call (finding the respondent), works it from
the detail page across the National Day holiday, and sees the deadline in working days."""

import datetime as dt

import pytest

from qualitybrand.complaints.models import Complaint
from tests.complaints.factories import complaint
from tests.factories import EntityFactory, UserFactory
from tests.supervision.test_repair_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_call_to_mediation(browser, live_server, regions, settings, shot):
    settings.QB_TODAY = dt.date(2024, 10, 8)
    county = regions["620502"]
    shop = EntityFactory(region=county, name="天水秦州电器商行")
    complaint(county, registered=dt.date(2024, 9, 27), respondent_name="秦州区某超市")
    complaint(county, category="举报", registered=dt.date(2024, 9, 2), respondent_name="无证小作坊")
    UserFactory(username="officer", role="county", region=county)
    UserFactory(username="city", role="city_admin", region=regions["620500"])
    base = live_server.url

    page = login(browser, base, "officer")
    page.goto(f"{base}/complaints/new/")
    page.fill("#id-complainant_name", "李四")
    page.fill("#id-complainant_phone", "13700001111")
    page.fill("#id-respondent-q", "秦州电器")
    page.click("#respondent-hits button")
    assert page.input_value("#id-respondent_uscc") == shop.uscc
    page.fill("#id-product", "电暖器")
    page.fill("#id-summary", "购买的电暖器使用三天后外壳开裂，要求退货。")
    shot(page, "complaints_new", full_page=True)
    page.click("button:has-text('登记')")
    page.wait_for_load_state("networkidle")
    c = Complaint.objects.get(entity=shop)
    assert page.url.endswith(c.get_absolute_url())
    assert "李四" in page.content() and "剩余 7 个工作日" in page.content()
    page.click("button[value='受理']")
    page.wait_for_load_state("networkidle")
    assert "已受理" in page.content()
    shot(page, "complaints_detail", full_page=True)
    page.goto(f"{base}/complaints/")
    assert "已超期" in page.content()
    shot(page, "complaints_list", full_page=True)

    city = login(browser, base, "city")
    city.goto(f"{base}{c.get_absolute_url()}")
    assert "李四" not in city.content() and c.number in city.content()
    city.goto(f"{base}/complaints/rules/")
    shot(city, "complaints_rules", full_page=True)
