import pytest

from tests.accounts.factories import make_user


@pytest.fixture
def city_user(regions):
    return make_user(role="city_admin", region=regions["620500"])


@pytest.fixture
def county_user(regions):
    return make_user(role="county", region=regions["620502"])


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
