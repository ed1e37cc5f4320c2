import pytest


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_changes(regions):
    """A small change log: an entity and a trademark edited, a reward policy (an amount), a user
    created (choices, references, booleans) and an entry as older versions stored it: Django's
    "Assignment object (11)", a score sheet and an ISO time."""
    from qualitybrand.accounts import services as accounts
    from qualitybrand.core import changelog, services
    from qualitybrand.cultivation.models import RewardPolicy
    from tests.accounts.factories import make_user
    from tests.factories import EntityFactory, TrademarkFactory

    city = make_user(role="city_admin", region=regions["620500"], username="cityadmin", display_name="王主任")
    entity = EntityFactory(region=regions["620502"], name="秦州甲公司")
    services.update_record(city, entity, {"name": "秦州甲股份公司", "established": "2009-03-01"}, reason="更名")
    mark = TrademarkFactory(holder=entity, region=entity.region)
    services.update_record(city, mark, {"is_gi": True, "classes": ["29", "30"]}, reason="地理标志")
    services.create_record(city, RewardPolicy(name="市知名商标奖励", amount="5"), check=False)
    accounts.create_user(city, username="qz2", role="county", region=regions["620502"])
    changelog.record_many([changelog.build_row(
        user=city, action="update", model="cultivation.assignment", object_id=11,
        object_repr="Assignment object (11)", region_path=entity.region.path,
        before={"scores": {"A1": 70}, "submitted_at": None, "total": None},
        after={"scores": {"A1": 80, "A2": {"领导作用": 90}}, "submitted_at": "2014-07-10T01:31:00+00:00",
               "total": "85.00"})])
    return {"city": city, "entity": entity, "mark": mark}
