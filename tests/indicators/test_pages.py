"""Dashboard, catalog (with .xlsx export) and value pages: figures, links, scoping."""

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client

from qualitybrand.indicators.drilldown import drilldown
from qualitybrand.indicators.periods import Period
from tests.factories import UserFactory
from tests.indicators import factories as f


@pytest.fixture
def data(regions):
    a = f.entity(regions["620502"])
    f.trademark(a)
    f.inspection(a, dt.date(2013, 3, 1), "合格")
    f.inspection(a, dt.date(2013, 4, 1), "不合格", level="市")
    f.program("cn_wellknown_tm", "中国驰名商标", level="国家")
    return regions


def login(user):
    user.save()  # the shared factory sets the password without saving it: the session hash must match
    client = Client()
    client.force_login(user)
    return client


def test_dashboard_figures_link_to_records(data):
    client = login(UserFactory(role="city_admin", region=data["620500"]))
    res = client.get("/indicators/", {"region": "620500", "year": 2013})
    assert res.status_code == 200
    html = res.content.decode()
    assert "监督抽查合格率" in html and "50.0%" in html
    assert "/supervision/inspections/?region=620500&amp;year=2013" in html
    assert "秦州区" in html and "中国驰名商标" in html and "echarts.min.js" in html


def test_dashboard_scoped_for_county(data):
    client = login(UserFactory(role="county", region=data["620503"]))
    assert client.get("/indicators/", {"region": "620502", "year": 2013}).status_code == 403
    assert client.get("/indicators/", {"year": 2013}).status_code == 200


def test_catalog_page_and_xlsx(data):
    client = login(UserFactory(role="city_admin", region=data["620500"]))
    res = client.get("/indicators/catalog/", {"region": "620500", "year": 2013})
    assert res.status_code == 200 and "每百户市场主体有效商标拥有量" in res.content.decode()
    res = client.get("/indicators/catalog/", {"region": "620500", "year": 2013, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(res.content))
    rows = {r[0]: r[3] for r in book.active.iter_rows(values_only=True) if r and r[0]}
    assert rows["insp.pass_rate"] == 50 and rows["tm.valid"] == 1 and rows["tm.per100"] == 100
    assert rows["insp.national.pass_rate"] == "—"


def test_values_page_entry_and_review(data):
    from qualitybrand.core.models import Department

    dept = Department.objects.get_or_create(name="环保", defaults={"code": "env"})[0]
    clerk = login(UserFactory(role="department", region=data["620502"], department=dept))
    res = clerk.post("/indicators/values/?year=2013", {"code": "env.air_good_days", "region": "620502",
                                                       "year": "2013", "value": "400"})
    assert res.status_code == 200 and "上限" in res.content.decode()
    res = clerk.post("/indicators/values/?year=2013", {"code": "env.air_good_days", "region": "620502",
                                                       "year": "2013", "value": "300"})
    assert res.status_code == 302
    from qualitybrand.indicators.models import IndicatorValue

    value = IndicatorValue.objects.get()
    assert value.status == "填报"
    city = login(UserFactory(role="city_admin", region=data["620500"]))
    assert "待审核" in city.get("/indicators/values/", {"year": 2013}).content.decode()
    city.post(f"/indicators/values/{value.pk}/review/", {"action": "approve"})
    value.refresh_from_db()
    assert value.status == "审核通过"


def test_drilldown_urls(data):
    p = Period.year(2013)
    assert drilldown("insp.provincial.pass_rate", "620500", p) == \
        "/supervision/inspections/?region=620500&year=2013&level=%E7%9C%81"
    assert drilldown("tm.valid", "620500", p) == "/registry/trademarks/?region=620500&as_of=2013-12-31"
    assert drilldown("rec.new.cn_wellknown_tm", "620500", p) == \
        "/registry/recognitions/?region=620500&program=cn_wellknown_tm&recognition_year=2013"
    assert drilldown("pop.resident", "620500", p) == "/indicators/values/?region=620500&code=pop.resident&year=2013"
    assert "until=2013-06-30" in drilldown("insp.batches", "620500", Period.as_of(dt.date(2013, 6, 30)))
