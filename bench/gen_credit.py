"""Builds the province-sized credit dataset of issue 13's benchmarks (bench_credit_rating, bench_warnings_all).

At scale 1: 1,000,000 entities, 500,000 trademarks, 200,000 inspections (不合格 at every level), 100,000
cases (some 移送司法), 20,000 recognitions, 100,000 certifications, 5,000 blacklist entries, 10,000 pledges,
over the real region tree of 甘肃省 (province, its cities, every county-level region; entities weighted
unevenly over the counties). Dates lie around AS_OF so every rating rule, every grade and every
trademark / recognition / certification / pledge / blacklist / inspection warning occurs.

Every table is filled by ONE `INSERT … SELECT` over a counter (a recursive CTE on SQLite,
generate_series on PostgreSQL): the rows are made by the database, deterministic (a multiplicative hash
of the row number, no random module), and the same on both databases.

The database is separate (SQLite /tmp/qb_bench_credit.sqlite3, PostgreSQL qb_bench_credit on the server of
DATABASE_URL) and cached: `prepare()` rebuilds it only when VERSION or the scale changed (table
qb_bench_meta), so a rerun measures, it does not build. QB_BENCH_REBUILD=1 forces a rebuild.

    python bench/gen_credit.py                 # build (or reuse) the SQLite one
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/gen_credit.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

HERE = Path(__file__).resolve().parent
VERSION = "credit-4"  # change it whenever the data below changes: the cached database is then rebuilt
AS_OF = dt.date(2014, 7, 10)  # the demo's day (issue 13, item 6)
SQLITE_PATH = os.environ.get("QB_BENCH_SQLITE", "/tmp/qb_bench_credit.sqlite3")
PG_NAME = os.environ.get("QB_BENCH_PG_NAME", "qb_bench_credit")
PROVINCE = "620000"
PRIME = 2147483647
# One multiplier per independent "random" stream: powers of the MINSTD generator (large, coprime to PRIME), so
# (i * m) % PRIME wraps at almost every step and `% n` of it is evenly spread for any n.
MULT = [pow(48271, 7 + 3 * k, PRIME) for k in range(24)]


def scale() -> float:
    return float(os.environ.get("QB_BENCH_SCALE", "1"))


def database_url() -> str:
    """The benchmark's own database on the engine DATABASE_URL names (SQLite when unset)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return urlunparse(urlparse(url)._replace(path="/" + PG_NAME))
    return "sqlite:///" + SQLITE_PATH


def _stamp() -> str:
    return f"{VERSION}:{scale()}"


# ---------------------------------------------------------------- cache check (before Django starts)

def _reset_if_stale(url: str) -> bool:
    """Drop the benchmark database when it was built by another VERSION/scale; True when it is current."""
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

    parsed = urlparse(url)
    admin = urlunparse(parsed._replace(path="/postgres"))
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
    """Point Django at the benchmark database, migrate it, build the data when missing. Returns what was done."""
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

    # Applies the migrations of branches merged since the build too (new tables, indexes).
    call_command("migrate", verbosity=0)
    info = {"database": connection.vendor, "url": url.split("@")[-1], "stamp": _stamp()}
    if current:
        with connection.cursor() as cursor:
            cursor.execute("SELECT key, value FROM qb_bench_meta")
            meta = dict(cursor.fetchall())
        info.update(reused=True, build_seconds=float(meta.get("seconds", 0)), built_at=meta.get("built_at"))
        return info
    built = build()
    info.update(reused=False, build_seconds=built["seconds"], rows=built["rows"], steps=built["steps"])
    return info


# ---------------------------------------------------------------- SQL pieces per vendor

class Sql:
    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"

    def h(self, k: int, m: int, v: str = "x.i") -> str:
        """A deterministic pseudo-random integer in [0, m) from row number `v`, stream k."""
        return f"(({v} * {MULT[k]}) % {PRIME} % {m})"

    def day(self, base: dt.date, offset: str) -> str:
        if self.pg:
            return f"(DATE '{base.isoformat()}' + ({offset})::int)"
        julian = base.toordinal() + 1721424.5
        return f"date({julian} + ({offset}))"

    def plus_days(self, col: str, offset: str) -> str:
        return f"({col} + ({offset})::int)" if self.pg else f"date(julianday({col}) + ({offset}))"

    def plus_years(self, col: str, years: int, minus_day: bool = False) -> str:
        if self.pg:
            less = " - interval '1 day'" if minus_day else ""
            return f"(({col}) + interval '{years} years'{less})::date"
        less = ", '-1 day'" if minus_day else ""
        return f"date({col}, '+{years} years'{less})"

    def dec31(self, year: str) -> str:
        return f"make_date(({year})::int, 12, 31)" if self.pg else f"(({year}) || '-12-31')"

    def text(self, expr: str) -> str:
        return f"({expr})::text" if self.pg else f"({expr})"

    def pad(self, expr: str, n: int) -> str:
        return f"lpad(({expr})::text, {n}, '0')" if self.pg else f"substr('{'0' * n}' || ({expr}), -{n}, {n})"

    def json(self, expr: str) -> str:
        return f"({expr})::jsonb" if self.pg else f"({expr})"

    def pick(self, expr: str, labels: list[str]) -> str:
        whens = " ".join(f"WHEN {i} THEN '{label}'" for i, label in enumerate(labels))
        return f"(CASE {expr} {whens} END)"

    def counter(self, n: int, extras: str) -> str:
        """`WITH … x(i, extras…)`: rows 1..n with computed columns, to SELECT FROM x."""
        if self.pg:
            return f"WITH x AS (SELECT s.i AS i{extras} FROM generate_series(1::bigint, {n}) AS s(i))"
        return (f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}), "
                f"x AS (SELECT s.i AS i{extras} FROM s)")


def insert_select(cursor, sql: Sql, table: str, columns: dict[str, str], n: int, *, extras: dict[str, str] = None,
                  joins: str = "", where: str = "", ignore_conflicts: bool = False) -> int:
    """One INSERT … SELECT of n counter rows into `table`; columns maps column -> SQL expression over x."""
    # extras are computed from the counter s (written over x.i like the columns).
    extra = "".join(f", {expr.replace('x.i', 's.i')} AS {name}" for name, expr in (extras or {}).items())
    cols = ", ".join(columns)
    exprs = ", ".join(columns.values())
    verb = "INSERT OR IGNORE INTO" if ignore_conflicts and not sql.pg else "INSERT INTO"
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts and sql.pg else ""
    statement = (f"{verb} {table} ({cols}) {sql.counter(n, extra)} SELECT {exprs} FROM x {joins} "
                 f"{'WHERE ' + where if where else ''}{tail}")
    cursor.execute(statement)
    return cursor.rowcount


# ---------------------------------------------------------------- the data

PROGRAMS = [  # code, name, object kind, level, validity years
    ("cn_wellknown_tm", "中国驰名商标", "商标", "国家", None), ("prov_famous_tm", "省著名商标", "商标", "省", 3),
    ("city_known_tm", "市知名商标", "商标", "市", 3), ("cn_brand_product", "中国名牌产品", "产品", "国家", 3),
    ("prov_brand_product", "省名牌产品", "产品", "省", 3), ("city_brand_product", "市名牌产品", "产品", "市", 3),
    ("prov_quality_award", "省政府质量奖", "企业", "省", 3), ("city_quality_award", "市政府质量奖", "企业", "市", 3),
]
CERT_TYPES = ["有机产品", "绿色食品", "良好农业规范", "食品农产品认证", "ISO9001", "ISO14001", "ISO45001", "HACCP",
              "卓越绩效", "其他"]


def _regions(cursor) -> int:
    """The 甘肃省 tree down to county level (shipped GB/T 2260 list) and the weighted county slots."""
    from qualitybrand.core.divisions import subtree
    from qualitybrand.core.models import Region

    ids, rows = {}, []
    for n, d in enumerate((d for d in subtree(PROVINCE) if len(d.code) == 6), start=1):
        ids[d.code] = n
        parent = ids.get(d.parent)
        path = (next(r.path for r in rows if r.id == parent) if parent else "/") + d.code + "/"
        rows.append(Region(id=n, code=d.code, name=d.name, kind=d.kind, parent_id=parent, path=path,
                           depth=path.count("/") - 2))
    Region.objects.bulk_create(rows)
    # Entities live in county-level regions; a county gets 1–8 slots, so some are 8 times as busy as others.
    cursor.execute("CREATE TABLE qb_bench_slot (slot INTEGER PRIMARY KEY, region_id BIGINT NOT NULL, code VARCHAR(12))")
    slots, k = [], 0
    for r in rows:
        if r.depth == 2:
            for _ in range(1 + (int(r.code) * 7919) % 8):
                slots.append((k, r.id, r.code))
                k += 1
    cursor.executemany("INSERT INTO qb_bench_slot (slot, region_id, code) VALUES (%s, %s, %s)", slots)
    return len(rows), len(slots)


def build() -> dict:
    from django.db import connection, transaction

    from qualitybrand.core.changelog import bump_data_version

    s = scale()
    n_ent, n_tm, n_insp, n_case = (int(v * s) for v in (1_000_000, 500_000, 200_000, 100_000))
    n_rec, n_cert, n_black, n_pledge = (int(v * s) or 1 for v in (20_000, 100_000, 5_000, 10_000))
    brand = max(int(2_000 * s), 10)       # entities 1..brand: many marks, recognitions, certifications
    offenders = max(int(3_000 * s), 10)   # the last `offenders` entities: repeated failures, cases, blacklist
    first_offender = n_ent - offenders + 1
    d = AS_OF
    sql = Sql(connection.vendor)
    h = sql.h
    started = time.perf_counter()
    steps: dict[str, float] = {}
    rows: dict[str, int] = {}

    def step(name: str, count: int) -> None:
        steps[name] = round(time.perf_counter() - started, 1)
        rows[name] = count
        print(f"  {name}: {count:,} ({steps[name]}s)", flush=True)

    def offender_or_any(k: int, share: int) -> str:
        """An entity id: `share` % of rows from the offender pool, the rest from everyone."""
        return (f"(CASE WHEN {h(k, 100)} < {share} THEN {first_offender} + {h(k + 1, offenders)} "
                f"ELSE 1 + {h(k + 2, n_ent)} END)")

    with transaction.atomic(), connection.cursor() as cursor:
        n_regions, n_slots = _regions(cursor)
        step("regions", n_regions)
        from qualitybrand.registry.models import Program

        Program.objects.bulk_create([Program(id=i, code=c, name=n, object_kind=k, level=lv, validity_years=y)
                                     for i, (c, n, k, lv, y) in enumerate(PROGRAMS, start=1)])

        # Entities: established 1980 .. AS_OF + 600 days (≈5 % not yet existing), 2 % without a date;
        # 10 % deregistered later (some before AS_OF: not existing). USCC ordered by region, then number.
        est_span = (d - dt.date(1980, 1, 1)).days + 600
        insert_select(cursor, sql, "registry_entity", {
            "id": "x.i",
            "uscc": f"'91' || r.code || {sql.pad('x.i', 9)} || 'X'",
            "name": "'测试企业' || x.i || '有限公司'",
            "kind": sql.pick(f"(CASE WHEN {h(1, 100)} < 60 THEN 0 WHEN {h(1, 100)} < 95 THEN 1 "
                             f"WHEN {h(1, 100)} < 98 THEN 2 ELSE 3 END)", ["企业", "个体工商户", "农民专业合作社", "其他"]),
            "industry_code": "'C'",
            "established": f"(CASE WHEN {h(2, 100)} < 2 THEN NULL ELSE {sql.day(dt.date(1980, 1, 1), h(3, est_span))} END)",
            "deregistered": "NULL",
            "scale": sql.pick(h(4, 4), ["大型", "中型", "小型", "微型"]),
            "region_id": "r.region_id",
        }, n_ent, joins=f"JOIN qb_bench_slot r ON r.slot = {h(0, n_slots)}")
        born = sql.plus_days("COALESCE(established, '1980-01-01')" if not sql.pg
                             else "COALESCE(established, DATE '1980-01-01')", h(6, 8000, "id") + " + 30")
        cursor.execute(f"UPDATE registry_entity SET deregistered = {born} WHERE {h(5, 100, 'id')} < 10")
        step("entities", n_ent)

        # Trademarks: the first 5 % belong to the brand pool; applied 1995 .. AS_OF + 200 days, 88 % registered
        # 270–670 days later, 专用权期限至 = registered + 10 years − 1 day (renewal window and grace period
        # populated), 3 % cancelled.
        tm_holder = f"(CASE WHEN x.i <= {max(n_tm // 20, 1)} THEN 1 + {h(7, brand)} ELSE 1 + {h(8, n_ent)} END)"
        applied_day = h(9, (d - dt.date(1995, 1, 1)).days + 200)
        applied = sql.day(dt.date(1995, 1, 1), applied_day)
        registered = (f"(CASE WHEN {h(10, 100)} < 88 THEN "
                      f"{sql.day(dt.date(1995, 1, 1), f'{applied_day} + 270 + {h(11, 400)}')} END)")
        insert_select(cursor, sql, "registry_trademark", {
            "id": "x.i", "number": sql.text(f"{10_000_000} + x.i"), "name": "'商标' || x.i",
            "classes": sql.json(f"'[' || (1 + {h(12, 45)}) || ']'"),
            "holder_id": "e.id", "region_id": "e.region_id", "applied": applied, "registered": registered,
            "expires": sql.plus_years(registered, 10, minus_day=True),
            "mark_type": "'普通商标'", "is_gi": f"({h(13, 1000)} < 2)", "madrid_number": "''", "madrid_date": "NULL",
            "madrid_countries": sql.json("'[]'"),
            "cancelled": f"CASE WHEN {h(14, 100)} < 3 THEN {sql.plus_days(registered, h(15, 4000) + ' + 100')} END",
        }, n_tm, extras={"holder": tm_holder}, joins="JOIN registry_entity e ON e.id = x.holder")
        step("trademarks", n_tm)

        # Inspections: 10 % of batches at the offender pool (40 % 不合格 there, 6 % elsewhere); sampled
        # AS_OF − 2000 .. AS_OF + 100 days (so inside and outside the 3-year window), every level.
        insert_select(cursor, sql, "supervision_inspection", {
            "id": "x.i", "region_id": "e.region_id", "number": f"'CJ' || {sql.pad('x.i', 7)}",
            "level": sql.pick(h(16, 4), ["国家", "省", "市", "县"]), "product_category": "'食品'",
            "entity_id": "e.id", "sampled": sql.day(d, f"{h(17, 2100)} - 2000"),
            "conclusion": f"(CASE WHEN {h(18, 100)} < (CASE WHEN e.id >= {first_offender} THEN 40 ELSE 6 END) "
                          f"THEN '不合格' ELSE '合格' END)",
            "failed_items": "''", "key_product": f"({h(19, 10)} = 0)",
        }, n_insp, extras={"eid": offender_or_any(0, 10)}, joins="JOIN registry_entity e ON e.id = x.eid")
        step("inspections", n_insp)

        # Cases: 15 % at the offender pool, 1 % without a party; opened AS_OF − 2000 .. AS_OF + 100 days;
        # 5 % 移送司法 (20 % for offenders); 80 % closed.
        insert_select(cursor, sql, "supervision_case", {
            "id": "x.i", "region_id": f"COALESCE(e.region_id, {n_regions})", "number": f"'AJ' || {sql.pad('x.i', 7)}",
            "case_type": sql.pick(h(3, 5), ["商标侵权", "假冒专利", "假冒伪劣", "质量违法", "其他"]),
            "party_id": "e.id", "source": sql.pick(h(4, 7), ["12315", "12365", "举报", "监督检查", "抽查", "移交", "其他"]),
            "opened": "x.opened",
            "closed": f"CASE WHEN {h(5, 100)} < 80 THEN {sql.plus_days('x.opened', h(6, 300) + ' + 10')} END",
            "goods_value": f"{h(7, 500000)} / 100.0", "fines": f"{h(8, 100000)} / 100.0",
            "transferred": f"({h(9, 100)} < (CASE WHEN e.id >= {first_offender} THEN 20 ELSE 5 END))",
        }, n_case, extras={"eid": f"(CASE WHEN {h(10, 100)} = 0 THEN NULL ELSE {offender_or_any(11, 15)} END)",
                           "opened": sql.day(d, f"{h(14, 2100)} - 2000")},
            joins="LEFT JOIN registry_entity e ON e.id = x.eid")
        step("cases", n_case)

        # Recognitions: programs in turn; a third go to the brand pool (several per entity: the +15 cap
        # is reached). 商标 programs name a mark and its holder; 认定年度 2005–2014; 有效期至 = Dec 31 of
        # year + 2 (validity 3 years), or empty for the program without a term.
        tm_id = f"(CASE WHEN {h(2, 3)} = 0 THEN 1 + {h(3, max(n_tm // 20, 1))} ELSE 1 + {h(4, n_tm)} END)"
        ent_id = f"(CASE WHEN {h(2, 3)} = 0 THEN 1 + {h(5, brand)} ELSE 1 + {h(6, n_ent)} END)"
        kind_of = "(x.i % 8)"  # program id - 1, in PROGRAMS order: 0-2 商标, 3-5 产品, 6-7 企业
        insert_select(cursor, sql, "registry_recognition", {
            "id": "x.i", "region_id": "e.region_id", "program_id": f"{kind_of} + 1", "entity_id": "e.id",
            "trademark_id": "t.id",
            "product_name": f"CASE WHEN {kind_of} BETWEEN 3 AND 5 THEN '产品' || x.i ELSE '' END",
            "object_key": f"CASE WHEN {kind_of} < 3 THEN t.number WHEN {kind_of} < 6 THEN e.uscc || '|产品' || x.i "
                          f"ELSE e.uscc END",
            "year": "x.year",
            "valid_until": f"CASE WHEN {kind_of} = 0 THEN NULL ELSE {sql.dec31('x.year + 2')} END",
            "method": "'评审认定'",
        }, n_rec, extras={"year": f"(2005 + {h(1, 10)})", "tid": f"CASE WHEN {kind_of} < 3 THEN {tm_id} END",
                          "eid": ent_id},
            joins="LEFT JOIN registry_trademark t ON t.id = x.tid "
                  "JOIN registry_entity e ON e.id = COALESCE(t.holder_id, x.eid)",
            ignore_conflicts=True)
        cursor.execute("SELECT COUNT(*) FROM registry_recognition")
        step("recognitions", cursor.fetchone()[0])

        # Certifications: a fifth at the brand pool (over the +6 cap), issued AS_OF − 1400 .. AS_OF + 100,
        # valid 3 years.
        insert_select(cursor, sql, "registry_certification", {
            "id": "x.i", "region_id": "e.region_id", "number": f"'ZS' || {sql.pad('x.i', 7)}",
            "cert_type": sql.pick(h(1, 10), CERT_TYPES), "entity_id": "e.id", "issued": "x.issued",
            "expires": sql.plus_days("x.issued", "1094"), "scope_text": "''",
        }, n_cert, extras={"eid": f"(CASE WHEN {h(2, 5)} = 0 THEN 1 + {h(3, brand)} "
                                  f"ELSE 1 + {h(4, n_ent)} END)",
                           "issued": sql.day(d, f"{h(5, 1500)} - 1400")},
            joins="JOIN registry_entity e ON e.id = x.eid")
        step("certifications", n_cert)

        # Blacklist: half at the offender pool; listed AS_OF − 1800 .. AS_OF + 60 days. Entries past their
        # 3 years (30 days before AS_OF) were mostly removed on expiry; a few repaired after a year; some
        # past their term still listed (credit_maintenance's work, blacklist.due).
        insert_select(cursor, sql, "supervision_blacklistentry", {
            "id": "x.i", "region_id": "e.region_id", "entity_id": "e.id", "listed": "x.listed",
            "reason": "'严重违法失信'", "authority": "'市场监督管理局'", "removed": "NULL", "removal_method": "''",
        }, n_black, extras={"eid": offender_or_any(1, 50),
                            "listed": sql.day(d, f"{h(5, 1860)} - 1800")},
            joins="JOIN registry_entity e ON e.id = x.eid", ignore_conflicts=True)
        expiry = sql.plus_years("listed", 3)
        cursor.execute(f"UPDATE supervision_blacklistentry SET removed = {expiry}, removal_method = '期满移出' "
                       f"WHERE {expiry} < {sql.day(d, '-30')} AND {h(6, 10, 'id')} < 9")
        repaired = sql.plus_days("listed", f"{h(7, 300, 'id')} + 400")
        cursor.execute(f"UPDATE supervision_blacklistentry SET removed = {repaired}, removal_method = '信用修复' "
                       f"WHERE removed IS NULL AND {h(8, 20, 'id')} = 0 AND {repaired} <= {sql.day(d, '0')}")
        cursor.execute("SELECT COUNT(*) FROM supervision_blacklistentry")
        step("blacklist", cursor.fetchone()[0])

        # Pledges: each pledges one mark of its holder; registered AS_OF − 1000 .. AS_OF, 180–1080 days.
        insert_select(cursor, sql, "registry_pledge", {
            "id": "x.i", "region_id": "t.region_id", "number": f"'ZY' || {sql.pad('x.i', 7)}", "pledgor_id": "t.holder_id",
            "pledgee": "'银行'", "amount": f"{h(1, 100000)} / 100.0", "registered": "x.registered",
            "expires": sql.plus_days("x.registered", f"{h(2, 900)} + 180"),
        }, n_pledge, extras={"tid": f"1 + {h(3, n_tm)}", "registered": sql.day(d, f"{h(4, 1000)} - 1000")},
            joins="JOIN registry_trademark t ON t.id = x.tid")
        insert_select(cursor, sql, "registry_pledge_trademarks", {"pledge_id": "x.i", "trademark_id": "x.tid"},
                      n_pledge, extras={"tid": f"1 + {h(3, n_tm)}"})
        step("pledges", n_pledge)
        cursor.execute("DROP TABLE qb_bench_slot")
        if sql.pg:
            _reset_sequences()
        bump_data_version()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        step("analyze", 0)
        seconds = round(time.perf_counter() - started, 1)
        cursor.execute("CREATE TABLE IF NOT EXISTS qb_bench_meta (key VARCHAR(40) PRIMARY KEY, value TEXT)")
        cursor.execute("DELETE FROM qb_bench_meta")
        cursor.executemany("INSERT INTO qb_bench_meta (key, value) VALUES (%s, %s)",
                           [("stamp", _stamp()), ("seconds", str(seconds)),
                            ("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])
    return {"rows": rows, "steps": steps, "seconds": seconds}


def _reset_sequences() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [m for app in ("core", "registry", "supervision") for m in apps.get_app_config(app).get_models()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


if __name__ == "__main__":
    print(prepare())
