"""What the unit page, its export and the tree API show, and who may see it.

Scoping (decided for supervision.md § Traceability, written in docs/dev-notes.md):
- an office (city, county, department, leader) sees the FULL 追踪 and 溯源 trees of a unit that has at
  least one event in its scope — an event of an entity of its region, or a sale to a buyer of its
  region: a county follows a batch that passes through it to wherever it went (what a recall needs);
  a unit that never touches its region is 404, exactly like a unit without events;
- an enterprise sees the units it produced, bought or sold (it is the 主体 or the 对方 of an event),
  and of each only one hop: its suppliers, itself and its buyers — never its buyers' buyers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from qualitybrand.core.roles import VIEW, Role, role_may
from qualitybrand.core.scoping import scope_path
from qualitybrand.registry.models import Entity
from qualitybrand.tracing.models import PRODUCE, TraceEvent
from qualitybrand.tracing.selectors import holders_of
from qualitybrand.tracing.trees import TreeRow, walk


@dataclass
class Node:
    """A tree row as a page shows it."""

    depth: int
    trace_code: str
    entity: Entity | None
    name: str
    parent: Entity | None
    parent_name: str
    quantity: Decimal | None
    unit: str
    first_date: date | None
    own: bool = False  # the enterprise's own node (its page highlights it)

    def as_json(self) -> dict:
        return {"depth": self.depth, "trace_code": self.trace_code,
                "entity": self.entity.uscc if self.entity else None, "name": self.name,
                "region": self.entity.region.code if self.entity else None,
                "parent_entity": self.parent.uscc if self.parent else None,
                "quantity": None if self.quantity is None else float(self.quantity),
                "first_date": self.first_date}


@dataclass
class UnitView:
    code: str
    product: str
    batch: str
    producers: list[Entity]
    down: list[Node]
    up: list[Node]
    holders: list[Node] = field(default_factory=list)  # downstream, once per (unit, holder): the export
    partial: bool = False  # an enterprise's one-hop view


def _is_enterprise(user) -> bool:
    return getattr(user, "role", "") == Role.ENTERPRISE and not user.is_superuser


def visible_codes(user, codes) -> set[str]:
    """The units among `codes` the user may open (one query)."""
    codes = {c for c in codes if c}
    if not codes or not (user.is_superuser or role_may(getattr(user, "role", ""), VIEW, TraceEvent)):
        return set()
    qs = TraceEvent.objects.filter(trace_code__in=codes)
    if user.is_superuser:
        pass
    elif _is_enterprise(user):
        if not user.entity_id:
            return set()
        qs = qs.filter(Q(entity_id=user.entity_id) | Q(counterparty_id=user.entity_id))
    else:
        path = scope_path(user)
        if path is None:
            return set()
        qs = qs.filter(Q(region__path__startswith=path) | Q(counterparty__region__path__startswith=path))
    return set(qs.values_list("trace_code", flat=True).distinct())


def find_units(user, product: str = "", batch: str = "", limit: int = 50) -> list[dict]:
    """Units by product name (contains) and batch number (exact), among those the user may open."""
    product, batch = product.strip(), batch.strip()
    if not product and not batch:
        return []
    qs = TraceEvent.objects.for_user(user, VIEW)
    if product:
        qs = qs.filter(product__icontains=product)
    if batch:
        qs = qs.filter(batch=batch)
    seen: dict[str, dict] = {}
    for code, prod, bat in qs.order_by("trace_code").values_list("trace_code", "product", "batch")[:limit * 20]:
        seen.setdefault(code, {"code": code, "product": prod, "batch": bat})
        if len(seen) >= limit:
            break
    return list(seen.values())


def unit_view(user, code: str) -> UnitView | None:
    """The unit page's content, or None when the unit has no event the user may see (404)."""
    if not (user.is_superuser or role_may(getattr(user, "role", ""), VIEW, TraceEvent)):
        raise PermissionDenied("您的角色不能查看产品追溯。")
    if code not in visible_codes(user, [code]):
        return None
    events = TraceEvent.objects.filter(trace_code=code)
    first = events.order_by("occurred", "id").values("product", "batch").first() or {}
    producer_ids = set(events.filter(kind=PRODUCE).values_list("entity_id", flat=True))
    down_rows, up_rows = walk("down", [code]), walk("up", [code])
    enterprise = _is_enterprise(user)
    if enterprise:
        down_rows = _one_hop(down_rows, user.entity_id)
        up_rows = _one_hop(up_rows, user.entity_id)
    units = _units({r.trace_code for r in down_rows + up_rows})
    entities = _entities(down_rows + up_rows, producer_ids)
    down = [_node(r, entities, units, user) for r in down_rows]
    holders = [_node(r, entities, units, user) for r in holders_of(down_rows)]
    if enterprise:  # one hop: the producer only when it is the enterprise or its direct supplier
        producer_ids &= {r.entity_id for r in down_rows + up_rows}
    return UnitView(code=code, product=first.get("product", ""), batch=first.get("batch", ""),
                    producers=[entities[i] for i in sorted(producer_ids) if i in entities],
                    down=down, up=[_node(r, entities, units, user) for r in up_rows],
                    holders=holders, partial=enterprise)


def _one_hop(rows: list[TreeRow], own: int) -> list[TreeRow]:
    """An enterprise's view of a tree: its own nodes, the nodes right above and right below them."""
    mine = {(r.trace_code, r.entity_id) for r in rows if r.entity_id == own}
    keep = []
    for r in rows:
        if r.entity_id == own:
            keep.append(r)
        elif r.parent_entity_id == own and (r.parent_code, own) in mine:
            keep.append(r)
        elif any(x.entity_id == own and x.parent_entity_id == r.entity_id and x.parent_code == r.trace_code
                 and (x.parent_entity_id is not None or x.parent_name == r.name) for x in rows):
            keep.append(r)
    # Depth relative to the enterprise: a supplier 0, itself 1, a buyer 2 (the tree is cut there). A
    # supplier's own row says nothing of where it got the unit nor how much: that is its trade, not ours.
    out = []
    for r in keep:
        if r.entity_id == own or r.parent_entity_id == own:
            out.append(r._replace(depth=1 if r.entity_id == own else 2))
        else:
            out.append(r._replace(depth=0, parent_code=None, parent_entity_id=None, parent_name="",
                                  quantity=None, first_date=None))
    return out


def _units(codes) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, unit in (TraceEvent.objects.filter(trace_code__in=codes).exclude(unit="")
                       .order_by("id").values_list("trace_code", "unit")):
        out.setdefault(code, unit)
    return out


def _entities(rows: list[TreeRow], extra=()) -> dict[int, Entity]:
    ids = {r.entity_id for r in rows} | {r.parent_entity_id for r in rows} | set(extra)
    ids.discard(None)
    return Entity.objects.select_related("region").in_bulk(ids)


def _node(r, entities, units, user) -> Node:
    """A TreeRow or a folded Holder as a Node."""
    entity = entities.get(r.entity_id)
    parent = entities.get(r.parent_entity_id)
    return Node(depth=r.depth, trace_code=r.trace_code, entity=entity, name=entity.name if entity else r.name,
                parent=parent, parent_name=parent.name if parent else getattr(r, "parent_name", ""),
                quantity=r.quantity, unit=units.get(r.trace_code, ""), first_date=r.first_date,
                own=bool(entity) and _is_enterprise(user) and entity.pk == user.entity_id)
