"""One statement for a family's query over several periods (the dashboard asks the engine for a year, the
same span a year before and five years of trends: seven engine calls, the same families each time).

Inside a request scope that names the years of the page (`cache.request_scope(years=...)`), every
(family, period) the engine reads is noted, relative to the last year; at the end of the scope that set
is remembered (per process) for scopes of the same shape and first period. The next time, the first
time a family is needed it is computed for every period it was needed for last time, in one statement:
when the periods' queries read the same rows (the period only in the aggregates' filters: entities,
trademarks, patents), one grouped query with every period's aggregates side by side (one pass over the
table); else a `UNION ALL` of the periods' queries (each part exactly the single-period query, tagged
with its period's index). The results wait in the scope's memo for the later engine calls. The first
page after a start (or after the page changed what it asks for) runs a statement per family and
period, as without a scope.

How: the family function runs once per period in "record" mode, where `engine._grouped` returns no rows
and notes its queryset; the k-th noted querysets of all periods are run as one; then the family
function runs again per period in "replay" mode, where `_grouped` returns that period's rows. The
family's own Python (pooling keys, slugs) is thus unchanged. Families that do not read through
`_grouped` (the raw SQL of `tm_owner`) are computed one period at a time.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import threading

from django.db import connection
from django.db.models import IntegerField, Value

from qualitybrand.indicators import cache as shared_cache
from qualitybrand.indicators.periods import Period

current: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar("qb_indicator_batch", default=None)
NOT_BATCHED = {"tm_owner", "credit"}  # neither reads through `engine._grouped`
TAG = "qb_period"


class _Batch:
    def __init__(self):
        self.replay: list[list[dict]] | None = None
        self.noted: list[tuple] = []

    def grouped(self, qs, group, aggregates) -> list[dict]:
        if self.replay is None:
            self.noted.append((qs, list(group), dict(aggregates)))
            return []
        return self.replay.pop(0)


def batched(family: str, periods: list[Period], tree) -> list[dict]:
    """The family's metrics for each period, its grouped queries run once for all periods."""
    from qualitybrand.indicators.engine import FAMILIES

    function = FAMILIES[family]
    if len(periods) == 1:
        return [function(periods[0], tree)]
    recorders = []
    for period in periods:
        recorder = _Batch()
        token = current.set(recorder)
        try:
            function(period, tree)
        finally:
            current.reset(token)
        recorders.append(recorder)
    shapes = {len(r.noted) for r in recorders}
    if len(shapes) != 1:  # a family whose queries differ by period: one period at a time
        return [function(p, tree) for p in periods]
    per_period: list[list[list[dict]]] = [[] for _ in periods]
    for k in range(shapes.pop()):
        noted = [recorder.noted[k] for recorder in recorders]
        rows_by_period = _one_scan(noted) if _same_rows(noted) else _united(noted)
        for i, rows in enumerate(rows_by_period):
            per_period[i].append(rows)
    out = []
    for period, recorder, replay in zip(periods, recorders, per_period):
        recorder.replay = replay
        token = current.set(recorder)
        try:
            out.append(function(period, tree))
        finally:
            current.reset(token)
    return out


def _same_rows(noted: list[tuple]) -> bool:
    """Whether the periods' queries read the same rows (the period only in their aggregates' filters)."""
    first = noted[0][0].query.sql_with_params()
    return all(qs.query.sql_with_params() == first and group == noted[0][1] for qs, group, _ in noted[1:])


def _one_scan(noted: list[tuple]) -> list[list[dict]]:
    """One grouped query with every period's aggregates side by side (one pass over the rows)."""
    qs, group, _ = noted[0]
    wide = {f"{name}_{TAG}{i}": aggregate for i, (_, _, aggregates) in enumerate(noted)
            for name, aggregate in aggregates.items()}
    rows = list(qs.order_by().values(*group).annotate(**wide))
    out = []
    for i, (_, _, aggregates) in enumerate(noted):
        out.append([{**{g: row[g] for g in group}, **{name: row[f"{name}_{TAG}{i}"] for name in aggregates}}
                    for row in rows])
    return out


def _united(noted: list[tuple]) -> list[list[dict]]:
    """The periods' queries in one UNION ALL, each part tagged with its period's index."""
    parts = []
    for i, (qs, group, aggregates) in enumerate(noted):
        parts.append(qs.order_by().annotate(**{TAG: Value(i, output_field=IntegerField())})
                     .values(*group, TAG).annotate(**aggregates))
    rows = list(parts[0].union(*parts[1:], all=True))
    return [[row for row in rows if row[TAG] == i] for i in range(len(noted))]


# What a page asked for, relative to its last year, by the years it named: (family, period) pairs.
_learned: dict[tuple, frozenset] = {}


def _relative(period: Period, last: int) -> tuple:
    return (period.start.year - last, period.start.month, period.start.day,
            period.end.year - last, period.end.month, period.end.day)


def _absolute(rel: tuple, last: int) -> Period | None:
    try:
        return Period(dt.date(rel[0] + last, rel[1], rel[2]), dt.date(rel[3] + last, rel[4], rel[5]))
    except ValueError:  # 29 February in another year
        return None


def _shape(years: tuple) -> tuple:
    return tuple(y - years[-1] for y in years)


def learn(memo: dict) -> None:
    """At the end of a scope: remember which families it needed for which periods, by the shape of its
    years and its first period (a page for the current year, counted up to today, asks for other
    periods than a page for a past year)."""
    years = memo.get("years")
    if years and memo.get("requested"):
        _learned[(_shape(years), memo["first"])] = frozenset(memo["requested"])


# A family's own values per region id, for a period and a data version, kept by the process across
# requests: a family's own value of a region does not depend on the tree it was read for (narrowing a
# query to a subtree is only an optimisation, and pooling reads only the tree's regions), so a county's
# page takes its regions' values from the city page's read, and a page of another year the periods it
# shares with pages already built (the trend years). Only the current data version is kept.
_across: dict[tuple, list[tuple[frozenset, dict]]] = {}
_across_version: list = [None]
_across_lock = threading.Lock()


def _from_across(version, family: str, period: Period, tree) -> dict | None:
    with _across_lock:
        if _across_version[0] != version:
            return None
        for ids, metrics in _across.get((family, period.start, period.end), ()):
            if tree.ids <= ids:
                if len(ids) == len(tree.ids):
                    return metrics
                return {code: {rid: v for rid, v in own.items() if rid in tree.ids} for code, own in metrics.items()}
    return None


def _to_across(version, family: str, period: Period, tree, metrics: dict) -> None:
    with _across_lock:
        if _across_version[0] != version:
            _across.clear()
            _across_version[0] = version
        entries = _across.setdefault((family, period.start, period.end), [])
        ids = frozenset(tree.ids)
        if not any(ids <= held for held, _ in entries):
            entries[:] = [(held, m) for held, m in entries if not held <= ids] + [(ids, metrics)]


def family_values(family: str, period: Period, tree) -> dict[str, dict]:
    """The family's own values per region for the period. In a request scope through its memo; the first
    time, together with every other period the same page needed for this family last time (learned at
    the end of each scope), in one statement."""
    from qualitybrand.indicators.engine import FAMILIES

    memo = shared_cache.scope()
    if memo is None:
        return FAMILIES[family](period, tree)
    years = memo.get("years") or ()
    if years:
        relative = _relative(period, years[-1])
        if memo.get("first") is None:
            memo["first"] = relative
        memo["requested"].add((family, relative))
    store = memo.setdefault("families", {})
    key = (family, period.start, period.end, tree.key)
    version = shared_cache.data_version() if memo.get("across", True) else None
    if key not in store and version is not None and not connection.in_atomic_block:
        found = _from_across(version, family, period, tree)
        if found is not None:
            store[key] = found
    if key not in store:
        periods = [period]
        if years and family not in NOT_BATCHED:
            for learned_family, rel in sorted(_learned.get((_shape(years), memo["first"]), ())):
                other = _absolute(rel, years[-1]) if learned_family == family else None
                if other is None or other in periods or (family, other.start, other.end, tree.key) in store:
                    continue
                held = (_from_across(version, family, other, tree)
                        if version is not None and not connection.in_atomic_block else None)
                if held is not None:  # read by an earlier page of this data version
                    store[(family, other.start, other.end, tree.key)] = held
                else:
                    periods.append(other)
        for p, metrics in zip(periods, batched(family, periods, tree)):
            store[(family, p.start, p.end, tree.key)] = metrics
            if version is not None and not connection.in_atomic_block:  # never what may roll back
                _to_across(version, family, p, tree, metrics)
    return store[key]
