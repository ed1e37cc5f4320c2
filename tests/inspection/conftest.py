import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def inspection_today(settings):
    """The city prepares in early January 2014 for the province's assessment of 2013 (deadline 2014-01-20)."""
    settings.QB_TODAY = dt.date(2014, 1, 5)


@pytest.fixture(autouse=True)
def inspection_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
