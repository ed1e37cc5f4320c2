import csv
import datetime as dt
import io
from urllib.parse import unquote

import openpyxl
import pytest

from tests.accounts.factories import make_user

TODAY = dt.date(2014, 7, 10)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.QB_TODAY = TODAY
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return TODAY


@pytest.fixture
def users(regions):
    return {
        "city": make_user(role="city_admin", region=regions["620500"]),
        "county": make_user(role="county", region=regions["620502"]),
        "other": make_user(role="county", region=regions["620503"]),
    }


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client
    return as_user


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def sheet(response):
    """The first worksheet of an .xlsx response (openpyxl, as a person's Excel reads it)."""
    return openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]


def table(ws) -> tuple[list[str], list[dict]]:
    """(header row, data rows as {header: cell}) of an export: title block in rows 1–2, header in row 3."""
    headers = [c.value for c in ws[3]]
    rows = [dict(zip(headers, r, strict=False)) for r in ws.iter_rows(min_row=4)]
    return headers, rows


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def download_name(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    return unquote(header.split("filename*=UTF-8''", 1)[1])
