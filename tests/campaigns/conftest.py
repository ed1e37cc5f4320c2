import pytest

from tests.factories import UserFactory


@pytest.fixture
def other_county_user(regions):
    return UserFactory(role="county", region=regions["620503"])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
