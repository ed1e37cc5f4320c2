"""Review of issue 15: a what-if value like 1e999999999 is a finite Decimal; scoring turns it into a
Fraction (a billion-digit integer) and the request never ends. Each test fails after 15 s instead
of hanging the suite."""

from __future__ import annotations

import datetime as dt
import signal
from contextlib import contextmanager

import pytest

from qualitybrand.planning import services
from tests.factories import UserFactory
from tests.inspection.factories import preparation
from tests.planning.subjects_rounds_setup import TOWNS, load, login, towns

pytestmark = pytest.mark.django_db
HUGE = "1e999999999"


class TookTooLong(Exception):
    pass


@contextmanager
def at_most(seconds: int):
    def stop(signum, frame):
        raise TookTooLong(f"the request did not end within {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_town_round_what_if_with_a_huge_value_answers(regions, engine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    towns(regions)
    rnd = services.create_round(None, load(TOWNS), "年终考核", deadline=dt.date(2014, 12, 20))
    town_user = UserFactory(role="county", region=regions["620502"].children.get(code="620502001"))
    with at_most(15):
        r = login(town_user).post(f"/planning/rounds/{rnd.pk}/620502001/",
                                  {"whatif": "1", "v-tm.applications": HUGE})
    assert r.status_code == 200


def test_inspection_what_if_with_a_huge_value_answers(client, city_user, settings):
    settings.QB_TODAY = dt.date(2014, 1, 5)
    prep = preparation()
    client.force_login(city_user)
    with at_most(15):
        r = client.get(prep.get_absolute_url(), {"whatif": "1", "v-insp.pass_rate": HUGE})
    assert r.status_code == 200
