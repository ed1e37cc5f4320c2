"""The permission walk of the exports (tests/permission_cases.py: EXPORT_CASES, EXPORT_URLS)."""

import pytest
from django.test import Client

from tests.accounts.factories import make_user
from tests.exports.conftest import body
from tests.factories import EntityFactory
from tests.permission_cases import EXPORT_CASES, EXPORT_URLS, ROLES

pytestmark = pytest.mark.django_db
OWN, OTHER = "620502", "620503"


@pytest.fixture
def role_clients(regions):
    from qualitybrand.core.models import Department

    firm = EntityFactory(region=regions[OWN], name="角色测试企业")
    users = {
        "city_admin": make_user(role="city_admin", region=regions["620500"]),
        "county": make_user(role="county", region=regions[OWN]),
        "department": make_user(role="department", region=regions["620500"], department=Department.objects.first()),
        "enterprise": make_user(role="enterprise", region=regions[OWN], entity=firm),
        "expert": make_user(role="expert", region=regions["620500"]),
        "leader": make_user(role="leader", region=regions["620500"]),
    }
    out = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(users[role])
        out[role] = client
    return out


def _text(response) -> str:
    data = body(response)
    if response["Content-Type"].startswith("text/csv"):
        return data.decode("utf-8")
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


@pytest.mark.parametrize("role", ROLES)
def test_every_export_answers_as_its_page(role, role_clients):
    client = role_clients[role]
    failures = []
    for url in EXPORT_URLS:
        page = client.get(url)
        for fmt in ("xlsx", "csv"):
            response = client.get(url, {"export": fmt})
            where = f"{role} {url}?export={fmt}"
            if response.status_code >= 500:
                failures.append(f"{where}: {response.status_code}")
            elif role == "anonymous":
                if response.status_code != 302 or not response["Location"].startswith("/accounts/login/"):
                    failures.append(f"{where}: anonymous got {response.status_code}")
            elif page.status_code == 200 and (response.status_code != 200
                                              or not response["Content-Disposition"].startswith("attachment")):
                failures.append(f"{where}: the page answers 200, the export {response.status_code}")
            elif page.status_code != 200 and response.status_code == 200:
                failures.append(f"{where}: the page answers {page.status_code}, the export 200")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("case", EXPORT_CASES, ids=lambda c: c.url)
def test_a_county_export_holds_only_its_county(case, role_clients, regions):
    own = case.factory(regions[OWN])
    other = case.factory(regions[OTHER])
    for fmt in ("xlsx", "csv"):
        response = role_clients["county"].get(case.url, {"export": fmt})
        assert response.status_code == 200, (case.url, fmt)
        text = _text(response)
        assert case.marker(own) in text, (case.url, fmt)
        assert case.marker(other) not in text, (case.url, fmt)
