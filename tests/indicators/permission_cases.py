"""Reported indicator values in the permission walk (tests/test_permissions.py)."""

import itertools

from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase

_years = itertools.count(1950)


def _value(region):
    from decimal import Decimal

    from qualitybrand.indicators.models import IndicatorValue

    return IndicatorValue.objects.create(code="env.air_good_days", region=region, year=next(_years),
                                         value=Decimal(300), status="填报", note=f"{region.name}填报样例")


def _status(value):
    value.refresh_from_db()
    return value.status


CASES.append(Case("indicator-value-detail", _value, list_name="indicator-value-list", marker=lambda v: v.note))
CHANGE_CASES.append(ChangeCase("indicator-value-approve", _value, change_roles=frozenset({"city_admin"}),
                               state=_status))
CHANGE_CASES.append(ChangeCase("indicators:review", _value, change_roles=frozenset({"city_admin"}),
                               data={"action": "approve"}, state=_status))
