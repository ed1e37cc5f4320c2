"""Reads of recalls shared by the pages, the API, the worklist and the 待办.

Who sees what: an office sees the recalls of enterprises in its region (Recall.objects.for_user) and
the recalls with at least one affected holder in its region (辖区有受影响主体: the whole holder tree,
but it records 通知 / 处置 only for the holders in its region; the recall's own steps stay with the
responsible enterprise and the office of its region); an enterprise sees the recalls it is
responsible for (every holder row: it carries the recall out) and the recalls it is an affected
holder in (its own holder rows only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from qualitybrand.core import clock
from qualitybrand.core.roles import CHANGE, VIEW, Role, role_may
from qualitybrand.core.scoping import has_scoped_role, region_in_scope, scope_filter, within_scope

from . import deadlines as dl
from .models import CLOSED_STATES, Disposal, Recall, RecallHolder


def _enterprise_id(user) -> int | None:
    if (getattr(user, "is_authenticated", False) and user.is_active and not user.is_superuser
            and getattr(user, "role", "") == Role.ENTERPRISE):
        return user.entity_id or 0
    return None


OFFICE = {Role.CITY_ADMIN, Role.COUNTY}


def _holder_office(user) -> bool:
    """A user who may view recalls and is bound to a region (an office or a leader), not a superuser
    (who sees every recall anyway)."""
    return (getattr(user, "is_authenticated", False) and user.is_active and not user.is_superuser
            and user.region_id is not None and role_may(getattr(user, "role", ""), VIEW, Recall))


def holders_in_scope(user, qs=None):
    """The holder rows whose region lies in the user's scope (none for an enterprise or no scope)."""
    qs = RecallHolder.objects.all() if qs is None else qs
    if _enterprise_id(user) is not None:
        return qs.none()
    return within_scope(qs, user, "region__path")


def held_recall_ids(user):
    """Ids of the recalls with at least one affected holder in the user's region (a subquery)."""
    return holders_in_scope(user).values("recall_id")


def recalls_for(user):
    """The recalls this user may open: an office also those with a holder in its region."""
    eid = _enterprise_id(user)
    if eid is None:
        own = Recall.objects.for_user(user, VIEW)
        if not _holder_office(user):
            return own
        responsible = scope_filter(user, "region__path")
        return Recall.objects.filter(responsible | Q(pk__in=held_recall_ids(user)))
    if not eid:
        return Recall.objects.none()
    held = RecallHolder.objects.filter(entity_id=eid).values("recall_id")
    return Recall.objects.filter(Q(entity_id=eid) | Q(pk__in=held))


def sees_all_holders(user, recall: Recall) -> bool:
    eid = _enterprise_id(user)
    return eid is None or eid == recall.entity_id


def holders_for(user, recall: Recall):
    """The holder rows of a recall this user may see (an affected enterprise: its own only)."""
    qs = recall.holders.select_related("entity", "region", "via").order_by("depth", "id")
    return qs if sees_all_holders(user, recall) else qs.filter(entity_id=_enterprise_id(user))


def is_responsible(user, recall: Recall) -> bool:
    """The office of the recall's region (or above) or the responsible enterprise: the recall's own
    steps (计划, 发布, 实施, 完成, 结束监督), 重新计算 and every holder's 通知 / 处置."""
    return Recall.objects.for_user(user, CHANGE).filter(pk=recall.pk).exists()


def responsible_ids(user, ids) -> set[int]:
    """Which of these recalls the user is responsible for (see `is_responsible`; one query)."""
    return set(Recall.objects.for_user(user, CHANGE).filter(pk__in=list(ids)).values_list("pk", flat=True))


def _office_of_holder(user, holder: RecallHolder) -> bool:
    """An office (市 or 县区) whose region holds this holder (a holder of no known region: none)."""
    return has_scoped_role(user, OFFICE) and region_in_scope(user, holder.region)


def may_record_holder(user, holder: RecallHolder) -> bool:
    """通知 / 处置 of one holder row: the office of the recall's region, the office of the holder's
    region, or the holder enterprise itself."""
    eid = _enterprise_id(user)
    if eid is not None:
        return bool(eid) and holder.entity_id == eid
    return _office_of_holder(user, holder) or is_responsible(user, holder.recall)


def recordable_ids(user, recall: Recall, holders) -> set[int]:
    """Which of these holder rows the user may record 通知 / 处置 for (one permission query)."""
    holders = list(holders)
    eid = _enterprise_id(user)
    if eid is not None:
        return {h.pk for h in holders if eid and h.entity_id == eid}
    if is_responsible(user, recall):
        return {h.pk for h in holders}
    return {h.pk for h in holders if _office_of_holder(user, h)}


def may_record_any_holder(user, recall: Recall) -> bool:
    eid = _enterprise_id(user)
    if eid is not None:
        return bool(eid) and recall.holders.filter(entity_id=eid).exists()
    if is_responsible(user, recall):
        return True
    return has_scoped_role(user, OFFICE) and holders_in_scope(user, recall.holders.all()).exists()


def with_held_counts(qs, user):
    """`qs` annotated with `held` (its holders in the user's region) and `held_open` (of them, not yet
    disposed), by subqueries (no join that would repeat a recall); 0 for an enterprise."""
    if _enterprise_id(user) is not None or scope_filter(user, "region__path") is None:
        zero = Value(0, output_field=IntegerField())
        return qs.annotate(held=zero, held_open=zero)

    def count(extra: Q):
        rows = (holders_in_scope(user, RecallHolder.objects.filter(recall=OuterRef("pk"))).filter(extra)
                .order_by().values("recall").annotate(n=Count("id")).values("n"))
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return qs.annotate(held=count(Q()), held_open=count(Q(disposal=Disposal.NONE)))


@dataclass
class TreeRow:
    holder: RecallHolder
    depth: int
    indent: range


def tree(holders: list[RecallHolder]) -> list[TreeRow]:
    """Holders in tree order (each under the holder it received the goods from), any depth."""
    children: dict[int | None, list[RecallHolder]] = {}
    ids = {h.pk for h in holders}
    for h in holders:
        children.setdefault(h.parent_id if h.parent_id in ids else None, []).append(h)
    out: list[TreeRow] = []
    stack = [(h, 0) for h in reversed(children.get(None, []))]
    seen: set[int] = set()
    while stack:
        h, level = stack.pop()
        if h.pk in seen:
            continue
        seen.add(h.pk)
        out.append(TreeRow(h, h.depth, range(max(h.depth - 1, 0))))
        stack.extend((c, level + 1) for c in reversed(children.get(h.pk, [])))
    return out


def progress(recall_ids) -> dict[int, dict]:
    """{recall id: {total, notified, disposed}} in one grouped query."""
    rows = (RecallHolder.objects.filter(recall_id__in=list(recall_ids)).values("recall_id")
            .annotate(total=Count("id"), notified=Count("id", filter=Q(notified__isnull=False)),
                      disposed=Count("id", filter=~Q(disposal=Disposal.NONE))))
    return {r["recall_id"]: r for r in rows}


def holder_progress(holders) -> dict:
    holders = list(holders)
    return {"total": len(holders), "notified": sum(1 for h in holders if h.notified),
            "disposed": sum(1 for h in holders if h.disposal != Disposal.NONE)}


def open_recalls(user):
    return recalls_for(user).exclude(status__in=CLOSED_STATES)


def with_deadlines(recalls) -> list[tuple[Recall, list[dl.Deadline]]]:
    recalls = list(recalls)
    rows = dl.deadlines_many(recalls, clock.now())
    return [(r, rows[r.pk]) for r in recalls]


def overdue_ids(qs) -> list[int]:
    """Ids of the open recalls in `qs` with a deadline passed (the open recalls are few: read them all)."""
    return [r.pk for r, rows in with_deadlines(qs.exclude(status__in=CLOSED_STATES)) if dl.is_overdue(rows)]
