"""Recalls in the permission walk: the detail page and API of a recall in 620502, and its writes."""

import itertools

from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase

VIEW = frozenset({"city_admin", "county", "leader"})
OFFICE = frozenset({"city_admin", "county"})
_serial = itertools.count(1)


def _recall(region):
    import datetime as dt

    from qualitybrand.core import clock
    from qualitybrand.recalls import services
    from tests.recalls.factories import chain

    n = next(_serial)
    e = chain(region, prefix=f"权限{n}-{region.code}")
    return services.create_recall(None, entity=e["M"], product=f"{region.name}样例奶粉", product_type="消费品",
                                  kind="责令召回", reason="样例缺陷", trace_codes=[e["code"]],
                                  decided=clock.today() - dt.timedelta(days=3), number=f"ZH-P{n}-{region.code}")


def _state(recall):
    recall.refresh_from_db()
    return (recall.status, recall.plan_submitted, recall.steps.count(),
            sorted(recall.holders.values_list("id", "notified", "disposal")))


def _holder(recall):
    return recall.holders.order_by("id").first().pk


CASES.append(Case("recalls:detail", _recall, view_roles=VIEW, list_name="recalls:list", marker=lambda r: r.number))
CASES.append(Case("recall-detail", _recall, view_roles=VIEW, list_name="recall-list", marker=lambda r: f'"{r.number}"'))
CASES.append(Case("recalls:holders-export", _recall, view_roles=VIEW))
CASES.append(Case("recalls:notice", _recall, view_roles=VIEW))

CHANGE_CASES.append(ChangeCase("recalls:step", _recall, change_roles=OFFICE, data={"action": "提交计划"},
                               state=_state))
CHANGE_CASES.append(ChangeCase("recalls:recompute", _recall, change_roles=OFFICE, state=_state))
CHANGE_CASES.append(ChangeCase("recalls:notify", _recall, change_roles=OFFICE, data={"method": "电话"},
                               state=_state))
CHANGE_CASES.append(ChangeCase("recalls:dispose", _recall, change_roles=OFFICE, data={"disposal": "已销毁"},
                               state=_state))
CHANGE_CASES.append(ChangeCase("recall-step", _recall, change_roles=OFFICE, data={"action": "提交计划"},
                               state=_state))
