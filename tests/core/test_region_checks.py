"""The region checks of core (through core/scoping.py): a new record only inside the writer's
scope, the change log of its own region, the regions it may pick."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from rest_framework.test import APIClient

from qualitybrand.core import selection, services
from qualitybrand.core.models import ChangeLog
from qualitybrand.core.selectors import change_log_for_user, may_read_change_log
from qualitybrand.registry.models import Entity
from tests.factories import EntityFactory, UserFactory


def test_a_county_creates_no_record_in_another_county(regions, county_user):
    with pytest.raises(PermissionDenied, match="该区划新增"):
        services.create_record(county_user, EntityFactory.build(region=regions["620503"], name="越界企业"))
    with pytest.raises(PermissionDenied, match="该区划新增"):
        services.create_record(county_user, EntityFactory.build(region=regions["620500"], name="上级企业"))
    assert not Entity.objects.filter(name__in=["越界企业", "上级企业"]).exists()
    assert not ChangeLog.objects.filter(model="registry.entity").exists()
    services.create_record(county_user, EntityFactory.build(region=regions["620502"], name="本区企业"))
    assert Entity.objects.filter(name="本区企业").exists()


def test_a_role_that_may_not_change_creates_nothing_even_in_its_region(regions):
    leader = UserFactory(role="leader", region=regions["620500"])
    with pytest.raises(PermissionDenied):
        services.create_record(leader, EntityFactory.build(region=regions["620502"], name="领导新增"))
    assert not Entity.objects.filter(name="领导新增").exists()


def test_the_api_refuses_a_county_creating_in_another_county(regions, county_user):
    from tests.factories import next_uscc

    client = APIClient()
    client.force_authenticate(county_user)
    response = client.post("/api/v1/entities/", {"uscc": next_uscc("620503"), "name": "越界企业",
                                                 "region": "620503"}, format="json")
    assert response.status_code in (400, 403)
    assert not Entity.objects.filter(name="越界企业").exists()


def test_change_log_readers_are_offices_bound_to_a_region(regions):
    assert may_read_change_log(UserFactory(role="county", region=regions["620502"]))
    assert may_read_change_log(UserFactory(role="leader", region=regions["620500"]))
    assert not may_read_change_log(UserFactory(role="city_admin", region=None))
    assert not may_read_change_log(UserFactory(role="department", region=regions["620500"]))
    assert not may_read_change_log(UserFactory(role="expert", region=regions["620500"]))
    unbound = UserFactory(role="county", region=None)
    client = Client()
    client.force_login(unbound)
    assert client.get("/changelog/").status_code == 403
    assert change_log_for_user(unbound).count() == 0


def test_a_county_reads_the_change_log_of_its_county_only(regions, county_user):
    services.create_record(None, EntityFactory.build(region=regions["620502"], name="秦州丙公司"))
    services.create_record(None, EntityFactory.build(region=regions["620503"], name="麦积丁公司"))
    seen = set(change_log_for_user(county_user).values_list("object_repr", flat=True))
    assert any("秦州丙" in s for s in seen) and not any("麦积丁" in s for s in seen)
    city = UserFactory(role="city_admin", region=regions["620500"])
    seen = set(change_log_for_user(city).values_list("object_repr", flat=True))
    assert any("麦积丁" in s for s in seen)


def test_the_region_picker_offers_a_county_its_own_region_only(regions, county_user):
    assert [o["code"] for o in selection.region_options(county_user)] == ["620502"]
    assert not selection.select(county_user, region_code="620503", year=None)
    assert not selection.select(county_user, region_code="620500", year=None)
    county_user.refresh_from_db()
    assert county_user.selected_region == ""
    client = APIClient()
    client.force_authenticate(county_user)
    codes = [r["code"] for r in client.get("/api/v1/regions/").json()["results"]]
    assert codes == ["620502"]
    assert client.get("/api/v1/regions/620503/").status_code == 404


def test_a_county_moves_no_record_out_of_its_county(regions, county_user):
    """Added: `update_record` checked the stored record only, so a service could move a county's
    record to its neighbour (the API's region field refuses it before; the service now does too)."""
    own = EntityFactory(region=regions["620502"], name="秦州戊公司")
    for target in (regions["620503"], regions["620500"]):
        with pytest.raises(PermissionDenied, match="管辖范围以外"):
            services.update_record(county_user, own, {"region": target})
        with pytest.raises(PermissionDenied, match="管辖范围以外"):
            services.update_record(county_user, own, {"region_id": target.pk})
    own.refresh_from_db()
    assert own.region == regions["620502"]
    city = UserFactory(role="city_admin", region=regions["620500"])
    services.update_record(city, own, {"region": regions["620503"]})
    own.refresh_from_db()
    assert own.region == regions["620503"]
    services.update_record(county_user, EntityFactory(region=regions["620502"]), {"name": "仍在本区"})
