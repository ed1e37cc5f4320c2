"""The permission walk's declared cases of the portal's office pages, run here until the lead lists
tests/portal/permission_pub.py in tests/portal/permission_cases.py (then tests/test_permissions.py runs them)."""

import pytest

from tests.portal import permission_pub
from tests.test_permissions import role_users  # noqa: F401 (fixture)
from tests.test_permissions import test_declared_scoping as _scoping
from tests.test_permissions import test_declared_writes as _writes

CASES = [c for c in permission_pub.CASES if c.name.startswith("portal:manage")]
CHANGE_CASES = [c for c in permission_pub.CHANGE_CASES if c.name.startswith("portal:manage")]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_portal_manage_scoping(case, role_users, regions):  # noqa: F811
    _scoping(case, role_users, regions)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CHANGE_CASES, ids=[c.name for c in CHANGE_CASES])
def test_portal_manage_writes(case, role_users, regions):  # noqa: F811
    _writes(case, role_users, regions)
