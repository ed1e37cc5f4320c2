"""Permission cases of the inbox (tests/test_permissions.py): one warning's 已处理 is open to the users who
own the warning (the city office, its leader and the county of the mark), 404 for everyone else and for a neighbour."""

from __future__ import annotations

import datetime as dt

from tests.permission_cases import CHANGE_CASES, ChangeCase


def _mark_due(region):
    """A mark of `region` expiring 20 days after the test day (tm.renewal, 紧急), made once per region."""
    from qualitybrand.core import clock
    from qualitybrand.registry.models import Trademark
    from tests.factories import EntityFactory, TrademarkFactory

    number = "7" + region.code[:7]
    found = Trademark.objects.filter(number=number).first()
    if found:
        return found
    holder = EntityFactory(region=region, name=f"{region.name}预警样例企业")
    return TrademarkFactory(holder=holder, number=number, expires=clock.today() + dt.timedelta(days=20),
                            registered=dt.date(2004, 1, 1))


def _acks(mark):
    from qualitybrand.alerts.models import Acknowledgement

    return sorted(Acknowledgement.objects.filter(key=mark.number).values_list("user_id", "level", "note"))


CHANGE_CASES.append(ChangeCase("alerts:handle_one", factory=_mark_due,
                               kwargs=lambda mark: {"rule": "tm.renewal", "key": mark.number},
                               change_roles=frozenset({"city_admin", "county", "leader"}), data={"note": "权限测试"},
                               state=_acks))
