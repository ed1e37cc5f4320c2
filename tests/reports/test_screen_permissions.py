"""The permission walk's declared cases of the leader's screen (until tests/reports/permission_cases.py imports
tests/reports/permission_screen.py, this module runs them)."""

import pytest

from tests.reports import permission_screen  # noqa: F401 — appends the screen's cases
from tests.test_permissions import role_users  # noqa: F401 — the shared walk's users
from tests.test_permissions import test_declared_scoping as declared_scoping

SCREEN_CASES = [c for c in permission_screen.CASES if c.name.startswith("reports:screen")]


@pytest.mark.django_db
@pytest.mark.parametrize("case", SCREEN_CASES, ids=[c.name for c in SCREEN_CASES])
def test_screen_scoping(case, role_users, regions):  # noqa: F811
    declared_scoping(case, role_users, regions)
