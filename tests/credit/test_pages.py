"""The rating list (/credit/ratings/): the drill-down of credit.grade.*, scoped like every list."""

import datetime as dt

import pytest

from tests.credit.factories import BlacklistEntryFactory, InspectionFactory
from tests.factories import EntityFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/credit/ratings/"


@pytest.fixture
def city(regions):
    a = EntityFactory(region=regions["620502"], name="秦州甲有限公司", uscc="91620502MA00000001")
    b = EntityFactory(region=regions["620503"], name="麦积乙有限公司", uscc="91620503MA00000002")
    InspectionFactory(entity=a, level="国家", number="CJ0000001", sampled=dt.date(2024, 1, 5))
    BlacklistEntryFactory(entity=b, listed=dt.date(2024, 2, 1))
    return a, b


def page(client, user, **params):
    client.force_login(user)
    res = client.get(URL, params)
    return res, res.content.decode()


def test_city_sees_every_grade_with_reasons(client, city, regions):
    res, body = page(client, UserFactory(role="city_admin", region=regions["620500"]), as_of="2024-06-30",
                     region="620500")
    assert res.status_code == 200
    assert "秦州甲有限公司" in body and "麦积乙有限公司" in body
    assert "国家级监督抽查不合格（抽检编号 CJ0000001，抽样日期 2024-01-05），扣 10 分" in body
    assert "B 类 1 户" in body and "D 类 1 户" in body and "A 类 0 户" in body


def test_grade_filter_is_the_drilldown(client, city, regions):
    _, body = page(client, UserFactory(role="leader", region=regions["620500"]), as_of="2024-06-30",
                   region="620500", grade="D")
    assert "麦积乙有限公司" in body and "秦州甲有限公司" not in body and "失信名单" in body


def test_county_sees_its_region_only(client, city, regions):
    county = UserFactory(role="county", region=regions["620502"])
    _, body = page(client, county, as_of="2024-06-30")
    assert "秦州甲有限公司" in body and "麦积乙有限公司" not in body
    res, _ = page(client, county, as_of="2024-06-30", region="620503")
    assert res.status_code == 403


def test_enterprise_sees_its_own_rating_and_expert_none(client, city, regions):
    own, _ = city
    _, body = page(client, UserFactory(role="enterprise", region=regions["620502"], entity=own), as_of="2024-06-30")
    assert "秦州甲有限公司" in body and "麦积乙有限公司" not in body
    res, _ = page(client, UserFactory(role="expert", region=regions["620500"]))
    assert res.status_code == 403


def test_bad_date_falls_back_to_today_with_a_message(client, city, regions):
    res, body = page(client, UserFactory(role="city_admin", region=regions["620500"]), as_of="2024-02-30")
    assert res.status_code == 200 and "日期“2024-02-30”无效" in body
