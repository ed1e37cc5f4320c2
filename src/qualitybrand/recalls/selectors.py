"""Reads of recalls shared by the pages, the API, the worklist and the 待办.

Who sees what: an office sees the recalls of enterprises in its region (Recall.objects.for_user); an
enterprise sees the recalls it is responsible for (every holder row: it carries the recall out) and
the recalls it is an affected holder in (its own holder rows only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from qualitybrand.core import clock
from qualitybrand.core.roles import VIEW, Role

from . import deadlines as dl
from .models import CLOSED_STATES, Disposal, Recall, RecallHolder


def _enterprise_id(user) -> int | None:
    if (getattr(user, "is_authenticated", False) and user.is_active and not user.is_superuser
            and getattr(user, "role", "") == Role.ENTERPRISE):
        return user.entity_id or 0
    return None


def recalls_for(user):
    """The recalls this user may open."""
    eid = _enterprise_id(user)
    if eid is None:
        return Recall.objects.for_user(user, VIEW)
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


def may_record_holder(user, holder: RecallHolder) -> bool:
    """通知 / 处置 of one holder row: the office of the recall's region, or the holder enterprise itself."""
    from qualitybrand.core.roles import CHANGE

    eid = _enterprise_id(user)
    if eid is not None:
        return bool(eid) and holder.entity_id == eid
    return Recall.objects.for_user(user, CHANGE).filter(pk=holder.recall_id).exists()


def may_record_any_holder(user, recall: Recall) -> bool:
    from qualitybrand.core.roles import CHANGE

    eid = _enterprise_id(user)
    if eid is not None:
        return bool(eid) and recall.holders.filter(entity_id=eid).exists()
    return Recall.objects.for_user(user, CHANGE).filter(pk=recall.pk).exists()


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
