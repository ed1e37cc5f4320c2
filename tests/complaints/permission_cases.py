"""Complaints in the permission walk: the detail page and API (office roles), the workflow step."""

from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase

VIEW = frozenset({"city_admin", "county", "leader"})


def _complaint(region):
    from qualitybrand.core import clock
    from tests.complaints.factories import complaint

    return complaint(region, registered=clock.today(), respondent_name=f"{region.name}被投诉商户")


def _state(c):
    c.refresh_from_db()
    return (c.status, c.accepted, c.steps.count())


CASES.append(Case("complaints:detail", _complaint, view_roles=VIEW, list_name="complaints:list",
                  marker=lambda c: f">{c.number}<"))
CASES.append(Case("complaint-detail", _complaint, view_roles=VIEW, list_name="complaint-list",
                  marker=lambda c: f'"{c.number}"'))
CHANGE_CASES.append(ChangeCase("complaints:act", _complaint, change_roles=frozenset({"city_admin", "county"}),
                               data={"action": "受理"}, state=_state))
CHANGE_CASES.append(ChangeCase("complaint-act", _complaint, change_roles=frozenset({"city_admin", "county"}),
                               data={"action": "受理"}, state=_state))
