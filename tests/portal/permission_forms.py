"""Permission walk cases of the office's objection pages (/portal/manage/objections/): the city office
and the county office of the objection's region only. Import from tests/portal/permission_cases.py."""

from __future__ import annotations

from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase

OBJECTION_ROLES = frozenset({"city_admin", "county"})


def _objection(region):
    from tests.portal.factories_portalpublic import objection

    return objection(region, name=f"{region.name}异议人")


def _state(obj):
    obj.refresh_from_db()
    return (obj.state, obj.reply)


CASES.append(Case("portal:objection", factory=_objection, view_roles=OBJECTION_ROLES,
                  list_name="portal:objections", marker=lambda o: o.receipt))
CHANGE_CASES.append(ChangeCase("portal:objection_handle", factory=_objection, change_roles=OBJECTION_ROLES,
                               data={"reply": "经核实，异议不成立。"}, state=_state))
