"""The `indicators` command and `/api/v1/indicators/`: exact output, exit codes, scoping."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.indicators import factories as f


def run(*args):
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def data(regions):
    a = f.entity(regions["620502"])
    b = f.entity(regions["620503"])
    f.trademark(a)
    f.inspection(a, dt.date(2013, 3, 1), "合格")
    f.inspection(b, dt.date(2013, 3, 1), "不合格")
    return regions


def test_command_json_one_region(data):
    doc = json.loads(run("--year", "2013", "--region", "620500", "--codes", "tm.valid,insp.pass_rate", "--json"))
    assert doc == {"period": {"start": "2013-01-01", "end": "2013-12-31"}, "values": [
        {"code": "tm.valid", "region": "620500", "value": 1, "unit": "件"},
        {"code": "insp.pass_rate", "region": "620500", "value": 50.0, "unit": "%"},
    ]}


def test_command_every_region_and_as_of(data):
    doc = json.loads(run("--as-of", "2013-06-30", "--codes", "entity.count", "--json"))
    assert doc["period"] == {"start": "2013-01-01", "end": "2013-06-30"}
    assert [v["region"] for v in doc["values"]] == ["620000", "620500", "620502", "620503", "620521", "620522",
                                                    "620523", "620524", "620525"]
    assert doc["values"][1]["value"] == 2


def test_command_whole_catalog_and_table(data):
    doc = json.loads(run("--year", "2013", "--json"))
    codes = {v["code"] for v in doc["values"]}
    assert {"tm.per100", "cert.valid.iso9001", "insp.county.pass_rate", "pop.resident"} <= codes
    text = run("--year", "2013", "--region", "620500", "--codes", "insp.pass_rate,tm.per100")
    assert "监督抽查合格率" in text and "50.0" in text
    assert "—" in run("--year", "2013", "--region", "620521", "--codes", "insp.pass_rate")


@pytest.mark.parametrize("args, needle", [
    ([], "--year"),
    (["--year", "13"], "四位"),
    (["--year", "1800"], "超出范围"),
    (["--as-of", "2013-02-30"], "YYYY-MM-DD"),
    (["--year", "2014", "--as-of", "2013-05-01"], "不在年度"),
    (["--year", "2013", "--codes", "tm.valid,nope"], "nope"),
    (["--year", "2013", "--region", "999999"], "999999"),
])
def test_command_bad_input_exit_2(data, args, needle):
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert exc.value.returncode == 2
    assert needle in str(exc.value)


def test_api_values_and_scoping(data):
    county = UserFactory(role="county", region=data["620502"])
    client = APIClient()
    client.force_authenticate(county)
    res = client.get("/api/v1/indicators/", {"year": 2013, "code": ["tm.valid", "entity.count"]})
    assert res.status_code == 200
    assert res.json()["values"] == [
        {"code": "tm.valid", "region": "620502", "value": 1, "unit": "件"},
        {"code": "entity.count", "region": "620502", "value": 1, "unit": "户"},
    ]
    assert client.get("/api/v1/indicators/", {"year": 2013, "region": "620503"}).status_code == 403
    assert client.get("/api/v1/indicators/", {"year": 2013, "region": "620500"}).status_code == 403
    bad = client.get("/api/v1/indicators/", {"year": "x"})
    assert bad.status_code == 400 and "年度" in bad.json()["detail"]
    assert client.get("/api/v1/indicators/", {"year": 2013, "code": "nope"}).status_code == 400
    assert client.get("/api/v1/indicators/").status_code == 400
    city = UserFactory(role="city_admin", region=data["620500"])
    client.force_authenticate(city)
    res = client.get("/api/v1/indicators/", {"as_of": "2013-12-31", "region": "620500", "code": "insp.pass_rate"})
    assert res.json()["values"][0]["value"] == 50.0
    client.force_authenticate(None)
    assert client.get("/api/v1/indicators/", {"year": 2013}).status_code in (401, 403)


def test_enterprise_users_see_no_region_figures(data):
    from django.test import Client

    user = UserFactory(role="enterprise", region=data["620502"])
    user.save()
    client = APIClient()
    client.force_authenticate(user)
    assert client.get("/api/v1/indicators/", {"year": 2013}).status_code == 403
    page = Client()
    page.force_login(user)
    assert page.get("/reports/dashboard/", {"year": 2013}).status_code == 403
    leader = UserFactory(role="leader", region=data["620500"])
    client.force_authenticate(leader)
    assert client.get("/api/v1/indicators/", {"year": 2013, "code": "tm.valid"}).status_code == 200
