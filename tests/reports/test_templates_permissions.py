"""The permission walk for the 文书模板 URLs alone (until tests/reports/permission_cases.py imports
permission_templates, after which tests/test_permissions.py runs the same cases)."""

from __future__ import annotations

import pytest

import tests.test_permissions as walk
from tests import permission_cases
from tests.reports import permission_templates
from tests.test_permissions import role_users  # noqa: F401 (fixture)

NAMES = ("reports:template-",)
VIEW_CASES = list({c.name: c for c in permission_cases.CASES if c.name.startswith(NAMES)}.values())
WRITE_CASES = list({c.name: c for c in permission_cases.CHANGE_CASES if c.name.startswith(NAMES)}.values())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def test_the_cases_are_declared():
    assert permission_templates.OFFICES == {"city_admin", "county"}
    assert {c.name for c in VIEW_CASES} == {"reports:template-preview", "reports:template-download"}
    assert {c.name for c in WRITE_CASES} == {"reports:template-activate", "reports:template-deactivate",
                                             "reports:template-delete"}


@pytest.mark.django_db
@pytest.mark.parametrize("case", VIEW_CASES, ids=[c.name for c in VIEW_CASES])
def test_template_scoping(case, role_users, regions):  # noqa: F811
    walk.test_declared_scoping(case, role_users, regions)


@pytest.mark.django_db
@pytest.mark.parametrize("case", WRITE_CASES, ids=[c.name for c in WRITE_CASES])
def test_template_writes(case, role_users, regions):  # noqa: F811
    walk.test_declared_writes(case, role_users, regions)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["city_admin", "county", "department", "leader", "enterprise", "expert"])
def test_template_pages_for_every_role(role, role_users):  # noqa: F811
    client = walk._client_for(role, role_users)
    allowed = role in permission_templates.OFFICES
    for url in ["/reports/templates/", "/reports/templates/upload/"]:
        status = client.get(url).status_code
        assert status == (200 if allowed else 403), (role, url, status)
    assert client.post("/reports/templates/upload/", {}).status_code == (400 if allowed else 403)
