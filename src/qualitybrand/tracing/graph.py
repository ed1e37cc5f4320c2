"""Cycle refusal: the edges of the units an event touches, so that a write never makes a unit flow
back to a holder it came from (A→B→A) nor a unit its own input (U made from V made from U).

One check for the import (a chunk's units loaded at once, the file's rows added as they pass) and
for the single writes of the form and the API. The walks (trees.py) guard against cycles anyway.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from qualitybrand.tracing.models import BUY, PRODUCE, SELL, TraceEvent


def node(entity_id, name: str = "") -> str:
    return f"#{entity_id}" if entity_id else f"~{name}"


def transfer_of(v: dict) -> tuple[str, str, str] | None:
    """(unit, from holder, to holder) of a 销售 / 购进 (model values), else None."""
    other = node(v.get("counterparty_id"), v.get("counterparty_name") or "")
    if other == "~":
        return None
    if v.get("kind") == SELL:
        return v["trace_code"], node(v["entity_id"]), other
    if v.get("kind") == BUY:
        return v["trace_code"], other, node(v["entity_id"])
    return None


def input_of(v: dict) -> tuple[str, str] | None:
    """(input unit, made unit) of a 生产 with a 投入追溯码, else None."""
    if v.get("kind") == PRODUCE and v.get("source_code"):
        return v["source_code"], v["trace_code"]
    return None


class Graph:
    """Edges by event number (a re-imported event replaces its own edge), adjacency with counts."""

    def __init__(self):
        self.edge: dict[str, tuple] = {}
        self.transfers: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        self.inputs: dict[str, Counter] = defaultdict(Counter)  # input unit -> units made from it
        self.units_loaded: set[str] = set()
        self.inputs_loaded: set[str] = set()

    # --- loading (one query per call, for many units) -----------------------------------------
    def load_units(self, codes) -> None:
        codes = {c for c in codes if c} - self.units_loaded
        if not codes:
            return
        self.units_loaded |= codes
        rows = (TraceEvent.objects.filter(trace_code__in=codes, kind__in=(SELL, BUY))
                .values("number", "kind", "trace_code", "entity_id", "counterparty_id", "counterparty_name"))
        for v in rows.iterator(chunk_size=5000):
            if v["number"] not in self.edge:
                self._put(v["number"], ("t", transfer_of(v)))

    def load_inputs_from(self, codes) -> None:
        """Every 生产 link downstream of the units (what was made from them, and from that …)."""
        todo = {c for c in codes if c} - self.inputs_loaded
        while todo:  # one query per level of processing, never per unit
            self.inputs_loaded |= todo
            rows = TraceEvent.objects.filter(kind=PRODUCE, source_code__in=todo).values(
                "number", "kind", "trace_code", "source_code")
            made = set()
            for v in rows:
                if v["number"] not in self.edge:
                    self._put(v["number"], ("i", input_of(v)))
                made.add(v["trace_code"])
            todo = made - self.inputs_loaded

    # --- edges ----------------------------------------------------------------------------------
    def _put(self, number: str, edge) -> None:
        old = self.edge.pop(number, None)
        if old is not None and old[1] is not None:
            self._count(old, -1)
        if edge[1] is not None:
            self.edge[number] = edge
            self._count(edge, 1)

    def _count(self, edge, n: int) -> None:
        kind, e = edge
        if kind == "t":
            counter = self.transfers[e[0]][e[1]]
            counter[e[2]] += n
            if counter[e[2]] <= 0:
                del counter[e[2]]
        else:
            self.inputs[e[0]][e[1]] += n
            if self.inputs[e[0]][e[1]] <= 0:
                del self.inputs[e[0]][e[1]]

    def add(self, number: str, values: dict) -> None:
        t, i = transfer_of(values), input_of(values)
        self._put(number, ("t", t) if t else ("i", i))

    def problem(self, number: str, values: dict) -> str | None:
        """The Chinese reason this event would close a cycle, or None. Needs its units loaded."""
        t = transfer_of(values)
        if t is not None:
            code, start, end = t
            if start == end:
                return "对方主体不能是本主体。"
            if self._reaches(self.transfers[code], end, start, skip=number, code=code):
                return f"该事件会使追溯码 {code} 的流向形成循环（对方已直接或间接从本主体得到该批次），未保存。"
        i = input_of(values)
        if i is not None:
            source, made = i
            if source == made:
                return "投入追溯码不能与本批次的追溯码相同。"
            self.load_inputs_from([made])
            if self._reaches(self.inputs, made, source, skip=number):
                return f"该事件会形成投入循环：追溯码 {source} 已直接或间接由 {made} 加工而来，未保存。"
        return None

    def _reaches(self, adj, start: str, goal: str, *, skip: str, code: str | None = None) -> bool:
        # The event's current edge (an update) does not count against itself.
        own = self.edge.get(skip)
        own = None if own is None or (own[0] == "t") != (code is not None) or (
            code is not None and own[1][0] != code) else own[1][-2:]
        seen, stack = {start}, [start]
        while stack:
            here = stack.pop()
            if code is None:
                self.load_inputs_from([here])
            for nxt in adj.get(here, ()):
                if own == (here, nxt) and adj[here][nxt] == 1:
                    continue
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False
