"""Cached figures are keyed by the data version: an edit shows at once in compute, command and API."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from qualitybrand.core.services import update_record
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from tests.factories import UserFactory, region_tree
from tests.indicators import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
Y13 = Period.year(2013)


def command_value():
    out = StringIO()
    call_command("indicators", "--year", "2013", "--region", "620500", "--codes", "insp.pass_rate", "--json",
                 stdout=out)
    return json.loads(out.getvalue())["values"][0]["value"]


def test_edit_advances_the_version_and_every_reader_sees_it(django_assert_max_num_queries):
    regions = region_tree()
    e = f.entity(regions["620502"])
    f.inspection(e, dt.date(2013, 3, 1), "合格")
    failed = f.inspection(e, dt.date(2013, 4, 1), "不合格")
    city = UserFactory(role="city_admin", region=regions["620500"])
    client = APIClient()
    client.force_authenticate(city)
    api = lambda: client.get("/api/v1/indicators/", {"year": 2013, "region": "620500",  # noqa: E731
                                                     "code": "insp.pass_rate"}).json()["values"][0]["value"]
    assert compute(["insp.pass_rate"], Y13)[("insp.pass_rate", "620500")] == 50.0
    with django_assert_max_num_queries(1):   # served from the cache: only the data version is read
        assert compute(["insp.pass_rate"], Y13)[("insp.pass_rate", "620500")] == 50.0
    assert command_value() == 50.0 and api() == 50.0
    update_record(None, failed, {"conclusion": "合格"})
    assert compute(["insp.pass_rate"], Y13)[("insp.pass_rate", "620500")] == 100.0
    assert command_value() == 100.0 and api() == 100.0
    city.save()
    page = Client()
    page.force_login(city)
    html = page.get("/reports/dashboard/", {"region": "620500", "year": 2013}).content.decode()
    assert "100.0%" in html


def test_dashboard_shows_the_edit(django_assert_max_num_queries):
    regions = region_tree()
    e = f.entity(regions["620502"])
    failed = f.inspection(e, dt.date(2013, 4, 1), "不合格")
    city = UserFactory(role="city_admin", region=regions["620500"])
    city.save()
    page = Client()
    page.force_login(city)
    get = lambda: page.get("/indicators/catalog/", {"region": "620500", "year": 2013,  # noqa: E731
                                                    "code": "insp.pass_rate"}).content.decode()
    assert "0.0%" in get()
    update_record(None, failed, {"conclusion": "合格"})
    assert "100.0%" in get()
