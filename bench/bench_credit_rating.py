"""Benchmark (issue 13, Speed): the built-in credit rating of every entity of a province, against a floor
measured in the same run.

Data: bench/gen_credit.py (1,000,000 entities, 500,000 marks, 200,000 inspections, 100,000 cases, 20,000
recognitions, 100,000 certifications, 5,000 blacklist entries, 10,000 pledges; cached between runs).
Measured, each QB_BENCH_REPEAT times (default 5), interleaved with the floors so load changes hit both:
- `grade_counts`: `credit.rating.grade_counts(D)` (the aggregate path of credit.grade.* and the dashboard)
  against FLOOR_COUNTS, one hand-written statement counting entities per region and grade;
- `rate`: `credit.rating.rate(D)` (a Rating per existing entity, sorted by USCC, no reasons) against
  FLOOR_ROWS, one hand-written statement computing every existing entity's score and grade, sorted by USCC;
- `rate_with_reasons`: `rate(D, with_reasons=True)` (the full result, a reason per record that moved a
  score) against the same FLOOR_ROWS.
Targets: ≤ 5 s and ≤ 2 × the floor (medians), on SQLite and PostgreSQL.
Correctness: the engine's score and grade of every entity against FLOOR_ROWS (mismatches counted; the
grade counts against FLOOR_COUNTS).

    python bench/run.py credit_rating                                     # SQLite /tmp/qb_bench_credit.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qb_bench_credit python bench/run.py credit_rating
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import credit_timing as timing  # noqa: E402
import gen_credit  # noqa: E402

TARGET_SECONDS = 5.0
TARGET_RATIO = 2.0

# The built-in scheme of credit.md written by hand: penalties per entity from failed inspections and cases in
# (W, D], capped bonuses from recognitions and certifications valid on D, grade D when listed on D. A
# recognition's entity is the mark's holder for a 商标 program: the recognitions ledger refuses a mark of
# another entity, so entity_id already is the holder.
_PARTS = """
WITH ins AS (
  SELECT entity_id AS id, SUM(CASE WHEN level IN ('国家', '省') THEN 10 ELSE 5 END) AS p
  FROM supervision_inspection WHERE conclusion = '不合格' AND sampled > %(w)s AND sampled <= %(d)s
  GROUP BY entity_id),
cas AS (
  SELECT party_id AS id, SUM(CASE WHEN transferred THEN 30 ELSE 15 END) AS p
  FROM supervision_case WHERE party_id IS NOT NULL AND opened > %(w)s AND opened <= %(d)s GROUP BY party_id),
rec AS (
  SELECT entity_id AS id, COUNT(*) AS n FROM registry_recognition
  WHERE year <= %(y)s AND (valid_until IS NULL OR valid_until >= %(d)s) GROUP BY entity_id),
cer AS (
  SELECT entity_id AS id, COUNT(*) AS n FROM registry_certification
  WHERE issued <= %(d)s AND expires >= %(d)s GROUP BY entity_id),
bl AS (
  SELECT DISTINCT entity_id AS id FROM supervision_blacklistentry
  WHERE listed <= %(d)s AND (removed IS NULL OR removed > %(d)s)),
scored AS (
  SELECT e.id, e.uscc, e.region_id,
         100 - COALESCE(ins.p, 0) - COALESCE(cas.p, 0) + {least}(15, 5 * COALESCE(rec.n, 0))
             + {least}(6, 2 * COALESCE(cer.n, 0)) AS score,
         bl.id IS NOT NULL AS listed
  FROM registry_entity e {noindex}
  LEFT JOIN ins ON ins.id = e.id LEFT JOIN cas ON cas.id = e.id LEFT JOIN rec ON rec.id = e.id
  LEFT JOIN cer ON cer.id = e.id LEFT JOIN bl ON bl.id = e.id
  WHERE (e.established IS NULL OR e.established <= %(d)s) AND (e.deregistered IS NULL OR e.deregistered > %(d)s)),
graded AS (
  SELECT id, uscc, region_id, score, CASE WHEN listed THEN 'D' WHEN score >= 95 THEN 'A' WHEN score >= 80 THEN 'B'
         WHEN score >= 60 THEN 'C' ELSE 'D' END AS grade FROM scored)
"""
FLOOR_ROWS = _PARTS + """SELECT g.id, g.uscc, r.code, g.score, g.grade FROM graded g
JOIN core_region r ON r.id = g.region_id ORDER BY {plus}g.uscc"""
FLOOR_COUNTS = _PARTS + "SELECT region_id, grade, COUNT(*) FROM graded GROUP BY region_id, grade"


def window_start(d: dt.date) -> dt.date:
    """Three years before D, the same calendar day (Feb 29 → Feb 28); written again, not imported."""
    return d.replace(year=d.year - 3, day=28) if (d.month, d.day) == (2, 29) else d.replace(year=d.year - 3)


def floor_sql(statement: str, vendor: str) -> str:
    """The statement for the vendor. On SQLite the entities are scanned (NOT INDEXED) and sorted ("+uscc"): that
    costs less than half of walking the USCC index (or the region/kind/established one) and fetching each row
    from it (0.9 s against 2.0 s of CPU for 890,000 rows)."""
    sqlite = vendor == "sqlite"
    return (statement.replace("{least}", "MIN" if sqlite else "LEAST").replace("{plus}", "+" if sqlite else "")
            .replace("{noindex}", "NOT INDEXED" if sqlite else ""))


def main(argv=None) -> dict:
    data = gen_credit.prepare()
    from django.core.cache import cache
    from django.db import connection

    from qualitybrand.credit import rating

    load_start = timing.load()
    d = gen_credit.AS_OF
    params = {"w": window_start(d), "d": d, "y": d.year}
    rows_sql, counts_sql = floor_sql(FLOOR_ROWS, connection.vendor), floor_sql(FLOOR_COUNTS, connection.vendor)

    def floor_rows():
        with connection.cursor() as cursor:
            cursor.execute(rows_sql, params)
            return cursor.fetchall()

    def floor_counts():
        with connection.cursor() as cursor:
            cursor.execute(counts_sql, params)
            return cursor.fetchall()

    n = timing.repeat()
    # One untimed round first: the database's page cache and Django's start-up are not the engine's cost.
    floor_counts(), rating.grade_counts(d)
    stats, last = timing.interleaved({
        "floor_counts": floor_counts,
        "grade_counts": lambda: rating.grade_counts(d),
        "floor_rows": floor_rows,
        "rate": lambda: rating.rate(d),
        "rate_with_reasons": lambda: rating.rate(d, with_reasons=True),
    }, n, before=cache.clear, connection=connection)

    # Correctness: every entity's score and grade, and the grade counts per region.
    floor = {row[0]: row for row in last["floor_rows"]}
    engine = {r.entity_id: r for r in last["rate_with_reasons"]}
    grade_mismatch = sum(1 for eid, r in engine.items() if eid in floor and floor[eid][4] != r.grade)
    score_mismatch = sum(1 for eid, r in engine.items() if eid in floor and floor[eid][3] != r.score)
    order_same = [r.uscc for r in last["rate_with_reasons"]] == [row[1] for row in last["floor_rows"]]
    floor_count = {(region, grade): count for region, grade, count in last["floor_counts"]}
    engine_count = {(region, grade): count for region, grades in last["grade_counts"].items()
                    for grade, count in grades.items() if count}
    reasons = sum(len(r.reasons) for r in last["rate_with_reasons"])
    result = {
        "database": connection.vendor, "db_version": timing.database_version(connection),
        "as_of": d.isoformat(), "repeat": n, "load_average_start": load_start, "load_average_end": timing.load(),
        "data": data,
        "seconds": stats,
        "grade_counts": timing.verdict(stats["grade_counts"], stats["floor_counts"], TARGET_SECONDS, TARGET_RATIO),
        "rate": timing.verdict(stats["rate"], stats["floor_rows"], TARGET_SECONDS, TARGET_RATIO),
        "rate_with_reasons": timing.verdict(stats["rate_with_reasons"], stats["floor_rows"], TARGET_SECONDS,
                                            TARGET_RATIO),
        "correctness": {
            "entities_rated": len(engine), "entities_floor": len(floor),
            "missing_in_engine": len(floor.keys() - engine.keys()), "extra_in_engine": len(engine.keys() - floor.keys()),
            "grade_mismatches": grade_mismatch, "score_mismatches": score_mismatch, "same_uscc_order": order_same,
            "grade_count_mismatches": sum(1 for key in floor_count.keys() | engine_count.keys()
                                          if floor_count.get(key, 0) != engine_count.get(key, 0)),
            "grades": dict(sorted(Counter(r.grade for r in engine.values()).items())),
            "reasons": reasons,
        },
    }
    result["meets_targets"] = all(result[k]["meets_seconds"] and result[k]["meets_ratio"]
                                  for k in ("grade_counts", "rate", "rate_with_reasons"))
    return result


if __name__ == "__main__":
    import json

    os.environ.setdefault("QB_BENCH_REPEAT", "5")
    print(json.dumps(main(sys.argv[1:]), ensure_ascii=False, indent=2, default=str))
