"""Permission walk of tracing: the event pages and API, the unit page and the tree API."""

from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase

OFFICE_WRITE = frozenset({"city_admin", "county"})


def _event(region):
    from tests.factories import EntityFactory
    from tests.tracing.factories import event

    seller = EntityFactory(region=region, name=f"{region.name}追溯样例企业")
    return event("销售", seller, f"PC{region.code}{seller.pk}", name=f"{region.name}样例超市")


def _exists(obj):
    from qualitybrand.tracing.models import TraceEvent

    row = TraceEvent.objects.filter(pk=obj.pk).values("quantity", "product").first()
    return row


CASES += [
    Case("tracing:events-detail", _event, kwargs=lambda e: {"key": e.pk}, list_name="tracing:events-list",
         marker=lambda e: e.number),
    Case("tracing:events-edit", _event, kwargs=lambda e: {"key": e.pk}, view_roles=OFFICE_WRITE),
    Case("tracing:events-delete", _event, kwargs=lambda e: {"key": e.pk}, view_roles=OFFICE_WRITE),
    Case("trace-event-detail", _event, list_name="trace-event-list", marker=lambda e: f'"{e.number}"'),
    Case("tracing:unit", _event, kwargs=lambda e: {"code": e.trace_code}, list_name="tracing:index",
         marker=lambda e: e.number),
]

CHANGE_CASES += [
    ChangeCase("tracing:events-delete", _event, kwargs=lambda e: {"key": e.pk}, change_roles=OFFICE_WRITE,
               data={"_reason": "权限测试"}, state=_exists),
    ChangeCase("tracing:events-edit", _event, kwargs=lambda e: {"key": e.pk}, change_roles=OFFICE_WRITE,
               data={"kind": "销售", "product": "改过", "batch": "1", "trace_code": "Z1",
                     "counterparty_name": "某店", "occurred": "2014-01-01"}, state=_exists),
]
