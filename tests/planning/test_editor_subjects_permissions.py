"""The permission walk over the subject editors' cases (tests/planning/permission_editor_subjects.py).

The shared walk keeps the first case of each URL name, so the towns cases of URLs that already have
a case (target_edit, scheme_edit, …) are walked here, with the walk's own checks."""

import pytest

from tests import test_permissions as walk
from tests.planning import permission_editor_subjects as cases

role_users = walk.role_users  # the walk's users of every role (a fixture)

SCOPING = [c for c in cases.CASES if c.factory in (cases.town_targets, cases.town_scheme)]
WRITES = [c for c in cases.CHANGE_CASES if c.factory in (cases.town_targets, cases.town_scheme)]


@pytest.mark.django_db
@pytest.mark.parametrize("case", SCOPING, ids=[c.name for c in SCOPING])
def test_towns_documents_are_seen_and_edited_by_the_right_roles(case, role_users, regions):
    walk.test_declared_scoping(case, role_users, regions)


@pytest.mark.django_db
@pytest.mark.parametrize("case", WRITES, ids=[c.name for c in WRITES])
def test_towns_documents_are_written_by_the_city_and_their_county_only(case, role_users, regions):
    walk.test_declared_writes(case, role_users, regions)
