"""A public page depends on the day as well as the data: the blacklist shows what is in force today, so its
ETag and its cached body change when the day does, even when no data changed."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_a_new_day_is_a_new_page(client, settings, regions):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    first = client.get("/portal/blacklist/")
    assert client.get("/portal/blacklist/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    settings.QB_TODAY = dt.date(2014, 7, 11)
    second = client.get("/portal/blacklist/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
