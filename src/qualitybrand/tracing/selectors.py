"""Reads of the tracing app: the interface recalls and the pages use (supervision.md § Traceability).

`downstream` (追踪) and `upstream` (溯源) are one recursive CTE each (trees.py), on both databases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from qualitybrand.tracing.models import TraceEvent
from qualitybrand.tracing.trees import TreeRow, walk


@dataclass(slots=True)
class Holder:
    """A holder of a unit in a tree, once per (unit, holder): its shortest depth from the start, the
    holder it got the unit from (down) or supplied (up) on such a path, the quantity of its edges
    (summed over the distinct holders it is linked with) and the first date of them.
    Depth 0 are the start nodes (a unit's producers, or the holders the caller named)."""

    entity_id: int | None
    name: str
    region_id: int | None
    depth: int
    parent_entity_id: int | None
    trace_code: str
    quantity: Decimal | None
    first_date: date | None


def downstream(trace_codes, holder_ids=None) -> list[Holder]:
    """追踪: every holder the units reached, to any depth (through processing into new units too)."""
    return holders_of(walk("down", trace_codes, holder_ids))


def upstream(trace_codes, holder_ids=None) -> list[Holder]:
    """溯源: every source of the units, back through their inputs (投入追溯码)."""
    return holders_of(walk("up", trace_codes, holder_ids))


def has_events(trace_code: str) -> bool:
    return bool(trace_code) and TraceEvent.objects.filter(trace_code=trace_code).exists()


def holders_of(rows: list[TreeRow]) -> list[Holder]:
    """Tree rows folded to one Holder per (unit, holder), in order of depth, then name."""
    best: dict[tuple, TreeRow] = {}
    edges: dict[tuple, dict[tuple, Decimal | None]] = {}
    firsts: dict[tuple, date | None] = {}
    for row in rows:
        key = (row.trace_code, row.entity_id, row.name if row.entity_id is None else "")
        if key not in best or row.depth < best[key].depth:
            best[key] = row
        edges.setdefault(key, {})[(row.parent_code, row.parent_entity_id, row.parent_name)] = row.quantity
        if row.first_date and (firsts.get(key) is None or row.first_date < firsts[key]):
            firsts[key] = row.first_date
        firsts.setdefault(key, None)
    out = []
    for key, row in best.items():
        quantities = [q for q in edges[key].values() if q is not None]
        out.append(Holder(
            entity_id=row.entity_id, name=row.name, region_id=row.region_id,
            depth=row.depth, parent_entity_id=row.parent_entity_id, trace_code=row.trace_code,
            quantity=sum(quantities, Decimal(0)) if quantities else None, first_date=firsts[key]))
    out.sort(key=lambda h: (h.depth, h.trace_code, h.name))
    return out
