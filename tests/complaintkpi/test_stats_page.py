"""投诉举报统计 (/reports/complaints/) and the records behind its figures: the engine's figures, channels,
products, problems, counties, trend, export, region scoping, roles and bad input."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from tests.complaintkpi.factories import complaint
from tests.factories import UserFactory

D = dt.date
URL = "/reports/complaints/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def october(regions):
    qz, mj = regions["620502"], regions["620503"]
    rows = [
        complaint(qz, registered=D(2024, 10, 8), accepted=D(2024, 10, 9), closed=D(2024, 10, 25), result="调解成功",
                  product="电动自行车", summary="电动自行车质量问题，要求退货", recovered=Decimal("0.80")),
        complaint(qz, registered=D(2024, 10, 9), accepted=D(2024, 10, 28), product="电动自行车",
                  summary="售后服务不到位", channel="来电"),
        complaint(mj, "举报", registered=D(2024, 10, 10), product="白酒", summary="涉嫌假冒注册商标",
                  channel="网络", complainant_name="王五举报人"),
    ]
    return rows


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_city_reads_the_months_kpis_equal_to_the_engine(client, city_user, regions, october):
    html = get(client, city_user, month="2024-10", region="620500").content.decode()
    values = compute(["complaint.received", "complaint.ontime_accept_rate"],
                     Period(D(2024, 10, 1), D(2024, 10, 31)), regions=[regions["620500"]])
    assert values[("complaint.received", "620500")] == 3
    assert values[("complaint.ontime_accept_rate", "620500")] == 50
    assert "投诉举报受理量" in html and "50.0%" in html
    assert "/complaints/?region=620500&amp;month=2024-10" in html           # the count's drill-down
    assert "/reports/complaints/records/?region=620500&amp;code=complaint.ontime_accept_rate" in html
    for county in ("秦州区", "麦积区", "清水县"):
        assert county in html
    assert "电动自行车" in html and "售后服务" in html and "假冒伪劣" in html   # products and problems
    assert "2023年11月" in html and "2024年10月" in html                       # 12-month trend
    assert "王五举报人" not in html
    assert 'id="cs-data"' in html and "<script>" not in html                   # data for the static JS only


def test_county_sees_its_own_region_only(client, county_user, regions, october):
    html = get(client, county_user, month="2024-10").content.decode()
    assert "秦州区" in html and "白酒" not in html and "麦积区" not in html
    assert get(client, county_user, month="2024-10", region="620503").status_code == 404
    assert get(client, county_user, month="2024-10", region="620500").status_code == 404


def test_roles_without_complaints_are_refused(client, regions):
    for role in ("enterprise", "expert", "department"):
        assert get(client, UserFactory(role=role, region=regions["620502"]), month="2024-10").status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_bad_month_falls_back_with_a_message(client, city_user, october, settings):
    settings.QB_TODAY = D(2024, 10, 20)
    res = get(client, city_user, month="2024-13", region="620500")
    assert res.status_code == 200
    html = res.content.decode()
    assert "月份“2024-13”无效" in html and "2024年10月" in html
    assert get(client, city_user, region="999999").status_code == 404


def test_unconfirmed_rule_notice_after_2026_04_15(client, city_user, regions):
    html = get(client, city_user, month="2026-05", region="620500").content.decode()
    assert "规则版本未确认" in html


def test_export_xlsx(client, city_user, october):
    res = get(client, city_user, month="2024-10", region="620500", export="xlsx")
    assert res.status_code == 200 and "attachment" in res["Content-Disposition"]
    book = load_workbook(io.BytesIO(res.content))
    assert book.sheetnames == ["指标", "县区", "渠道", "产品与问题", "近12个月"]
    kpis = {row[0]: row[1] for row in book["指标"].iter_rows(min_row=5, values_only=True)}
    assert kpis["投诉举报受理量（件）"] == 3 and kpis["投诉按时受理率（%）"] == 50
    counties = [row[0] for row in book["县区"].iter_rows(min_row=5, values_only=True)]
    assert "秦州区" in counties and "天水市合计" in counties


def test_records_behind_a_rate_show_deadlines(client, city_user, county_user, october):
    client.force_login(city_user)
    params = {"code": "complaint.ontime_accept_rate", "region": "620500", "start": "2024-10-01", "end": "2024-10-31"}
    html = client.get("/reports/complaints/records/", params).content.decode()
    assert october[0].number in html and october[1].number in html and october[2].number not in html
    assert "超期" in html and "2024-10-17" in html   # 10-09 + 7 working days (10-12 a make-up Saturday)
    res = client.get("/reports/complaints/records/", {**params, "export": "xlsx"})
    assert res.status_code == 200
    assert client.get("/reports/complaints/records/", {**params, "code": "x"}).status_code == 404
    assert client.get("/reports/complaints/records/", {**params, "start": "2024-02-30"}).status_code == 404
    client.force_login(county_user)
    html = client.get("/reports/complaints/records/", {**params, "region": "620502"}).content.decode()
    assert october[0].number in html
    assert client.get("/reports/complaints/records/", {**params, "region": "620503"}).status_code == 404


def test_menu_points_to_the_page(client, city_user):
    client.force_login(city_user)
    assert 'href="/reports/complaints/"' in client.get("/").content.decode()
