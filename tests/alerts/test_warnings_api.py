"""`GET /api/v1/warnings/`: the same document as the command, scoped by for_user; bad input 400."""

import pytest
from rest_framework.test import APIClient

from tests.api.factories import InspectionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/warnings/"


def get(user, **params):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(URL, params)


def keys(response):
    assert response.status_code == 200, response.content
    return [w["key"] for w in response.json()["warnings"]]


def test_city_sees_all_county_its_region(marks, city_user, county_user):
    assert keys(get(city_user, as_of="2014-07-10")) == ["10000103", "10000101", "10000102"]
    assert keys(get(county_user, as_of="2014-07-10")) == ["10000101", "10000102"]
    response = get(city_user, as_of="2014-07-10", region="620503", rule=["tm.renewal", "tm.grace"])
    assert response.json() == {"as_of": "2014-07-10", "warnings": [
        {"rule": "tm.renewal", "key": "10000103", "region": "620503", "level": "紧急", "due": "2014-08-01",
         "message": "商标“花牛”（第 10000103 号，第 31 类）专用权期限至 2014-08-01，已进入续展期，请于期限届满前提出续展申请"}]}


def test_county_asking_for_another_county_is_refused(marks, county_user):
    response = get(county_user, as_of="2014-07-10", region="620503")
    assert response.status_code == 403
    assert response.json()["detail"] == "区划 620503（麦积区）不在您的管辖范围内。"


def test_enterprise_user_sees_its_own_entitys_mark_rules_only(marks, holder, regions):
    InspectionFactory(entity=holder, conclusion="不合格", sampled="2014-03-01")
    InspectionFactory(entity=holder, conclusion="不合格", sampled="2014-04-01")
    user = UserFactory(role="enterprise", region=regions["620502"], entity=holder)
    response = get(user, as_of="2014-07-10")
    assert [(w["rule"], w["key"]) for w in response.json()["warnings"]] == [
        ("tm.renewal", "10000101"), ("tm.renewal", "10000102")]   # no insp.repeat_failure: offices only
    assert keys(get(user, as_of="2014-07-10", region="620503")) == []


def test_expert_and_anonymous(marks, regions):
    assert keys(get(UserFactory(role="expert"), as_of="2014-07-10")) == []
    assert get(None, as_of="2014-07-10").status_code in (401, 403)


@pytest.mark.parametrize("params, message", [
    ({"as_of": "2014-02-30"}, "日期“2014-02-30”无效：请按 YYYY-MM-DD 填写，如 2014-07-10。"),
    ({"rule": "nope"}, "未知的预警规则：nope。"),
])
def test_bad_input_is_400_in_chinese(city_user, params, message):
    response = get(city_user, **params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)


def test_unknown_region_is_400(city_user):
    response = get(city_user, region="123456")
    assert response.status_code == 400
    assert "区划代码“123456”不存在" in str(response.json())
