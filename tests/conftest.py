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


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hashing with PBKDF2 costs a second per login in tests; the policy is tested, not the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
