"""迎检 in the permission walk: a preparation made for a county's region stands in for the city's
(the walk makes one in 620502 and one in 620503); the city admin and the leader read it, only the
city admin writes, a county never sees one (404)."""

from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase

READERS = frozenset({"city_admin", "leader"})
WRITERS = frozenset({"city_admin"})


def _preparation(region):
    from tests.inspection.factories import preparation

    return preparation(region)


def _a3(prep):
    return tuple(prep.items.filter(item_code="A3").values_list("score", "explanation", "reviewed"))


def _values(prep):
    return tuple(prep.items.order_by("item_code").values_list("item_code", "value", "score"))


CASES.extend([
    Case("inspection:preparation", _preparation, view_roles=READERS, list_name="inspection:index",
         marker=lambda p: p.title),
    Case("inspection:report", _preparation, view_roles=READERS),
    Case("inspection:package", _preparation, view_roles=READERS),
])

CHANGE_CASES.extend([
    ChangeCase("inspection:score", _preparation, change_roles=WRITERS,
               data={"item": "A3", "score": "12", "explanation": "已建立工作机制", "reviewed": "1"}, state=_a3),
    ChangeCase("inspection:draft", _preparation, change_roles=WRITERS, state=_values),
    ChangeCase("inspection:create_tasks", _preparation, change_roles=WRITERS,
               data={"holders-A3": "region:620503"}, state=lambda p: p.items.exclude(task=None).count()),
])
