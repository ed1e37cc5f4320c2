import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def today(settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    return settings.QB_TODAY


from tests.registry.conftest import login, page_users  # noqa: E402,F401 - the same page fixtures
