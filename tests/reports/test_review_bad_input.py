"""Bad input to the document archive, API and command gets a Chinese refusal, never a 500 or a traceback (found in review)."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


# --- the archive's 生成文书 form (views_archive.generate) -------------------------------------------

@pytest.mark.parametrize("fields", [
    {"kind": "bulletin", "year": "99999"},          # dt.date(99999, 1, 1) -> ValueError (line 94)
    {"kind": "bulletin", "year": "0000"},           # dt.date(0, 1, 1)
    {"kind": "annual_summary", "year": "2013", "number": "9" * 5000},  # int() past 4300 digits (line 89)
])
def test_generate_form_bad_values_answer_400_not_500(client, county_user, fields):
    client.force_login(county_user)
    client.raise_request_exception = False
    response = client.post("/reports/generate/", {"region": "620502", **fields})
    assert response.status_code in (302, 400), response.status_code


# --- POST /api/v1/reports/ (api.create) --------------------------------------------------------------

@pytest.mark.parametrize("body", [
    {"kind": "bulletin", "year": 99999},            # dt.date(year, 1, 1) (api.py:313)
])
def test_api_post_bad_year_answers_400(county_user, body):
    c = APIClient(raise_request_exception=False)
    c.force_authenticate(county_user)
    response = c.post("/api/v1/reports/", body, format="json")
    assert response.status_code == 400, (response.status_code, response.content[:300])


# --- the report command ------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["bulletin", "--year", "0000"],                 # parse_when: dt.date(0, 1, 1)
    ["status_report", "--year", "0000"],            # parse_when: dt.date(0, 12, 31)
    ["bulletin", "--number", "9" * 5000, "--year", "2013"],  # int() past 4300 digits
])
def test_report_command_refuses_without_traceback(regions, tmp_path, args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("report", *args, "--region", "620500", "--out", str(tmp_path / "x.docx"), stdout=out,
                     stderr=err)
    except SystemExit as exc:
        assert exc.code in (1, 2)
    except CommandError as exc:
        assert exc.returncode in (1, 2)
