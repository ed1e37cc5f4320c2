import datetime as dt

import pytest

from tests.factories import EntityFactory, UserFactory

TODAY = dt.date(2024, 10, 15)


@pytest.fixture
def today(settings):
    settings.QB_TODAY = TODAY
    return TODAY


@pytest.fixture
def qinzhou(regions):
    return regions["620502"]


@pytest.fixture
def maiji(regions):
    return regions["620503"]


@pytest.fixture
def maiji_user(maiji):
    return UserFactory(role="county", region=maiji)


@pytest.fixture
def county_user2(qinzhou):
    """A second officer of 秦州区 (approves what the first handles)."""
    return UserFactory(role="county", region=qinzhou)


@pytest.fixture
def shop(qinzhou):
    return EntityFactory(region=qinzhou, name="秦州电器商行")


@pytest.fixture
def maiji_shop(maiji):
    return EntityFactory(region=maiji, name="麦积食品厂")
