"""The two tree walks of a traceability unit: 追踪 (forward) and 溯源 (backward), one recursive CTE each.

A node is (unit, holder): a holder is an entity of the registry or, for a buyer or seller recorded
by name only, that name. Edges come from the events (models.py): 销售 S→B, 购进 B←S (the same edge
when both are recorded), and 生产 of U from input V by P: (V, P) → (U, P).

Each walk is ONE statement on SQLite and PostgreSQL alike (WITH RECURSIVE; no query per hop):
- the recursive rows carry only the node, its parent node and the depth, so an edge recorded twice
  (销售 and 购进) gives identical rows and `UNION` keeps one, and a holder reached on many paths is one
  row per parent and depth (never one per path: no blow-up on a lattice of traders);
- the depth is capped: even if a cycle got past the services' refusal (graph.py), the statement ends;
  the tree order and each row's path are made from the parent links (`_as_tree`), which never enter a
  node already on the path;
- quantities and dates of each row's edge are read at the end by index lookups: what the receiving
  holder recorded (购进, or 生产 for a start or a processed unit) when it did, else what the sender
  recorded (销售) — an edge recorded by both sides counts once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import connection

from qualitybrand.registry.models import Entity
from qualitybrand.tracing.models import TraceEvent

MAX_DEPTH = 32  # far past any real chain (producer, wholesalers, retailers); only a guard
TABLE = TraceEvent._meta.db_table
ENTITY_TABLE = Entity._meta.db_table


class TreeRow(NamedTuple):
    """One row of a tree: a node reached by a path (a holder reached twice appears twice)."""

    trace_code: str
    entity_id: int | None
    name: str  # the entity's name, or the recorded name of a holder outside the registry
    depth: int
    parent_code: str | None
    parent_entity_id: int | None
    parent_name: str
    path: str
    quantity: Decimal | None
    first_date: date | None
    region_id: int | None = None  # the entity's region (None for a holder outside the registry)


# Next node of an event seen from the walking side. Forward: 销售 → the buyer, 购进 → the entity that
# bought, 生产 → the new unit at the producer. Backward: 销售 → the seller, 购进 → the seller (or its
# name), 生产 → the input unit at the producer.
_FORWARD = {
    "code": "e.trace_code",
    "hid": "CASE WHEN e.kind = '销售' THEN e.counterparty_id ELSE e.entity_id END",
    "hname": "CASE WHEN e.kind = '销售' AND e.counterparty_id IS NULL THEN e.counterparty_name ELSE '' END",
    "join": """(e.kind = '销售' AND e.trace_code = w.code AND e.entity_id = w.hid)
            OR (e.kind = '购进' AND e.trace_code = w.code AND e.counterparty_id = w.hid)
            OR (e.kind = '生产' AND e.source_code = w.code AND e.entity_id = w.hid)
            OR (e.kind = '购进' AND e.trace_code = w.code AND w.hid IS NULL AND e.counterparty_id IS NULL
                AND e.counterparty_name = w.hname)""",
}
_BACKWARD = {
    "code": "CASE WHEN e.kind = '生产' THEN e.source_code ELSE e.trace_code END",
    "hid": "CASE WHEN e.kind = '购进' THEN e.counterparty_id ELSE e.entity_id END",
    "hname": "CASE WHEN e.kind = '购进' AND e.counterparty_id IS NULL THEN e.counterparty_name ELSE '' END",
    "join": """(e.kind = '销售' AND e.trace_code = w.code AND e.counterparty_id = w.hid)
            OR (e.kind = '购进' AND e.trace_code = w.code AND e.entity_id = w.hid)
            OR (e.kind = '生产' AND e.trace_code = w.code AND e.entity_id = w.hid AND e.source_code <> '')
            OR (e.kind = '销售' AND e.trace_code = w.code AND w.hid IS NULL AND e.counterparty_id IS NULL
                AND e.counterparty_name = w.hname)""",
}


def _edge_sql(direction: str) -> tuple[str, str]:
    """(events the receiving node recorded, events the sending node recorded) of a row's edge, as WHERE
    clauses on `e`: each starts with `e.trace_code = … AND e.entity_id = …`, one lookup of the
    (trace_code, entity) index. Going down the row's node receives from its parent; going up the row's
    node sent to its parent. A start row (depth 0) "receives" what it produced."""
    if direction == "down":
        rc, ri, rn = "w.code", "w.hid", "w.hname"
        sc, si, sn = "w.pcode", "w.pid", "w.pname"
    else:
        rc, ri, rn = "COALESCE(w.pcode, w.code)", "COALESCE(w.pid, w.hid)", "w.pname"
        sc, si, sn = "w.code", "w.hid", "w.hname"
    received = f"""e.trace_code = {rc} AND e.entity_id = {ri} AND (
            (e.kind = '购进' AND {sc} = {rc} AND (e.counterparty_id = {si}
                OR ({si} IS NULL AND e.counterparty_id IS NULL AND e.counterparty_name = {sn})))
            OR (e.kind = '生产' AND (w.depth = 0 OR (e.source_code = {sc} AND {sc} <> {rc}))))"""
    sent = f"""e.trace_code = {rc} AND e.entity_id = {si} AND e.kind = '销售' AND {sc} = {rc}
            AND (e.counterparty_id = {ri} OR ({ri} IS NULL AND e.counterparty_id IS NULL
                 AND e.counterparty_name = {rn}))"""
    return received, sent


def _start_sql(n_codes: int, n_holders: int) -> str:
    """Anchor rows: the given holders of the units, or every root of each unit: its producers or, for a
    unit whose 生产 was not recorded, each holder that passed it on without having received it."""
    codes = ", ".join(["%s"] * n_codes)
    if n_holders:
        holders = ", ".join(["%s"] * n_holders)
        return f"""SELECT CAST(e.trace_code AS TEXT) AS code, e.entity_id AS hid, CAST('' AS TEXT) AS hname
                   FROM {TABLE} e WHERE e.trace_code IN ({codes}) AND e.entity_id IN ({holders})
                   UNION
                   SELECT CAST(e.trace_code AS TEXT), e.counterparty_id, CAST('' AS TEXT)
                   FROM {TABLE} e WHERE e.trace_code IN ({codes}) AND e.counterparty_id IN ({holders})"""
    sender = "CASE WHEN e.kind = '销售' THEN e.entity_id ELSE e.counterparty_id END"
    return f"""SELECT CAST(e.trace_code AS TEXT) AS code, e.entity_id AS hid, CAST('' AS TEXT) AS hname
               FROM {TABLE} e WHERE e.trace_code IN ({codes}) AND e.kind = '生产'
               UNION
               SELECT CAST(e.trace_code AS TEXT), {sender},
                      CAST(CASE WHEN e.kind = '购进' AND e.counterparty_id IS NULL THEN e.counterparty_name
                                ELSE '' END AS TEXT)
               FROM {TABLE} e
               WHERE e.trace_code IN ({codes}) AND e.kind IN ('销售', '购进')
                 AND e.trace_code NOT IN (SELECT p.trace_code FROM {TABLE} p
                                          WHERE p.trace_code IN ({codes}) AND p.kind = '生产')
                 AND (e.kind = '销售' OR e.counterparty_id IS NOT NULL OR e.counterparty_name <> '')
                 AND NOT EXISTS (SELECT 1 FROM {TABLE} r WHERE r.trace_code = e.trace_code AND (
                     (r.kind IN ('生产', '购进') AND r.entity_id = {sender})
                     OR (r.kind = '销售' AND r.counterparty_id = {sender})))"""


def walk(direction: str, trace_codes, holder_ids=None) -> list[TreeRow]:
    """Rows of the 追踪 ("down") or 溯源 ("up") tree of the units, ordered as an indented tree
    (by path). Depth 0 are the start nodes: the given holders of the units, else the units' roots."""
    codes = sorted({c for c in trace_codes if c})
    if not codes:
        return []
    side = _FORWARD if direction == "down" else _BACKWARD
    ids = sorted({int(i) for i in holder_ids or ()})
    start = _start_sql(len(codes), len(ids))
    params: list = (codes + ids) * 2 if ids else codes * 3
    received, sent = _edge_sql(direction)
    sql = f"""
        WITH RECURSIVE w(code, hid, hname, depth, pcode, pid, pname) AS (
            SELECT s.code, s.hid, s.hname, 0, CAST(NULL AS TEXT), CAST(NULL AS BIGINT), CAST('' AS TEXT)
            FROM ({start}) s
            UNION
            SELECT CAST({side['code']} AS TEXT), {side['hid']}, CAST({side['hname']} AS TEXT), w.depth + 1,
                   w.code, w.hid, w.hname
            FROM w JOIN {TABLE} e ON ({side['join']})
            WHERE w.depth < {MAX_DEPTH}
        )
        SELECT w.code, w.hid, w.hname, w.depth, w.pcode, w.pid, w.pname,
               COALESCE((SELECT SUM(e.quantity) FROM {TABLE} e WHERE {received}),
                        (SELECT SUM(e.quantity) FROM {TABLE} e WHERE {sent})),
               COALESCE((SELECT MIN(e.occurred) FROM {TABLE} e WHERE {received}),
                        (SELECT MIN(e.occurred) FROM {TABLE} e WHERE {sent})),
               ent.name, ent.region_id
        FROM w LEFT JOIN {ENTITY_TABLE} ent ON ent.id = w.hid"""
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    return _as_tree(rows)


def _as_tree(rows) -> list[TreeRow]:
    """The walk's rows (one per node, parent and depth) in the order of an indented tree, each with its
    path from the start (node keys joined by "/"). A node already on its own path is not entered again:
    the depth cap ended the statement, this ends the tree (only a cycle that got past the refusal has one)."""
    children: dict[tuple, list] = {}
    starts = []
    for row in rows:
        code, hid, hname, depth, pcode, pid, pname = row[:7]
        if depth == 0:
            starts.append(row)
        else:
            children.setdefault((pcode, pid, pname or "", depth - 1), []).append(row)
    order = lambda r: (r[0], r[9] or r[2] or "", r[1] or 0)  # noqa: E731 - unit, name, id
    out: list[TreeRow] = []
    stack = [(r, ()) for r in sorted(starts, key=order, reverse=True)]
    while stack:
        row, above = stack.pop()
        code, hid, hname, depth, pcode, pid, pname, qty, first, name, region = row
        key = f"{code}@{hid if hid is not None else '~' + (hname or '')}"
        if key in above:
            continue
        path = (*above, key)
        out.append(TreeRow(code, hid, name if hid is not None else hname or "", depth, pcode, pid, pname or "",
                           "/".join(path), _decimal(qty), _day(first), region))
        below = children.get((code, hid, hname or "", depth), ())
        stack.extend((r, path) for r in sorted(below, key=order, reverse=True))
    return out


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])  # SQLite answers an aggregate of dates as text
