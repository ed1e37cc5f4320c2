import datetime as dt

import pytest

from qualitybrand.registry.models import Program
from tests.cultivation.factories import make_call
from tests.factories import EntityFactory, TrademarkFactory, UserFactory

TODAY = dt.date(2014, 7, 10)


@pytest.fixture(autouse=True)
def fixed_today(settings, tmp_path):
    settings.QB_TODAY = TODAY
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    return TODAY


@pytest.fixture
def programs(db):
    city = Program.objects.create(code="city_known_tm", name="市知名商标", object_kind="商标", level="市",
                                  validity_years=3, reward=2)
    prov = Program.objects.create(code="prov_famous_tm", name="省著名商标", object_kind="商标", level="省",
                                  validity_years=3, reward=5,
                                  rules=[{"type": "prerequisite", "program": "city_known_tm", "years": 3},
                                         {"type": "no_failed_inspection", "years": 3},
                                         {"type": "not_blacklisted"}])
    award = Program.objects.create(code="city_quality_award", name="市政府质量奖", object_kind="企业", level="市",
                                   reward=10, rules=[{"type": "entity_age", "years": 3},
                                                     {"type": "min_score", "score": 600}])
    closed = Program.objects.create(code="city_brand_product", name="市名牌产品", object_kind="产品", level="市",
                                    validity_years=3, is_open=False)
    return {"city": city, "prov": prov, "award": award, "closed": closed}


@pytest.fixture
def call(programs, regions):
    return make_call(regions["620500"], [programs["city"], programs["prov"], programs["award"]])


@pytest.fixture
def entity(regions):
    return EntityFactory(region=regions["620502"], established=dt.date(2001, 5, 1))


@pytest.fixture
def trademark(entity):
    return TrademarkFactory(holder=entity, registered=dt.date(2005, 3, 1))


@pytest.fixture
def enterprise_user(regions, entity):
    return UserFactory(role="enterprise", region=regions["620502"], entity=entity)


@pytest.fixture
def users(regions, city_user, county_user, enterprise_user):
    out = {
        "city_admin": city_user,
        "county": county_user,
        "enterprise": enterprise_user,
        "department": UserFactory(role="department", region=regions["620500"]),
        "leader": UserFactory(role="leader", region=regions["620500"]),
        "expert": UserFactory(role="expert", region=regions["620500"]),
    }
    for u in out.values():  # the shared factory sets the password without saving it
        u.save()
    return out


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: 浏览器端到端测试（Playwright + Chromium）")
