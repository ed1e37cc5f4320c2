"""The leader's screen in the permission walk (tests/test_permissions.py): a region's figures as JSON
(`reports:screen_figures`, the carousel's source) are for the office roles and leaders, and a county user
gets 404 for another county. `/reports/screen/` and `/reports/screen/state/` take `?region=` and are
walked with the undeclared URLs (no 500, anonymous refused); their scoping is tested in
tests/reports/test_screen_pages.py."""

from tests.permission_cases import CASES, OFFICE_ROLES, Case


def _region_itself(region):
    return region


CASES.append(Case("reports:screen_figures", _region_itself, kwargs=lambda r: {"code": r.code},
                  view_roles=OFFICE_ROLES))
