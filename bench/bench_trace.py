"""Benchmark (issue 14): 追踪 from one batch to its whole downstream tree, on 1,000,000 trace events.

Data: bench/gen_trace.py (cached between runs). Measured for several start batches (plain ones and batches
that were processed into later units), each QB_BENCH_REPEAT times (default 5), interleaved with the floor:
- `downstream`: `tracing.selectors.downstream([code])` — one Holder per (unit, holder) with depth, parent,
  quantity, first date, name and region (one recursive CTE + one query for the names);
- `tree`: `tracing.trees.walk("down", [code])` — the tree page's rows (every path, in tree order);
- the floor: FLOOR, a hand-written recursive CTE over the same edges (销售, 购进, processing) giving each
  reached (unit, holder) with its smallest depth and its received quantity and first date.
Targets: ≤ 50 ms median and ≤ 2 × the floor (medians), on SQLite and PostgreSQL.
Correctness: the holders (unit, holder, depth) of `downstream` against the floor's (mismatches counted).

    python bench/run.py trace                                              # SQLite /tmp/qb_bench_trace.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qb_bench_trace python bench/run.py trace
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import credit_timing as timing  # noqa: E402
import gen_trace  # noqa: E402

TARGET_SECONDS = 0.050
TARGET_RATIO = 2.0

# By hand, the same holders: nodes (unit, holder) reached from the unit's producer through 销售 (to the buyer),
# 购进 (by the buyer) and 生产 with the unit as input (to the new unit at the processor); UNION stops
# duplicates, the depth cap stops loops. Then each node's smallest depth, its name and region, and what it
# received: its own records (购进, 生产) when it has them, else its sellers' 销售 — quantity and first date.
FLOOR = """
WITH RECURSIVE t(code, hid, hname, depth) AS (
  SELECT CAST(trace_code AS TEXT), entity_id, CAST('' AS TEXT), 0
  FROM tracing_traceevent WHERE trace_code = %s AND kind = '生产'
  UNION
  SELECT CAST(e.trace_code AS TEXT),
         CASE WHEN e.kind = '销售' THEN e.counterparty_id ELSE e.entity_id END,
         CAST(CASE WHEN e.kind = '销售' AND e.counterparty_id IS NULL THEN e.counterparty_name ELSE '' END AS TEXT),
         t.depth + 1
  FROM t JOIN tracing_traceevent e ON
       (e.kind = '销售' AND e.trace_code = t.code AND e.entity_id = t.hid)
    OR (e.kind = '购进' AND e.trace_code = t.code AND e.counterparty_id = t.hid)
    OR (e.kind = '生产' AND e.source_code = t.code AND e.entity_id = t.hid)
  WHERE t.depth < 32
),
n AS (SELECT code, hid, hname, MIN(depth) AS depth FROM t GROUP BY code, hid, hname)
SELECT n.code, n.hid, n.hname, n.depth, ent.name, ent.region_id,
  COALESCE((SELECT SUM(q.quantity) FROM tracing_traceevent q
            WHERE q.trace_code = n.code AND q.entity_id = n.hid AND q.kind IN ('购进', '生产')),
           (SELECT SUM(q.quantity) FROM tracing_traceevent q WHERE q.trace_code = n.code AND q.kind = '销售'
            AND (q.counterparty_id = n.hid OR (n.hid IS NULL AND q.counterparty_id IS NULL
                                               AND q.counterparty_name = n.hname)))),
  COALESCE((SELECT MIN(q.occurred) FROM tracing_traceevent q
            WHERE q.trace_code = n.code AND q.entity_id = n.hid AND q.kind IN ('购进', '生产')),
           (SELECT MIN(q.occurred) FROM tracing_traceevent q WHERE q.trace_code = n.code AND q.kind = '销售'
            AND (q.counterparty_id = n.hid OR (n.hid IS NULL AND q.counterparty_id IS NULL
                                               AND q.counterparty_name = n.hname))))
FROM n LEFT JOIN registry_entity ent ON ent.id = n.hid
"""


def start_codes(connection) -> list[str]:
    """Eight start batches: four plain units of different sizes and four that were processed further."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT source_code FROM tracing_traceevent WHERE kind = '生产' AND source_code <> '' "
                       "ORDER BY source_code")
        inputs = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT trace_code, COUNT(*) FROM tracing_traceevent WHERE trace_code IN "
                       "(SELECT trace_code FROM tracing_traceevent WHERE kind = '生产' AND id % 997 = 1) "
                       "GROUP BY trace_code ORDER BY trace_code")
        plain = [(c, n) for c, n in cursor.fetchall() if c not in set(inputs)]
    plain.sort(key=lambda cn: cn[1])
    picks = [plain[i * (len(plain) - 1) // 3][0] for i in range(4)] if len(plain) >= 4 else [c for c, _ in plain]
    step = max(len(inputs) // 4, 1)
    return picks + inputs[::step][:4]


def fine(times: list[float]) -> dict:
    """credit_timing.spread in microseconds' precision: these calls take milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, -(-95 * len(ordered) // 100) - 1))]
    return {"median": round(statistics.median(ordered), 6), "p95": round(p95, 6), "min": round(ordered[0], 6),
            "max": round(ordered[-1], 6), "runs": [round(t, 6) for t in times]}


def measured(named: dict, n: int, connection) -> tuple[dict, dict]:
    """credit_timing.interleaved (wall and CPU, the floor alternating with the engine), finely rounded."""
    walls = {k: [] for k in named}
    cpus = {k: [] for k in named}
    last = {}
    for _ in range(n):
        for name, fn in named.items():
            wall, cpu, last[name] = timing.timed(fn, connection)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {k: {"wall": fine(walls[k]), "cpu": fine(cpus[k])} for k in named}, last


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def main(argv) -> dict:
    info = gen_trace.prepare()
    from django.db import connection

    from qualitybrand.tracing import selectors
    from qualitybrand.tracing.trees import walk

    def floor(code):
        with connection.cursor() as cursor:
            cursor.execute(FLOOR, [code])
            return cursor.fetchall()

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tracing_traceevent")
        events = cursor.fetchone()[0]
    n = timing.repeat()
    load_before = timing.load()
    per_batch, mismatches = {}, 0
    all_engine, all_floor, all_tree, cpu_engine, cpu_floor = [], [], [], [], []
    for code in start_codes(connection):
        runs, last = measured({
            "downstream": lambda c=code: selectors.downstream([c]),
            "tree": lambda c=code: walk("down", [c]),
            "floor": lambda c=code: floor(c),
        }, n, connection)
        got = {(h.trace_code, h.entity_id, "" if h.entity_id else h.name, h.depth) for h in last["downstream"]}
        want = {(c, hid, hname or "", d) for c, hid, hname, d, *_ in last["floor"]}
        bad = len(got ^ want)
        mismatches += bad
        all_engine += runs["downstream"]["wall"]["runs"]
        all_tree += runs["tree"]["wall"]["runs"]
        all_floor += runs["floor"]["wall"]["runs"]
        cpu_engine += runs["downstream"]["cpu"]["runs"]
        cpu_floor += runs["floor"]["cpu"]["runs"]
        per_batch[code] = {
            "holders": len(last["downstream"]), "tree_rows": len(last["tree"]),
            "max_depth": max((h.depth for h in last["downstream"]), default=0),
            "units_reached": len({h.trace_code for h in last["downstream"]}), "mismatches": bad,
            "downstream": runs["downstream"], "tree": runs["tree"], "floor": runs["floor"],
            "ratio_median": ratio(runs["downstream"]["wall"]["median"], runs["floor"]["wall"]["median"]),
            "cpu_ratio_median": ratio(runs["downstream"]["cpu"]["median"], runs["floor"]["cpu"]["median"]),
        }
    engine, tree, fl = fine(all_engine), fine(all_tree), fine(all_floor)
    wall_ratio = ratio(engine["median"], fl["median"])
    cpu_e, cpu_f = fine(cpu_engine), fine(cpu_floor)
    return {
        "data": info, "events": events, "database_version": timing.database_version(connection),
        "repeat": n, "load_before": load_before, "load_after": timing.load(),
        "summary": {"downstream_median_s": engine["median"], "downstream_p95_s": engine["p95"],
                    "tree_median_s": tree["median"], "floor_median_s": fl["median"], "ratio_median": wall_ratio,
                    "downstream_cpu_median_s": cpu_e["median"], "floor_cpu_median_s": cpu_f["median"],
                    "cpu_ratio_median": ratio(cpu_e["median"], cpu_f["median"]),
                    "target_seconds": TARGET_SECONDS, "target_ratio": TARGET_RATIO,
                    "meets_seconds": engine["median"] <= TARGET_SECONDS,
                    "meets_ratio": wall_ratio is not None and wall_ratio <= TARGET_RATIO,
                    "every_batch_meets_seconds": all(b["downstream"]["wall"]["median"] <= TARGET_SECONDS
                                                     for b in per_batch.values()),
                    "mismatches": mismatches},
        "batches": per_batch,
    }
