"""`GET /api/v1/credit/` (credit.md): the command's JSON, scoped like every list."""

import datetime as dt
import itertools

import pytest
from rest_framework.test import APIClient

from qualitybrand.accounts.models import User
from tests.credit.factories import CaseFactory, InspectionFactory
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/credit/"
_n = itertools.count(1)


def user(role, region, **extra):
    return User.objects.create(username=f"credit{next(_n)}", role=role, region=region, **extra)


def client(u):
    c = APIClient()
    if u is not None:
        c.force_authenticate(u)
    return c


@pytest.fixture
def city(regions):
    a = EntityFactory(region=regions["620502"], uscc="91620502MA00000001")
    b = EntityFactory(region=regions["620503"], uscc="91620503MA00000002")
    InspectionFactory(entity=a, level="国家", number="CJ0000001", sampled=dt.date(2024, 1, 5))
    CaseFactory(party=b, transferred=True, number="AJ0000001", opened=dt.date(2023, 5, 1))
    return a, b


def usccs(res):
    return [(r["uscc"], r["score"], r["grade"]) for r in res.json()["ratings"]]


def test_city_sees_every_entity_with_reasons(city, regions):
    res = client(user("city_admin", regions["620500"])).get(URL, {"as_of": "2024-06-30"})
    assert res.status_code == 200
    body = res.json()
    assert body["as_of"] == "2024-06-30" and body["scheme"] == "builtin"
    assert usccs(res) == [("91620502MA00000001", 90, "B"), ("91620503MA00000002", 70, "C")]
    assert body["ratings"][1]["reasons"][0]["record"] == "cases:AJ0000001"
    assert body["ratings"][1]["reasons"][0]["points"] == -30


def test_county_sees_its_region_only_and_not_other_regions(city, regions):
    c = client(user("county", regions["620502"]))
    assert usccs(c.get(URL, {"as_of": "2024-06-30"})) == [("91620502MA00000001", 90, "B")]
    assert c.get(URL, {"as_of": "2024-06-30", "region": "620503"}).status_code == 403
    assert c.get(URL, {"as_of": "2024-06-30", "region": "620500"}).status_code == 403
    # another county's entity answers like one that does not exist
    res = c.get(URL, {"as_of": "2024-06-30", "entity": "91620503MA00000002"})
    assert res.status_code == 400 and "不在市场主体名录中" in res.json()["detail"]


def test_enterprise_sees_its_own_entity(city, regions):
    own, _ = city
    c = client(user("enterprise", regions["620502"], entity=own))
    assert usccs(c.get(URL, {"as_of": "2024-06-30"})) == [("91620502MA00000001", 90, "B")]


def test_expert_and_anonymous_are_refused(city, regions):
    assert client(user("expert", regions["620500"])).get(URL).status_code == 403
    assert client(None).get(URL).status_code in (401, 403)


def test_region_and_entity_filters(city, regions):
    c = client(user("leader", regions["620500"]))
    assert usccs(c.get(URL, {"as_of": "2024-06-30", "region": "620503"})) == [("91620503MA00000002", 70, "C")]
    res = c.get(URL, {"as_of": "2024-06-30", "entity": "91620502MA00000001"})
    assert usccs(res) == [("91620502MA00000001", 90, "B")]


@pytest.mark.parametrize("params,field,needle", [
    ({"as_of": "2024-6-30"}, "detail", "请按 YYYY-MM-DD 填写"),
    ({"region": "999999"}, "region", "区划代码“999999”不存在"),
    ({"entity": "X"}, "detail", "不在市场主体名录中"),
    ({"scheme": "nope"}, "detail", "不存在或没有启用的版本"),
])
def test_bad_parameters_are_400_in_chinese(city, regions, params, field, needle):
    res = client(user("city_admin", regions["620500"])).get(URL, params)
    assert res.status_code == 400
    message = res.json()[field]
    assert needle in (message if isinstance(message, str) else message[0])
