import pytest
from django.contrib.auth.models import AnonymousUser

from qualitybrand.core import scoping
from qualitybrand.core.models import Region
from qualitybrand.core.roles import Role
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


# --- the named region checks of core/scoping.py -----------------------------------------------

@pytest.fixture
def people(regions):
    return {
        "super": UserFactory(role="", is_superuser=True),
        "city": UserFactory(role="city_admin", region=regions["620500"]),
        "county": UserFactory(role="county", region=regions["620502"]),
        "neighbour": UserFactory(role="county", region=regions["620503"]),
        "unbound": UserFactory(role="city_admin", region=None),
        "inactive": UserFactory(role="city_admin", region=regions["620500"], is_active=False),
        "expert": UserFactory(role="expert", region=regions["620500"]),
    }


def test_scope_path(people, regions):
    assert scoping.scope_path(people["super"]) == "/"
    assert scoping.scope_path(people["city"]) == regions["620500"].path
    assert scoping.scope_path(people["county"]) == regions["620502"].path
    for nobody in (None, AnonymousUser(), people["unbound"], people["inactive"]):
        assert scoping.scope_path(nobody) is None


def test_region_in_scope(people, regions):
    assert scoping.region_in_scope(people["county"], regions["620502"])
    assert not scoping.region_in_scope(people["county"], regions["620503"])
    assert not scoping.region_in_scope(people["county"], regions["620500"])  # not the region above
    assert scoping.region_in_scope(people["city"], regions["620503"])
    assert not scoping.region_in_scope(people["city"], regions["620000"])
    assert scoping.region_in_scope(people["super"], regions["620000"])
    assert not scoping.region_in_scope(people["county"], None)
    for nobody in (None, AnonymousUser(), people["unbound"], people["inactive"]):
        assert not scoping.region_in_scope(nobody, regions["620502"])
    assert scoping.user_may_access_region is scoping.region_in_scope


def test_a_path_prefix_of_another_code_is_not_in_scope(regions):
    """620502's path is "/620000/620500/620502/": a region coded 6205021 (made up) would share its
    first characters but lies elsewhere; the trailing slash keeps it out."""
    from qualitybrand.core.services import save_region

    lookalike = save_region(None, code="6205021", name="相似代码区", kind="区", parent=regions["620500"])
    county = UserFactory(role="county", region=regions["620502"])
    assert not scoping.region_in_scope(county, lookalike)


def test_within_scope_and_scope_filter(people, regions):
    regions_qs = Region.objects.all()
    assert set(scoping.within_scope(regions_qs, people["county"], "path")) == {regions["620502"]}
    assert scoping.within_scope(regions_qs, people["unbound"], "path").count() == 0
    assert scoping.within_scope(regions_qs, people["super"], "path").count() == regions_qs.count()
    assert scoping.scope_filter(people["unbound"], "region_path") is None
    assert not scoping.scope_filter(people["super"], "region_path")  # empty: every row, also of no region


def test_regions_and_codes_in_scope(people, regions):
    city = set(scoping.regions_in_scope(people["city"]).values_list("code", flat=True))
    assert city == {"620500", "620502", "620503", "620521", "620522", "620523", "620524", "620525"}
    assert list(scoping.regions_in_scope(people["county"])) == [regions["620502"]]
    assert scoping.regions_in_scope(None).count() == 0
    assert scoping.codes_in_scope(people["county"], {"620502", "620503", "999999"}) == {"620502"}
    assert scoping.codes_in_scope(people["super"], ["620000", "nonexistent"]) == {"620000"}


def test_has_scoped_role(people):
    assert scoping.has_scoped_role(people["city"], {Role.CITY_ADMIN})
    assert not scoping.has_scoped_role(people["county"], {Role.CITY_ADMIN})
    assert not scoping.has_scoped_role(people["unbound"], {Role.CITY_ADMIN})  # an office of no region
    assert not scoping.has_scoped_role(people["inactive"], {Role.CITY_ADMIN})
    assert scoping.has_scoped_role(people["super"], {Role.CITY_ADMIN})
    assert not scoping.has_scoped_role(None, {Role.CITY_ADMIN})


def test_may_act_on_region(people, regions):
    office = {Role.CITY_ADMIN}
    assert scoping.may_act_on_region(people["city"], regions["620503"], office)
    assert scoping.may_act_on_region(people["city"], regions["620500"], office)
    assert not scoping.may_act_on_region(people["city"], regions["620000"], office)  # above its region
    assert not scoping.may_act_on_region(people["county"], regions["620502"], office)  # wrong role
    assert not scoping.may_act_on_region(people["expert"], regions["620502"], office)
    assert scoping.may_act_on_region(people["expert"], regions["620502"], {Role.EXPERT})
    sub_office = UserFactory(role="city_admin", region=regions["620502"])
    assert scoping.may_act_on_region(sub_office, regions["620502"], office)
    assert not scoping.may_act_on_region(sub_office, regions["620503"], office)
    assert not scoping.may_act_on_region(sub_office, regions["620500"], office)
    assert scoping.may_act_on_region(people["super"], regions["620000"], office)
    assert not scoping.may_act_on_region(people["city"], None, office)


def test_is_own_region(people, regions):
    assert scoping.is_own_region(people["county"], regions["620502"])
    assert scoping.is_own_region(people["county"], regions["620502"].pk)  # or its id
    assert not scoping.is_own_region(people["neighbour"], regions["620502"])
    assert not scoping.is_own_region(people["city"], regions["620500"])  # an office is not a county
    assert scoping.is_own_region(people["city"], regions["620500"], role=Role.CITY_ADMIN)
    assert not scoping.is_own_region(people["super"], regions["620502"])  # a superuser is no county
    assert not scoping.is_own_region(None, regions["620502"])
    inactive = UserFactory(role="county", region=regions["620502"], is_active=False)
    assert not scoping.is_own_region(inactive, regions["620502"])


def test_own_region_code(people):
    assert scoping.own_region_code(people["county"]) == "620502"
    assert scoping.own_region_code(people["county"], {Role.COUNTY}) == "620502"
    assert scoping.own_region_code(people["county"], {Role.LEADER}) is None
    assert scoping.own_region_code(people["super"]) is None
    assert scoping.own_region_code(people["unbound"]) is None
    assert scoping.own_region_code(AnonymousUser()) is None


def test_may_create_in(people, regions):
    assert scoping.may_create_in(people["county"], Entity, regions["620502"])
    assert not scoping.may_create_in(people["county"], Entity, regions["620503"])
    assert not scoping.may_create_in(people["county"], Entity, None)
    leader = UserFactory(role="leader", region=regions["620500"])
    assert not scoping.may_create_in(leader, Entity, regions["620502"])  # may view, not change
    assert scoping.may_create_in(people["super"], Entity, None)
    assert not scoping.may_create_in(people["unbound"], Entity, regions["620502"])
