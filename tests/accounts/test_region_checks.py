"""The region checks of user administration (accounts/services.py, through core/scoping.py):
an administrator bound to a district manages the accounts of that district only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.accounts import services
from qualitybrand.accounts.models import User
from tests.accounts.factories import make_user
from tests.factories import EntityFactory, UserFactory


@pytest.fixture
def district_admin(regions):
    return make_user(role="city_admin", region=regions["620502"])


def test_a_district_admin_creates_no_user_in_another_district(district_admin, regions):
    with pytest.raises(PermissionDenied, match="本辖区"):
        services.create_user(district_admin, username="maiji", role="county", region=regions["620503"])
    with pytest.raises(PermissionDenied, match="本辖区"):
        services.create_user(district_admin, username="city", role="leader", region=regions["620500"])
    assert not User.objects.filter(username__in=["maiji", "city"]).exists()
    user, _ = services.create_user(district_admin, username="qinzhou", role="county", region=regions["620502"])
    assert user.region == regions["620502"]


def test_a_county_user_administers_nobody(regions):
    county = UserFactory(role="county", region=regions["620502"])
    assert not services.may_administer(county)
    assert services.users_for(county).count() == 0
    with pytest.raises(PermissionDenied, match="只有市级管理员"):
        services.create_user(county, username="x", role="county", region=regions["620502"])


def test_an_admin_of_no_region_administers_nobody(regions):
    unbound = UserFactory(role="city_admin", region=None)
    assert not services.may_administer(unbound)
    assert services.users_for(unbound).count() == 0


def test_a_district_admin_lists_and_manages_its_district_only(district_admin, regions):
    own = UserFactory(role="county", region=regions["620502"])
    other = UserFactory(role="county", region=regions["620503"])
    city = UserFactory(role="leader", region=regions["620500"])
    assert set(services.users_for(district_admin)) == {district_admin, own}
    for user in (other, city):
        with pytest.raises(PermissionDenied, match="管辖范围"):
            services.set_active(district_admin, user, False)
        with pytest.raises(PermissionDenied, match="管辖范围"):
            services.reset_password(district_admin, user)
        user.refresh_from_db()
        assert user.is_active and not user.must_change_password
    services.set_active(district_admin, own, False)


def test_a_superuser_lists_every_account_also_of_no_region(regions):
    root = UserFactory(role="", is_superuser=True)
    unbound = UserFactory(role="city_admin", region=None)
    assert {root, unbound} <= set(services.users_for(root))


def test_an_enterprise_account_must_be_of_a_firm_inside_the_chosen_region(regions, city_user):
    firm = EntityFactory(region=regions["620503"])
    with pytest.raises(ValidationError) as exc:
        services.create_user(city_user, username="firm", role="enterprise", region=regions["620502"], entity=firm)
    assert "不在所选区划内" in str(exc.value)
    user, _ = services.create_user(city_user, username="firm", role="enterprise", region=regions["620500"],
                                   entity=firm)
    assert user.entity == firm
