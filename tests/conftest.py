import pytest

from tests.factories import UserFactory, region_tree


@pytest.fixture
def regions(db):
    return region_tree()


@pytest.fixture
def city_user(regions):
    return UserFactory(role="city_admin", region=regions["620500"])


@pytest.fixture
def county_user(regions):
    return UserFactory(role="county", region=regions["620502"])
