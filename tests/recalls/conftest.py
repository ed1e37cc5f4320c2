import pytest
from django.test import override_settings

from tests.accounts.factories import make_user
from tests.factories import UserFactory
from tests.recalls.factories import chain


@pytest.fixture(autouse=True)
def fixed_today():
    """Recalls are decided on days in 2024 (the Golden Week examples); today is 2024-10-14."""
    import datetime as dt

    with override_settings(QB_TODAY=dt.date(2024, 10, 14)):
        yield


@pytest.fixture
def traced(regions):
    return chain(regions["620502"], regions["620503"])


@pytest.fixture
def other_county_user(regions):
    return UserFactory(role="county", region=regions["620503"])


@pytest.fixture
def firm_user(traced, regions):
    """The responsible enterprise's account."""
    return make_user(role="enterprise", region=regions["620502"], entity=traced["M"])


@pytest.fixture
def holder_user(traced, regions):
    """An affected holder's account (retailer R1)."""
    return make_user(role="enterprise", region=regions["620502"], entity=traced["R1"])
