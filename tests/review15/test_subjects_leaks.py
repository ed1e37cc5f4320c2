"""Review of issue 15: subjects — a town against its sibling, huge numbers (the what-if: test_whatif_huge.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitybrand.planning import loading, services
from qualitybrand.planning.models import TargetSet
from tests.factories import UserFactory
from tests.planning.subjects_rounds_setup import TOWNS, load, login, towns

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_scheme(regions, engine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    towns(regions)
    engine.put("tm.applications", "620502001", 25)
    engine.put("tm.applications", "620502100", 5)
    return load(TOWNS)


def test_town_user_does_not_get_its_siblings_scores_from_the_scheme_api(town_scheme, regions):
    """The round's pages and results API hide a sibling town until the notice is published; the
    scheme API's assess (the scheme is listed for the town because it is assessed) must too."""
    rnd = services.create_round(None, town_scheme, "年终考核", deadline=dt.date(2014, 12, 20))
    town_user = UserFactory(role="county", region=regions["620502"].children.get(code="620502001"))
    c = login(town_user)
    via_round = c.get(f"/api/v1/rounds/{rnd.pk}/results/").json()["results"]
    assert {r["subject"] for r in via_round} == {"620502001"}
    r = c.get("/api/v1/schemes/2014-qinzhou-towns/assess/")
    assert r.status_code in (200, 404)
    if r.status_code == 200:
        assert {x["subject"] for x in r.json()["results"]} == {"620502001"}


HUGE_TARGETS = """
kind: targets
code: huge-towns
name: 乡镇目标
year: 2014
region: "620502"
subjects: towns
items:
  - indicator: tm.applications
    target: 100
    allocations: {"620502001": 1e999999999}
"""


def test_a_huge_allocation_is_a_chinese_error_not_a_traceback(regions, engine):
    towns(regions)
    qinzhou = UserFactory(role="county", region=regions["620502"])
    result = loading.load_text(HUGE_TARGETS, user=qinzhou)
    assert not result.ok and not TargetSet.objects.exists()

