"""The list's month filter reads the same in every browser (no <input type=month>, which Chromium shows as
“June 2014” or “--------- ----”), keeps ?month=YYYY-MM, and a county's list leaves out 承办区划."""

import datetime as dt

import pytest

from tests.complaints.factories import complaint

pytestmark = pytest.mark.django_db


def test_month_filter_is_a_plain_year_month_field(client, today, county_user, city_user, qinzhou):
    own = complaint(qinzhou, registered=dt.date(2024, 9, 27))
    client.force_login(county_user)
    html = client.get("/complaints/?month=2024-09").content.decode()
    assert 'type="month"' not in html
    assert 'type="text" name="month" value="2024-09" placeholder="2014-06"' in html
    assert own.number in html and "承办区划</th>" not in html
    bad = client.get("/complaints/?month=2024-13").content.decode()
    assert "月份“2024-13”无效" in bad and 'name="month" value=""' in bad
    client.force_login(city_user)
    assert "承办区划</th>" in client.get("/complaints/").content.decode()


def test_kpi_page_months_read_year_and_two_digit_month(client, today, city_user):
    client.force_login(city_user)
    html = client.get("/reports/complaints/?month=2024-06").content.decode()
    assert 'type="month"' not in html
    assert '<option value="2024-06" selected>2024年06月</option>' in html
