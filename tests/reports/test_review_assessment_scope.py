"""A county's 年度工作总结 shows, of a round that is only 已定稿 (FINAL) and not yet 已通报 (PUBLISHED), its own
row only, as planning does (planning/api.py round_results, views_rounds.round_detail: `codes_in_scope` unless
published). Found in review: the document used to carry every county's score, rank and grade."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qualitybrand.planning.models import Round
from qualitybrand.reports.documents import common
from tests.planning.factories import round_of


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def _final_round():
    rnd = round_of("620502", "620503")
    snapshot = {"results": [
        {"region": "620503", "total": "97.25", "grade": "A", "rank": 1, "vetoed": [], "items": {}, "missing": [],
         "values": {}},
        {"region": "620502", "total": "61.50", "grade": "D", "rank": 2, "vetoed": [], "items": {}, "missing": [],
         "values": {}},
    ]}
    Round.objects.filter(pk=rnd.pk).update(state=Round.State.FINAL, snapshot=snapshot)
    return rnd


def test_planning_hides_the_other_county_of_a_final_round(regions, county_user):
    rnd = _final_round()
    c = APIClient()
    c.force_authenticate(county_user)
    results = c.get(f"/api/v1/rounds/{rnd.pk}/results/").json()["results"]
    assert [r["region"] for r in results] == ["620502"]  # planning: own row only until 已通报


def test_county_annual_summary_keeps_other_counties_scores_of_an_unpublished_round(regions, county_user):
    _final_round()
    c = APIClient()
    c.force_authenticate(county_user)
    response = c.post("/api/v1/reports/", {"kind": "annual_summary", "year": 2013}, format="json")
    assert response.status_code == 201, response.content
    file = c.get(response.json()["download"])
    text = common.docx_text(b"".join(file.streaming_content))
    assert "97.25" not in text, "another county's score of an unpublished round leaked"
