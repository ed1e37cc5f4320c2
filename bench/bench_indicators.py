"""Benchmark: the whole indicator catalog for every region for one year, against a floor of one
hand-written SQL query per indicator measured in the same run.

Targets (issue 4): engine ≤ 3 s and ≤ 1.5 × floor, at 1,000,000 entities, 500,000 trademarks,
200,000 inspections, 100,000 patents and proportionate other ledgers over 12 counties.

    python bench/run.py indicators                    # SQLite file /tmp/qb_bench_indicators.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qb_bench python bench/run.py indicators
QB_BENCH_SCALE (default 1) scales the generated data; the data is generated once per database.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

VALID_ENTITY = "(established IS NULL OR established <= %(d)s) AND (deregistered IS NULL OR deregistered > %(d)s)"
VALID_TM = "registered <= %(d)s AND (expires IS NULL OR expires >= %(d)s) AND (cancelled IS NULL OR cancelled > %(d)s)"
IN = "{f} >= %(s)s AND {f} <= %(d)s"


def _count(table: str, where: str) -> str:
    return f"SELECT region_id, COUNT(*) FROM {table} WHERE {where} GROUP BY region_id"


def _rate(table: str, where: str, num: str) -> str:
    return (f"SELECT region_id, SUM(CASE WHEN {num} THEN 1 ELSE 0 END), COUNT(*) FROM {table} WHERE {where} "
            f"GROUP BY region_id")


def floor_queries(program_ids: dict[str, int]) -> dict[str, str]:
    """One hand-written SQL query per indicator (grouped by region; pooling is not part of the floor)."""
    e, t, p = "registry_entity", "registry_trademark", "registry_patent"
    i, c = "supervision_inspection", "supervision_case"
    q = {
        "entity.count": _count(e, VALID_ENTITY),
        "entity.enterprises": _count(e, VALID_ENTITY + " AND kind = '企业'"),
        "entity.new": _count(e, IN.format(f="established")),
        "tm.applications": _count(t, IN.format(f="applied")),
        "tm.registrations": _count(t, IN.format(f="registered")),
        "tm.valid": _count(t, VALID_TM),
        "tm.per100": f"SELECT a.region_id, a.n, b.n FROM (SELECT region_id, COUNT(*) n FROM {t} WHERE {VALID_TM} "
                     f"GROUP BY region_id) a LEFT JOIN (SELECT region_id, COUNT(*) n FROM {e} WHERE {VALID_ENTITY} "
                     f"GROUP BY region_id) b ON a.region_id = b.region_id",
        "tm.owner_rate": f"SELECT x.region_id, x.n, y.n FROM (SELECT h.region_id, COUNT(DISTINCT tm.holder_id) n "
                         f"FROM {t} tm JOIN {e} h ON h.id = tm.holder_id WHERE tm.registered <= %(d)s AND "
                         f"(tm.expires IS NULL OR tm.expires >= %(d)s) AND (tm.cancelled IS NULL OR tm.cancelled > "
                         f"%(d)s) AND h.kind = '企业' AND (h.established IS NULL OR h.established <= %(d)s) AND "
                         f"(h.deregistered IS NULL OR h.deregistered > %(d)s) GROUP BY h.region_id) x LEFT JOIN "
                         f"(SELECT region_id, COUNT(*) n FROM {e} WHERE {VALID_ENTITY} AND kind = '企业' "
                         f"GROUP BY region_id) y ON x.region_id = y.region_id",
        "tm.gi": _count(t, VALID_TM + " AND is_gi"),
        "tm.gi.new": _count(t, "is_gi AND " + IN.format(f="registered")),
        "tm.madrid": _count(t, VALID_TM + " AND madrid_number <> '' AND madrid_date <= %(d)s"),
        "tm.madrid.new": _count(t, IN.format(f="madrid_date")),
        "patent.applications": _count(p, IN.format(f="filed")),
        "patent.invention_applications": _count(p, IN.format(f="filed") + " AND patent_type = '发明'"),
        "patent.invention_share": _rate(p, IN.format(f="filed"), "patent_type = '发明'"),
        "patent.service_share": _rate(p, IN.format(f="filed"), "is_service"),
        "patent.grants": _count(p, IN.format(f="granted")),
        "patent.invention_valid": _count(p, "patent_type = '发明' AND granted <= %(d)s AND legal_status = '有效'"),
        "patent.invention_per10k_pop": _count(p, "patent_type = '发明' AND granted <= %(d)s AND legal_status = '有效'"),
        "cert.valid": _count("registry_certification", "issued <= %(d)s AND expires >= %(d)s"),
        "std.published": _count("registry_standard", IN.format(f="published")),
        "std.adopted_intl": _count("registry_standard", IN.format(f="published") + " AND work_type = '采用国际标准'"),
        "insp.batches": _count(i, IN.format(f="sampled")),
        "insp.passed": _count(i, IN.format(f="sampled") + " AND conclusion = '合格'"),
        "insp.pass_rate": _rate(i, IN.format(f="sampled"), "conclusion = '合格'"),
        "insp.failed_entities": f"SELECT region_id, COUNT(DISTINCT entity_id) FROM {i} WHERE "
                                f"{IN.format(f='sampled')} AND conclusion = '不合格' GROUP BY region_id",
        "incident.count": _count("supervision_incident", IN.format(f="occurred")),
        "incident.serious": _count("supervision_incident", IN.format(f="occurred")
                                   + " AND grade IN ('较大', '重大', '特别重大')"),
        "incident.major": _count("supervision_incident", IN.format(f="occurred") + " AND grade IN ('重大', '特别重大')"),
        "case.opened": _count(c, IN.format(f="opened")),
        "case.closed": _count(c, IN.format(f="closed")),
        "case.goods_value": f"SELECT region_id, SUM(goods_value) FROM {c} WHERE {IN.format(f='opened')} GROUP BY region_id",
        "case.fines": f"SELECT region_id, SUM(fines) FROM {c} WHERE {IN.format(f='closed')} GROUP BY region_id",
        "case.transferred": _count(c, IN.format(f="opened") + " AND transferred"),
        "case.tm_infringement": _count(c, IN.format(f="opened") + " AND case_type = '商标侵权'"),
        "pledge.count": _count("registry_pledge", IN.format(f="registered")),
        "pledge.amount": f"SELECT region_id, SUM(amount) FROM registry_pledge WHERE {IN.format(f='registered')} "
                         f"GROUP BY region_id",
        "pledge.outstanding": "SELECT region_id, SUM(amount) FROM registry_pledge WHERE registered <= %(d)s AND "
                              "expires > %(d)s GROUP BY region_id",
        "service.person_times": f"SELECT region_id, SUM(person_times) FROM registry_service WHERE "
                                f"{IN.format(f='date')} GROUP BY region_id",
        "service.problems": f"SELECT region_id, SUM(problems) FROM registry_service WHERE {IN.format(f='date')} "
                            f"GROUP BY region_id",
        "service.entities": f"SELECT region_id, COUNT(DISTINCT entity_id) FROM registry_service WHERE "
                            f"{IN.format(f='date')} GROUP BY region_id",
        "publicity.count": _count("registry_publicity", IN.format(f="date")),
    }
    q["tm.per10k"] = q["tm.per100"]
    from qualitybrand.registry.choices import CERT_TYPE_SLUGS, INSPECTION_LEVEL_SLUGS, STANDARD_LEVEL_SLUGS

    for slug, label in CERT_TYPE_SLUGS.items():
        q[f"cert.valid.{slug}"] = _count("registry_certification",
                                         f"issued <= %(d)s AND expires >= %(d)s AND cert_type = '{label}'")
    for slug, label in STANDARD_LEVEL_SLUGS.items():
        q[f"std.published.{slug}"] = _count("registry_standard", IN.format(f="published") + f" AND level = '{label}'")
    for slug, label in INSPECTION_LEVEL_SLUGS.items():
        q[f"insp.{slug}.batches"] = _count(i, IN.format(f="sampled") + f" AND level = '{label}'")
        q[f"insp.{slug}.pass_rate"] = _rate(i, IN.format(f="sampled") + f" AND level = '{label}'",
                                            "conclusion = '合格'")
    r = "registry_recognition"
    for code, pk in program_ids.items():
        valid = f"program_id = {pk} AND year <= %(y)s AND (valid_until IS NULL OR valid_until >= %(d)s)"
        q[f"rec.valid.{code}"] = _count(r, valid)
        q[f"rec.new.{code}"] = _count(r, f"program_id = {pk} AND year = %(y)s")
        q[f"rec.share.{code}"] = _count(r, valid)
    return q


def reported_floor(code: str) -> str:
    return ("SELECT region_id, value FROM indicators_indicatorvalue WHERE status = '审核通过' AND year = %(y)s "
            f"AND code = '{code}'")


# Indexes the registry models should carry (see the closing report); applied with QB_BENCH_INDEXES=1.
RECOMMENDED_INDEXES = [
    "CREATE INDEX IF NOT EXISTS qb_bench_entity_cover ON registry_entity (region_id, kind, established, deregistered)",
    "CREATE INDEX IF NOT EXISTS qb_bench_tm_holder_valid ON registry_trademark (holder_id, registered, expires, "
    "cancelled)",
]


def _setup() -> str:
    sys.path.insert(0, str(HERE.parent / "src"))
    sys.path.insert(0, str(HERE.parent))
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/qb_bench_indicators.sqlite3")
    os.environ.setdefault("QB_DATA_DIR", "/tmp/qb_bench_data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def main(argv=None) -> dict:
    vendor = _setup()
    from django.core.cache import cache
    from django.db import connection

    from qualitybrand.indicators import catalog
    from qualitybrand.indicators.engine import compute
    from qualitybrand.indicators.periods import Period
    from qualitybrand.registry.models import Entity, Program

    generated = None
    if not Entity.objects.exists():
        sys.path.insert(0, str(HERE))
        from gen_indicators import generate

        generated = generate(float(os.environ.get("QB_BENCH_SCALE", "1")))
    with_indexes = os.environ.get("QB_BENCH_INDEXES") == "1"
    if with_indexes:
        with connection.cursor() as cursor:
            for sql in RECOMMENDED_INDEXES:
                cursor.execute(sql)
            cursor.execute("ANALYZE")
    period = Period.year(2013)
    specs = catalog.all_specs()
    codes = [s.code for s in specs]
    n_regions = connection.cursor().execute("SELECT COUNT(*) FROM core_region").fetchone()[0] \
        if vendor == "sqlite" else None

    engine_times = []
    for _ in range(3):
        cache.clear()
        started = time.perf_counter()
        values = compute(None, period)
        engine_times.append(time.perf_counter() - started)
    cache.clear()

    queries = floor_queries(dict(Program.objects.values_list("code", "id")))
    params = {"s": period.start, "d": period.end, "y": period.end.year}
    floor_times = []
    for _ in range(3):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for spec in specs:
                sql = queries.get(spec.code) or (reported_floor(spec.code) if spec.source == "reported" else None)
                if sql is None:
                    continue
                cursor.execute(sql, params)
                cursor.fetchall()
        floor_times.append(time.perf_counter() - started)
    engine, floor = min(engine_times), min(floor_times)
    result = {
        "database": vendor, "recommended_indexes": with_indexes, "load_average": os.getloadavg()[0],
        "indicators": len(codes), "regions": n_regions, "values": len(values),
        "entities": Entity.objects.count(), "engine_seconds": [round(t, 3) for t in engine_times],
        "engine_best": round(engine, 3), "engine_median": round(statistics.median(engine_times), 3),
        "floor_seconds": [round(t, 3) for t in floor_times], "floor_best": round(floor, 3),
        "ratio_best": round(engine / floor, 3), "target_seconds": 3.0, "target_ratio": 1.5,
        "meets_targets": engine <= 3.0 and engine <= 1.5 * floor,
    }
    if generated:
        result["generated"] = generated
    print(result)
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
