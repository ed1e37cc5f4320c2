"""Builds the traceability dataset of bench_trace (issue 14): 1,000,000 trace events at scale 1.

Shape (deterministic, the same on SQLite and PostgreSQL; a multiplicative hash of the row number as in
gen_credit.py, no random module):
- the real region tree of 甘肃省 and 50,000 entities weighted over its counties;
- 11,610 units (追溯码 TC0000001 …), each with a distribution tree of 8–127 holders shaped like a heap
  with a branching of 2, 3 or 4 (depth ≤ 6): node 0 is the producer (a 生产 event), node k > 0 bought
  from node (k − 1) / b; the holders of one unit are distinct entities (base + k × stride, stride coprime
  to the entity count), so no unit loops back;
- every edge is a 销售 of the seller; 30 % are also recorded as the buyer's 购进 (the same edge twice);
  10 % of the leaves are buyers known by name only (a market stall, no 购进);
- every 20th unit is processed: its producer is the first buyer of an earlier unit, and its 生产 event
  names that unit as 投入追溯码 (so 追踪 from the earlier batch reaches into the later one).

The database is separate (SQLite /tmp/qb_bench_trace.sqlite3, PostgreSQL qb_bench_trace on the server of
DATABASE_URL) and cached by VERSION and scale (table qb_bench_meta); QB_BENCH_REBUILD=1 rebuilds.

    python bench/gen_trace.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/gen_trace.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_credit  # noqa: E402  (its SQL helpers and region tree)

VERSION = "trace-2"
SQLITE_PATH = os.environ.get("QB_BENCH_TRACE_SQLITE", "/tmp/qb_bench_trace.sqlite3")
PG_NAME = os.environ.get("QB_BENCH_TRACE_PG_NAME", "qb_bench_trace")
N_ENTITIES = 50_000
N_UNITS = 11_610
MAX_NODES = 127
STRIDES = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67]  # coprime to 50,000
PRODUCTS = ["面粉", "食用油", "大米", "饼干", "奶粉", "白酒", "食醋", "挂面", "茶叶", "酱油"]


def scale() -> float:
    return float(os.environ.get("QB_BENCH_SCALE", "1"))


def _stamp() -> str:
    return f"{VERSION}:{scale()}"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return urlunparse(urlparse(url)._replace(path="/" + PG_NAME))
    return "sqlite:///" + SQLITE_PATH


def _reset_if_stale(url: str) -> bool:
    """Drop the benchmark database when another VERSION/scale built it; True when it is current."""
    force = os.environ.get("QB_BENCH_REBUILD") == "1"
    if url.startswith("sqlite"):
        import sqlite3

        path = Path(SQLITE_PATH)
        if path.exists() and not force:
            con = sqlite3.connect(path)
            try:
                row = con.execute("SELECT value FROM qb_bench_meta WHERE key = 'stamp'").fetchone()
            except sqlite3.Error:
                row = None
            con.close()
            if row and row[0] == _stamp():
                return True
        for suffix in ("", "-wal", "-shm"):
            Path(SQLITE_PATH + suffix).unlink(missing_ok=True)
        return False
    import psycopg

    admin = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as con:
        exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]).fetchone()
        if exists and not force:
            try:
                with psycopg.connect(url) as db:
                    row = db.execute("SELECT value FROM qb_bench_meta WHERE key = 'stamp'").fetchone()
            except psycopg.Error:
                row = None
            if row and row[0] == _stamp():
                return True
        if exists:
            con.execute(f"DROP DATABASE {PG_NAME} WITH (FORCE)")
        con.execute(f"CREATE DATABASE {PG_NAME}")
    return False


def prepare() -> dict:
    """Point Django at the benchmark database, migrate it, build the data when missing."""
    url = database_url()
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(HERE.parent / "src"))
    sys.path.insert(0, str(HERE.parent))
    os.environ.setdefault("QB_DATA_DIR", "/tmp/qb_bench_data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
    current = _reset_if_stale(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)  # also the index changes of later tracing migrations
    info = {"database": connection.vendor, "url": url.split("@")[-1], "stamp": _stamp()}
    if current:
        with connection.cursor() as cursor:
            cursor.execute("SELECT key, value FROM qb_bench_meta")
            meta = dict(cursor.fetchall())
        info.update(reused=True, build_seconds=float(meta.get("seconds", 0)), built_at=meta.get("built_at"),
                    events=int(meta.get("events", 0)))
        return info
    built = build()
    info.update(reused=False, build_seconds=built["seconds"], rows=built["rows"], events=built["rows"]["events"])
    return info


def build() -> dict:
    from django.db import connection, transaction

    from qualitybrand.core.changelog import bump_data_version

    s = scale()
    n_ent, n_units = max(int(N_ENTITIES * s), 1000), max(int(N_UNITS * s), 20)
    sql = gen_credit.Sql(connection.vendor)
    h = sql.h
    started = time.perf_counter()
    rows: dict[str, int] = {}

    def step(name: str, count: int) -> None:
        rows[name] = count
        print(f"  {name}: {count:,} ({time.perf_counter() - started:.1f}s)", flush=True)

    with transaction.atomic(), connection.cursor() as cursor:
        n_regions, n_slots = gen_credit._regions(cursor)
        step("regions", n_regions)
        gen_credit.insert_select(cursor, sql, "registry_entity", {
            "id": "x.i", "uscc": f"'91' || r.code || {sql.pad('x.i', 9)} || 'X'",
            "name": "'追溯企业' || x.i || '有限公司'", "kind": "'企业'", "industry_code": "'C'",
            "established": sql.day(gen_credit.AS_OF, f"- 4000 - {h(3, 3000)}"), "deregistered": "NULL",
            "scale": sql.pick(h(4, 4), ["大型", "中型", "小型", "微型"]), "region_id": "r.region_id",
        }, n_ent, joins=f"JOIN qb_bench_slot r ON r.slot = {h(0, n_slots)}")
        step("entities", n_ent)

        # Units: size, branching, holder stride and base, processing input.
        cursor.execute("CREATE TABLE qb_bench_unit (u INTEGER PRIMARY KEY, m INTEGER, b INTEGER, base INTEGER, "
                       "stride INTEGER, src INTEGER, producer INTEGER, d0 INTEGER)")
        strides = sql.pick(h(5, len(STRIDES)), [str(x) for x in STRIDES]).replace("'", "")
        gen_credit.insert_select(cursor, sql, "qb_bench_unit", {
            "u": "x.i", "m": f"8 + {h(6, MAX_NODES - 7)}", "b": f"2 + {h(7, 3)}", "base": h(8, n_ent),
            "stride": strides, "src": f"CASE WHEN x.i % 20 = 0 AND x.i > 200 THEN x.i - 1 - {h(9, 150)} END",
            "producer": "NULL", "d0": h(10, 500),
        }, n_units)
        holder = "(1 + (v.base + {k} * v.stride) % " + str(n_ent) + ")"
        # A processed unit is made by the first buyer (node 1) of its input unit.
        cursor.execute(f"UPDATE qb_bench_unit SET producer = (SELECT {holder.format(k=1)} FROM qb_bench_unit v "
                       f"WHERE v.u = qb_bench_unit.src) WHERE src IS NOT NULL")
        cursor.execute(f"UPDATE qb_bench_unit SET producer = 1 + base % {n_ent} WHERE producer IS NULL")
        # Nodes (u, k): holder entity, parent node, depth; node 0 is the producer. A holder equal to the
        # producer of a processed unit is moved past the unit's range so the holders stay distinct.
        cursor.execute("CREATE TABLE qb_bench_node (u INTEGER, k INTEGER, e INTEGER, pk INTEGER, depth INTEGER, "
                       "named INTEGER, PRIMARY KEY (u, k))")
        nodes = n_units * MAX_NODES
        depth = ("(CASE WHEN x.k = 0 THEN 0 WHEN x.k < 1 + v.b THEN 1 WHEN x.k < 1 + v.b + v.b * v.b THEN 2 "
                 "WHEN x.k < 1 + v.b * (1 + v.b * (1 + v.b)) THEN 3 "
                 "WHEN x.k < 1 + v.b * (1 + v.b * (1 + v.b * (1 + v.b))) THEN 4 "
                 "WHEN x.k < 1 + v.b * (1 + v.b * (1 + v.b * (1 + v.b * (1 + v.b)))) THEN 5 ELSE 6 END)")
        raw = holder.format(k="x.k")
        gen_credit.insert_select(cursor, sql, "qb_bench_node", {
            "u": "v.u", "k": "x.k",
            "e": f"(CASE WHEN x.k = 0 THEN v.producer WHEN {raw} = v.producer "
                 f"THEN {holder.format(k='(x.k + 200)')} ELSE {raw} END)",
            "pk": "(CASE WHEN x.k = 0 THEN NULL ELSE (x.k - 1) / v.b END)", "depth": depth,
            "named": f"(CASE WHEN x.k > 0 AND x.k * v.b + 1 >= v.m AND {h(11, 10, 'x.i')} = 0 THEN 1 ELSE 0 END)",
        }, nodes, extras={"uu": f"(1 + (x.i - 1) / {MAX_NODES})", "k": f"((x.i - 1) % {MAX_NODES})"},
            joins="JOIN qb_bench_unit v ON v.u = x.uu", where="x.k < v.m")
        cursor.execute("SELECT COUNT(*) FROM qb_bench_node")
        step("nodes", cursor.fetchone()[0])

        code = f"'TC' || {sql.pad('{u}', 7)}"
        product = sql.pick("({u} % 10)", PRODUCTS)
        common = ("id, region_id, number, kind, entity_id, product, batch, trace_code, counterparty_id, "
                  "counterparty_name, source_code, occurred, quantity, unit")
        # 生产: one per unit.
        cursor.execute(f"""INSERT INTO tracing_traceevent ({common})
            SELECT v.u, e.region_id, 'P' || {sql.pad('v.u', 8)}, '生产', v.producer, {product.format(u='v.u')},
                   '2013' || {sql.pad('v.u', 6)}, {code.format(u='v.u')}, NULL, '',
                   COALESCE({code.format(u='v.src')}, ''), {sql.day(dt_base(), 'v.d0')}, 10000, '件'
            FROM qb_bench_unit v JOIN registry_entity e ON e.id = v.producer""")
        # 销售: one per edge (parent node → node); a named leaf is a stall without an entity.
        offset = n_units
        cursor.execute(f"""INSERT INTO tracing_traceevent ({common})
            SELECT {offset} + n.u * {MAX_NODES} + n.k, e.region_id, 'S' || {sql.pad(f'n.u * {MAX_NODES} + n.k', 9)},
                   '销售', p.e, {product.format(u='n.u')}, '2013' || {sql.pad('n.u', 6)}, {code.format(u='n.u')},
                   CASE WHEN n.named = 1 THEN NULL ELSE n.e END,
                   CASE WHEN n.named = 1 THEN '个体摊位' || n.u || '-' || n.k ELSE '' END, '',
                   {sql.day(dt_base(), 'v.d0 + 3 * n.depth + n.k % 3')}, 10 + (n.u * 31 + n.k * 17) % 500, '件'
            FROM qb_bench_node n JOIN qb_bench_unit v ON v.u = n.u
            JOIN qb_bench_node p ON p.u = n.u AND p.k = n.pk JOIN registry_entity e ON e.id = p.e
            WHERE n.k > 0""")
        # 购进: 30 % of the edges to registered buyers, recorded by the buyer as well.
        offset2 = offset + (n_units + 1) * MAX_NODES
        cursor.execute(f"""INSERT INTO tracing_traceevent ({common})
            SELECT {offset2} + n.u * {MAX_NODES} + n.k, e.region_id, 'B' || {sql.pad(f'n.u * {MAX_NODES} + n.k', 9)},
                   '购进', n.e, {product.format(u='n.u')}, '2013' || {sql.pad('n.u', 6)}, {code.format(u='n.u')},
                   p.e, '', '', {sql.day(dt_base(), 'v.d0 + 3 * n.depth + n.k % 3 + 1')},
                   10 + (n.u * 31 + n.k * 17) % 500, '件'
            FROM qb_bench_node n JOIN qb_bench_unit v ON v.u = n.u
            JOIN qb_bench_node p ON p.u = n.u AND p.k = n.pk JOIN registry_entity e ON e.id = n.e
            WHERE n.k > 0 AND n.named = 0 AND (n.u * 7 + n.k * 13) % 10 < 3""")
        cursor.execute("SELECT COUNT(*) FROM tracing_traceevent")
        step("events", cursor.fetchone()[0])
        cursor.execute("DROP TABLE qb_bench_node")
        cursor.execute("DROP TABLE qb_bench_unit")
        cursor.execute("DROP TABLE qb_bench_slot")
        if sql.pg:
            _reset_sequences()
        bump_data_version()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        seconds = round(time.perf_counter() - started, 1)
        cursor.execute("CREATE TABLE IF NOT EXISTS qb_bench_meta (key VARCHAR(40) PRIMARY KEY, value TEXT)")
        cursor.execute("DELETE FROM qb_bench_meta")
        cursor.executemany("INSERT INTO qb_bench_meta (key, value) VALUES (%s, %s)",
                           [("stamp", _stamp()), ("seconds", str(seconds)), ("events", str(rows["events"])),
                            ("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])
    return {"rows": rows, "seconds": seconds}


def dt_base():
    import datetime as dt

    return dt.date(2013, 1, 1)


def _reset_sequences() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [m for app in ("core", "registry", "tracing") for m in apps.get_app_config(app).get_models()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


if __name__ == "__main__":
    print(prepare())
