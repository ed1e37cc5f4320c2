"""The reports API (docscore): list scoped and filtered, detail, POST (201 made / 202 queued), file,
anonymous refused."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qualitybrand.reports.models import DocumentState, IssuedDocument
from tests.reports.factories_docscore import make_doc


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def _client(user=None):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def test_anonymous_refused(regions):
    make_doc(regions["620500"])
    assert _client().get("/api/v1/reports/").status_code in (401, 403)
    assert _client().post("/api/v1/reports/", {"kind": "annual_summary", "year": 2013},
                          format="json").status_code in (401, 403)


def test_list_is_scoped_and_filtered(regions, county_user, city_user):
    own = make_doc(regions["620502"], title="秦州区总结")
    make_doc(regions["620503"], title="麦积区总结")
    make_doc(regions["620502"], kind="status_report", title="秦州区汇报", year=2012)
    data = _client(county_user).get("/api/v1/reports/").json()
    titles = {d["title"] for d in data["results"]}
    assert titles == {"秦州区总结", "秦州区汇报"}
    data = _client(city_user).get("/api/v1/reports/", {"kind": "annual_summary", "region": "620502"}).json()
    assert [d["id"] for d in data["results"]] == [own.pk]
    item = data["results"][0]
    for key in ("kind", "title", "region", "year", "as_of", "state", "progress", "number", "signer", "issued_on",
                "data_version", "download"):
        assert key in item
    assert _client(city_user).get("/api/v1/reports/", {"year": "20x"}).status_code == 400
    assert _client(city_user).get("/api/v1/reports/", {"region": "999999"}).status_code == 400


def test_county_gets_404_for_another_countys_document(regions, county_user):
    other = make_doc(regions["620503"])
    assert _client(county_user).get(f"/api/v1/reports/{other.pk}/").status_code == 404


def test_post_generates_and_answers_201_with_the_file(regions, city_user):
    response = _client(city_user).post("/api/v1/reports/", {"kind": "annual_summary", "year": 2013,
                                                            "region": "620500"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and response["Location"] == f"/api/v1/reports/{body['id']}/"
    file = _client(city_user).get(body["download"])
    assert file.status_code == 200 and b"".join(file.streaming_content)[:2] == b"PK"
    assert "attachment" in file["Content-Disposition"]


def test_post_answers_202_while_queued(regions, city_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = _client(city_user).post("/api/v1/reports/", {"kind": "status_report", "as_of": "2013-12-31",
                                                            "region": "620500"}, format="json")
    assert response.status_code == 202
    doc = IssuedDocument.objects.get()
    assert doc.state == DocumentState.QUEUED and response["Location"] == f"/api/v1/reports/{doc.pk}/"
    assert _client(city_user).get(f"/api/v1/reports/{doc.pk}/file/").status_code == 409


@pytest.mark.parametrize("body, field", [
    ({"kind": "nope", "year": 2013}, "kind"),
    ({"kind": "annual_summary", "year": 2999}, "detail"),
    ({"kind": "annual_summary", "year": 2013, "region": "620503"}, "region"),
])
def test_post_refusals(regions, county_user, body, field):
    response = _client(county_user).post("/api/v1/reports/", body, format="json")
    assert response.status_code in (400, 403) and field in response.json()
    assert not IssuedDocument.objects.exists()
