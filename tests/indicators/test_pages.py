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
    res = client.get("/reports/dashboard/", {"region": "620500", "year": 2013})
    assert res.status_code == 200
    html = res.content.decode()
    assert "监督抽查合格率" in html and "50.0%" in html
    assert "/supervision/inspections/?region=620500&amp;year=2013" in html
    assert "秦州区" in html and "中国驰名商标" in html and "echarts.min.js" in html


def test_dashboard_scoped_for_county(data):
    client = login(UserFactory(role="county", region=data["620503"]))
    assert client.get("/reports/dashboard/", {"region": "620502", "year": 2013}).status_code == 403
    assert client.get("/reports/dashboard/", {"year": 2013}).status_code == 200


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
    assert drilldown("tm.valid", "620500", p) == "/registry/trademarks/?region=620500&valid_on=2013-12-31"
    assert drilldown("rec.new.cn_wellknown_tm", "620500", p) == \
        "/registry/recognitions/?region=620500&program=cn_wellknown_tm&year=2013"
    assert drilldown("case.fines", "620500", p) == "/supervision/cases/?region=620500&closed_year=2013"
    assert drilldown("pop.resident", "620500", p) == "/indicators/values/?region=620500&code=pop.resident&year=2013"
    assert drilldown("entity.count", "620500", Period.as_of(dt.date(2013, 6, 30))) == \
        "/registry/entities/?region=620500&exists_on=2013-06-30"


EXACT_COUNTS = ["entity.count", "entity.enterprises", "entity.new", "tm.applications", "tm.registrations", "tm.valid",
                "tm.gi", "tm.madrid.new", "rec.valid.cn_wellknown_tm", "rec.new.cn_wellknown_tm",
                "patent.applications", "patent.invention_applications", "patent.grants", "cert.valid",
                "cert.valid.iso9001", "std.published", "std.published.national", "std.adopted_intl", "insp.batches",
                "insp.passed", "insp.city.batches", "incident.count", "case.opened", "case.closed",
                "case.transferred", "case.tm_infringement", "pledge.count", "publicity.count"]


def test_drilldown_lists_hold_exactly_the_counted_records(data):
    """Each count's link, asked of the API with the same filters, lists as many records as the figure."""
    from urllib.parse import urlsplit

    from rest_framework.test import APIClient

    from qualitybrand.indicators.engine import compute

    r = data
    a, b = f.entity(r["620502"]), f.entity(r["620503"], established=dt.date(2013, 5, 1))
    f.entity(r["620503"], deregistered=dt.date(2013, 2, 1))
    f.trademark(b, registered=dt.date(2013, 6, 1), applied=dt.date(2013, 1, 2), is_gi=True, madrid_number="M9",
                madrid_date=dt.date(2013, 8, 1))
    f.recognition(f.program("cn_wellknown_tm"), a, 2013)
    f.patent(a, dt.date(2013, 2, 1), "发明", granted=dt.date(2013, 9, 1), legal_status="有效")
    f.cert(a, dt.date(2012, 1, 1), dt.date(2014, 1, 1))
    f.standard(a, dt.date(2013, 1, 1), "国家", "采用国际标准")
    f.incident(r["620502"], dt.date(2013, 1, 1))
    f.case(r["620502"], dt.date(2013, 1, 1), closed=dt.date(2013, 3, 1), transferred=True, case_type="商标侵权")
    f.pledge(a, dt.date(2013, 1, 1), dt.date(2014, 1, 1), "5")
    f.publicity(r["620502"], dt.date(2013, 1, 1))
    p = Period.year(2013)
    values = compute(EXACT_COUNTS, p, regions=[r["620500"]])
    client = APIClient()
    client.force_authenticate(UserFactory(role="city_admin", region=r["620500"]))
    for code in EXACT_COUNTS:
        url = urlsplit(drilldown(code, r["620500"], p))
        resource = url.path.strip("/").split("/")[-1]
        res = client.get(f"/api/v1/{resource}/?{url.query}")
        assert res.status_code == 200, (code, res.content)
        assert res.json()["count"] == values[(code, "620500")], code


def test_define_page_loads_yaml_and_refuses_bad(data):
    from qualitybrand.indicators.models import IndicatorDefinition

    city = login(UserFactory(role="city_admin", region=data["620500"]))
    good = ("kind: indicator\ncode: custom.std_nat_ind\nname: 参与制修订国家和行业标准\nunit: 项\ntype: formula\n"
            "formula: std.published.national + std.published.industry\n")
    assert city.post("/indicators/define/", {"yaml": good}).status_code == 302
    assert IndicatorDefinition.objects.filter(code="custom.std_nat_ind").exists()
    res = city.post("/indicators/define/", {"yaml": good + "---\nkind: indicator\ncode: custom.x\nname: x\n"
                                                         "type: formula\nformula: custom.x + 1\n"})
    assert res.status_code == 200 and "自身" in res.content.decode()
    assert city.post("/indicators/define/", {"yaml": "a: [\n"}).status_code == 200
    county = login(UserFactory(role="county", region=data["620502"]))
    assert county.get("/indicators/define/").status_code == 403


def test_evidence_download_is_scoped(data, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qualitybrand.indicators.services import add_evidence

    settings.MEDIA_ROOT = tmp_path
    value = f.value("env.air_good_days", data["620502"], 2013, 300)
    ev = add_evidence(None, value, SimpleUploadedFile("报告.pdf", b"%PDF-1.4 x", "application/pdf"))
    own = login(UserFactory(role="county", region=data["620502"]))
    res = own.get(f"/indicators/evidence/{ev.pk}/")
    assert res.status_code == 200 and b"".join(res.streaming_content).startswith(b"%PDF")
    other = login(UserFactory(role="county", region=data["620503"]))
    assert other.get(f"/indicators/evidence/{ev.pk}/").status_code == 404
    assert "报告.pdf" in own.get("/indicators/values/", {"year": 2013}).content.decode()
