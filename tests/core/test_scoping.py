from qualitybrand.registry.models import Entity
from tests.factories import EntityFactory, UserFactory


def test_county_user_sees_only_its_county(regions, county_user, city_user):
    own = EntityFactory(region=regions["620502"])
    other = EntityFactory(region=regions["620503"])
    assert list(Entity.objects.for_user(county_user)) == [own]
    assert set(Entity.objects.for_user(city_user)) == {own, other}


def test_enterprise_user_sees_only_its_entity(regions):
    own = EntityFactory(region=regions["620502"])
    EntityFactory(region=regions["620502"])
    user = UserFactory(role="enterprise", region=regions["620502"], entity=own)
    assert list(Entity.objects.for_user(user)) == [own]


def test_leader_may_view_but_not_change(regions):
    EntityFactory(region=regions["620502"])
    leader = UserFactory(role="leader", region=regions["620500"])
    assert Entity.objects.for_user(leader, "view").count() == 1
    assert Entity.objects.for_user(leader, "change").count() == 0
