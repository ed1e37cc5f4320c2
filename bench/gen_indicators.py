"""Generates a city of ledgers for the indicator benchmark: bulk SQL inserts (COPY on PostgreSQL).

`generate(scale=1.0)` writes, at scale 1: 1,000,000 entities, 500,000 trademarks, 200,000 inspections,
100,000 patents and proportionate other ledgers over 12 counties of one city (plus the province).
Deterministic (seeded). Expects an empty, migrated database (DJANGO_SETTINGS_MODULE set up).

    DATABASE_URL=sqlite:////tmp/qb_bench.sqlite3 python bench/gen_indicators.py [scale]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

BASE = dt.date(1995, 1, 1)
COUNTIES = [f"6205{n:02d}" for n in range(2, 14)]


def _day(lo: int, hi: int, rnd: random.Random) -> dt.date:
    return BASE + dt.timedelta(days=rnd.randint(lo, hi))


def _days(year: int) -> int:
    return (dt.date(year, 1, 1) - BASE).days


def insert(model, columns: list[str], rows) -> int:
    """Bulk insert tuples (column order as given) into the model's table; COPY on PostgreSQL."""
    from django.db import connection

    table = model._meta.db_table
    cols = ", ".join(f'"{c}"' for c in columns)
    n = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
            batch: list = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 50000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                n += len(batch)
    return n


def generate(scale: float = 1.0, seed: int = 2013, verbose: bool = True) -> dict:
    from django.db import transaction

    from qualitybrand.core.changelog import bump_data_version
    from qualitybrand.core.models import Region
    from qualitybrand.core.services import save_region
    from qualitybrand.indicators.models import IndicatorValue
    from qualitybrand.registry.models import (
        Certification,
        Entity,
        Patent,
        Pledge,
        Program,
        Publicity,
        Recognition,
        Service,
        Standard,
        Trademark,
    )
    from qualitybrand.supervision.models import Case, Incident, Inspection

    rnd = random.Random(seed)
    started = time.perf_counter()
    counts: dict[str, int] = {}

    def log(name: str, n: int) -> None:
        counts[name] = n
        if verbose:
            print(f"  {name}: {n:,} ({time.perf_counter() - started:.1f}s)", flush=True)

    n_ent = int(1_000_000 * scale)
    n_tm = int(500_000 * scale)
    n_insp = int(200_000 * scale)
    n_pat = int(100_000 * scale)
    with transaction.atomic():
        province = save_region(None, code="620000", name="甘肃省", kind="省", parent=None)
        city = save_region(None, code="620500", name="天水市", kind="市", parent=province)
        names = ["秦州区", "麦积区", "清水县", "秦安县", "甘谷县", "武山县", "张家川回族自治县", "东岔县", "娘娘坝县",
                 "经济技术开发区", "高新区", "渭南县"]
        kinds_ = ["区", "区", "县", "县", "县", "县", "县", "县", "县", "开发区", "开发区", "县"]
        counties = [save_region(None, code=code, name=names[i], kind=kinds_[i], parent=city)
                    for i, code in enumerate(COUNTIES)]
        region_ids = [c.pk for c in counties] + [city.pk]
        weights = [14, 12, 6, 9, 8, 7, 6, 5, 4, 10, 9, 8, 2]
        programs = []
        for code, name, kind, level in [
            ("cn_wellknown_tm", "中国驰名商标", "商标", "国家"), ("prov_famous_tm", "省著名商标", "商标", "省"),
            ("city_known_tm", "市知名商标", "商标", "市"), ("cn_brand_product", "中国名牌产品", "产品", "国家"),
            ("prov_brand_product", "省名牌产品", "产品", "省"), ("city_brand_product", "市名牌产品", "产品", "市"),
            ("prov_quality_award", "省政府质量奖", "企业", "省"), ("city_quality_award", "市政府质量奖", "企业", "市"),
        ]:
            programs.append(Program.objects.create(code=code, name=name, object_kind=kind, level=level,
                                                   validity_years=3))
        codes = {r.pk: r.code for r in Region.objects.all()}

        ent_region = rnd.choices(region_ids, weights=weights, k=n_ent)
        kinds = rnd.choices(["企业", "个体工商户", "农民专业合作社", "其他"], weights=[60, 35, 3, 2], k=n_ent)

        def entities():
            for i in range(n_ent):
                est = _day(0, _days(2015), rnd) if rnd.random() > 0.02 else None
                dereg = None
                if rnd.random() < 0.12:
                    dereg = (est or BASE) + dt.timedelta(days=rnd.randint(30, 6000))
                yield (i + 1, ent_region[i], f"91{codes[ent_region[i]]}{i:09d}X", f"企业{i}", kinds[i], "", est,
                       dereg, "")

        log("entities", insert(Entity, ["id", "region_id", "uscc", "name", "kind", "industry_code", "established",
                                        "deregistered", "scale"], entities()))

        def trademarks():
            for i in range(n_tm):
                holder = rnd.randint(1, n_ent)
                applied = _day(_days(2000), _days(2015), rnd)
                registered = applied + dt.timedelta(days=rnd.randint(200, 700)) if rnd.random() < 0.85 else None
                expires = registered + dt.timedelta(days=3652) if registered else None
                cancelled = (registered + dt.timedelta(days=rnd.randint(100, 3000))
                             if registered and rnd.random() < 0.03 else None)
                madrid = rnd.random() < 0.01 and registered is not None
                yield (i + 1, ent_region[holder - 1], str(1_000_000 + i), f"商标{i}", "[7]", holder, applied,
                       registered, expires, "普通商标", rnd.random() < 0.002, f"M{i}" if madrid else "",
                       registered + dt.timedelta(days=90) if madrid else None, "[]", cancelled)

        log("trademarks", insert(Trademark, ["id", "region_id", "number", "name", "classes", "holder_id", "applied",
                                             "registered", "expires", "mark_type", "is_gi", "madrid_number",
                                             "madrid_date", "madrid_countries", "cancelled"], trademarks()))

        def inspections():
            for i in range(n_insp):
                e = rnd.randint(1, n_ent)
                yield (i + 1, ent_region[e - 1], f"I{i}", rnd.choice(["国家", "省", "市", "县"]), "食品", e,
                       _day(_days(2008), _days(2015), rnd), "合格" if rnd.random() < 0.92 else "不合格", "",
                       rnd.random() < 0.1)

        log("inspections", insert(Inspection, ["id", "region_id", "number", "level", "product_category", "entity_id",
                                               "sampled", "conclusion", "failed_items", "key_product"],
                                  inspections()))

        def patents():
            for i in range(n_pat):
                e = rnd.randint(1, n_ent)
                filed = _day(_days(2004), _days(2015), rnd)
                granted = filed + dt.timedelta(days=rnd.randint(200, 1200)) if rnd.random() < 0.6 else None
                status = ("有效" if rnd.random() < 0.8 else "失效") if granted else "审中"
                yield (i + 1, ent_region[e - 1], f"CN{i:010d}", f"专利{i}",
                       rnd.choice(["发明", "实用新型", "外观设计"]), e, filed, granted, status, rnd.random() < 0.7)

        log("patents", insert(Patent, ["id", "region_id", "number", "title", "patent_type", "applicant_id", "filed",
                                       "granted", "legal_status", "is_service"], patents()))

        def recognitions():
            for i in range(int(20_000 * scale) or 1):
                e = rnd.randint(1, n_ent)
                p = rnd.choice(programs)
                year = rnd.randint(2000, 2014)
                yield (i + 1, ent_region[e - 1], p.pk, e, None, "", f"o{i}", year,
                       dt.date(year + 3, 12, 31) if rnd.random() < 0.8 else None, "评审认定")

        log("recognitions", insert(Recognition, ["id", "region_id", "program_id", "entity_id", "trademark_id",
                                                 "product_name", "object_key", "year", "valid_until", "method"],
                                   recognitions()))
        cert_types = ["有机产品", "绿色食品", "良好农业规范", "食品农产品认证", "ISO9001", "ISO14001", "ISO45001", "HACCP",
                      "卓越绩效", "其他"]

        def certs():
            for i in range(int(100_000 * scale) or 1):
                e = rnd.randint(1, n_ent)
                issued = _day(_days(2005), _days(2015), rnd)
                yield (i + 1, ent_region[e - 1], f"C{i}", rnd.choice(cert_types), e, issued,
                       issued + dt.timedelta(days=1095), "")

        log("certifications", insert(Certification, ["id", "region_id", "number", "cert_type", "entity_id", "issued",
                                                     "expires", "scope_text"], certs()))

        def standards():
            for i in range(int(20_000 * scale) or 1):
                e = rnd.randint(1, n_ent)
                yield (i + 1, ent_region[e - 1], f"Q/{i}", f"标准{i}",
                       rnd.choice(["国际", "国家", "行业", "地方", "团体", "企业"]),
                       rnd.choice(["制定", "修订", "采用国际标准"]), e, _day(_days(2005), _days(2015), rnd))

        log("standards", insert(Standard, ["id", "region_id", "number", "name", "level", "work_type", "entity_id",
                                           "published"], standards()))

        def incidents():
            for i in range(int(5_000 * scale) or 1):
                yield (i + 1, rnd.choices(region_ids, weights=weights)[0], f"A{i}",
                       _day(_days(2008), _days(2015), rnd), "食品",
                       rnd.choices(["一般", "较大", "重大", "特别重大"], weights=[90, 7, 2, 1])[0], "")

        log("incidents", insert(Incident, ["id", "region_id", "number", "occurred", "domain", "grade", "summary"],
                                incidents()))

        def cases():
            for i in range(int(50_000 * scale) or 1):
                e = rnd.randint(1, n_ent)
                opened = _day(_days(2008), _days(2015), rnd)
                closed = opened + dt.timedelta(days=rnd.randint(10, 300)) if rnd.random() < 0.8 else None
                yield (i + 1, ent_region[e - 1], f"K{i}", rnd.choice(["商标侵权", "假冒专利", "假冒伪劣", "质量违法", "其他"]),
                       e, "", opened, closed, round(rnd.random() * 50, 2), round(rnd.random() * 10, 2) if closed else None,
                       rnd.random() < 0.05)

        log("cases", insert(Case, ["id", "region_id", "number", "case_type", "party_id", "source", "opened", "closed",
                                   "goods_value", "fines", "transferred"], cases()))

        def pledges():
            for i in range(int(10_000 * scale) or 1):
                e = rnd.randint(1, n_ent)
                reg = _day(_days(2008), _days(2015), rnd)
                yield (i + 1, ent_region[e - 1], f"P{i}", e, "银行", round(rnd.random() * 500, 2), reg,
                       reg + dt.timedelta(days=rnd.randint(180, 1100)))

        log("pledges", insert(Pledge, ["id", "region_id", "number", "pledgor_id", "pledgee", "amount", "registered",
                                       "expires"], pledges()))

        def services():
            for i in range(int(100_000 * scale) or 1):
                e = rnd.randint(1, n_ent)
                yield (i + 1, ent_region[e - 1], f"S{i}", _day(_days(2008), _days(2015), rnd), e, "质量帮扶",
                       rnd.randint(1, 20), rnd.randint(0, 5))

        log("services", insert(Service, ["id", "region_id", "number", "date", "entity_id", "service_type",
                                         "person_times", "problems"], services()))

        def publicity():
            for i in range(int(10_000 * scale) or 1):
                yield (i + 1, rnd.choices(region_ids, weights=weights)[0], f"X{i}",
                       _day(_days(2008), _days(2015), rnd), f"稿件{i}", "日报")

        log("publicity", insert(Publicity, ["id", "region_id", "number", "date", "title", "media"], publicity()))
        values = []
        for year in range(2009, 2015):
            for county in counties:
                values.append(IndicatorValue(code="pop.resident", region=county, year=year,
                                             value=rnd.randint(200, 900) / 10, status="审核通过"))
            for p in programs:
                values.append(IndicatorValue(code=f"prov.total.{p.code}", region=city, year=year,
                                             value=rnd.randint(300, 900), status="审核通过"))
            values.append(IndicatorValue(code="env.air_good_days", region=city, year=year, value=rnd.randint(250, 340),
                                         status="审核通过"))
        IndicatorValue.objects.bulk_create(values)
        log("indicator_values", len(values))
        if connection_vendor() == "postgresql":
            _reset_sequences()
        bump_data_version()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"rows": counts, "seconds": round(time.perf_counter() - started, 1)}


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


def _reset_sequences() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [m for app in ("registry", "supervision") for m in apps.get_app_config(app).get_models()]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def main() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    print(generate(scale))


if __name__ == "__main__":
    main()
