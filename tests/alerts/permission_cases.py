"""Permission walk cases of the alerts app (tests/permission_cases.py): the rule form is the city
office's; rule settings are not region-scoped, so every other role is refused and nothing changes."""

import itertools

from tests.permission_cases import CHANGE_CASES, ChangeCase

_serial = itertools.count(1)


def _office_rule(region):
    from qualitybrand.alerts import services

    return services.create_office_rule(None, code=f"office.walk_{region.code}_{next(_serial)}", name=f"{region.name}续展提醒",
                                       base="tm.renewal", params={"window_days": 180, "urgent_days": 30,
                                                                  "level": "预警", "urgent_level": "紧急"})


def _state(row):
    row.refresh_from_db()
    return (row.params, row.enabled, row.version, row.name)


CHANGE_CASES.append(ChangeCase(
    "alerts:rule_edit", _office_rule, kwargs=lambda row: {"code": row.rule}, change_roles=frozenset({"city_admin"}),
    data={"name": "改名", "window_days": "200", "urgent_days": "30", "level": "预警", "urgent_level": "紧急",
          "enabled": "1"},
    state=_state))
