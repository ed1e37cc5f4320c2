"""Benchmark: statutory deadlines of 100,000 complaints computed set-based (issue 14: ≤ 2 s).

Data: 100,000 generated complaints (投诉 and 举报, 登记日期 2013–2025, half of the 投诉 accepted, a third
of the 举报 extended) in the benchmark's own database on the engine DATABASE_URL names (SQLite
/tmp/qb_bench_complaints.sqlite3, or `qb_bench_complaints` on the PostgreSQL server), rebuilt each run.

Measured (median of QB_BENCH_REPEAT runs, default 5, engine and floor alternating):
- engine: fetch the rows (`values()`) and `complaints.deadlines.dues_for(rows)`: every acceptance,
  mediation and verification deadline by rule version;
- floor: the bare fetch of the same columns as tuples plus `core.workdays.add_working_days_many` on the
  distinct start dates of each number of days (what any implementation must at least do).
Wall and CPU time (this process: on SQLite that includes the database's own work) are both reported:
on a shared machine the CPU time is closer to what an idle one takes. A sample of 1,000 complaints is checked against `add_working_days` one at a time.

    make bench BENCH_ARGS=complaint_deadlines
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x make bench BENCH_ARGS=complaint_deadlines
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
COUNT = int(os.environ.get("QB_BENCH_COMPLAINTS", "100000"))
TARGET_SECONDS = 2.0
SQLITE_PATH = "/tmp/qb_bench_complaints.sqlite3"
PG_NAME = "qb_bench_complaints"
FIELDS = ("category", "registered", "accepted", "extended")


def _database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        import psycopg

        parsed = urlparse(url)
        with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            con.execute(f"CREATE DATABASE {PG_NAME}")
        return urlunparse(parsed._replace(path="/" + PG_NAME))
    for suffix in ("", "-wal", "-shm"):
        Path(SQLITE_PATH + suffix).unlink(missing_ok=True)
    return "sqlite:///" + SQLITE_PATH


def _setup() -> dict:
    url = _database()
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("QB_DATA_DIR", "/tmp/qb_bench_data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return {"database": connection.vendor, "url": url.split("@")[-1]}


def _generate() -> float:
    from django.db import transaction

    from qualitybrand.complaints.models import Complaint
    from qualitybrand.core.models import Region

    began = time.perf_counter()
    region = Region.objects.create(code="620500", name="天水市", kind="市", depth=1, path="/620500/")
    rng = random.Random(14)
    base = dt.date(2013, 1, 1)
    rows = []
    for i in range(COUNT):
        category = "投诉" if rng.random() < 0.7 else "举报"
        registered = base + dt.timedelta(days=rng.randrange(0, 13 * 365))
        accepted = registered + dt.timedelta(days=rng.randrange(0, 12)) if category == "投诉" and rng.random() < 0.5 \
            else None
        rows.append(Complaint(number=f"TS{i:08d}", category=category, channel="12315", registered=registered,
                              region=region, respondent_name="商户", summary="质量问题", accepted=accepted,
                              extended=category == "举报" and rng.random() < 0.3))
    with transaction.atomic():
        Complaint.objects.bulk_create(rows, batch_size=5000)
    return time.perf_counter() - began


def _engine() -> tuple[float, float, list]:
    from qualitybrand.complaints.deadlines import dues_for
    from qualitybrand.complaints.models import Complaint

    began, cpu = time.perf_counter(), time.process_time()
    rows = list(Complaint.objects.order_by().values(*FIELDS))
    dues = dues_for(rows)
    return time.perf_counter() - began, time.process_time() - cpu, list(zip(rows, dues))


def _floor() -> tuple[float, float]:
    from qualitybrand.complaints.models import Complaint
    from qualitybrand.core.workdays import add_working_days_many

    began, cpu = time.perf_counter(), time.process_time()
    rows = list(Complaint.objects.order_by().values_list(*FIELDS))
    registered_complaints = {r[1] for r in rows if r[0] == "投诉"}
    accepted = {r[2] for r in rows if r[2] is not None}
    reports = {r[1] for r in rows if r[0] == "举报" and not r[3]}
    extended = {r[1] for r in rows if r[0] == "举报" and r[3]}
    for starts, n in ((registered_complaints, 7), (accepted, 45), (reports, 15), (extended, 30)):
        add_working_days_many(sorted(starts), n)
    return time.perf_counter() - began, time.process_time() - cpu


def _check(pairs: list) -> int:
    """Mismatches against `add_working_days` one at a time on a sample."""
    from qualitybrand.core.workdays import add_working_days

    bad = 0
    for row, dues in random.Random(7).sample(pairs, min(1000, len(pairs))):
        if row["category"] == "举报":
            ok = dues.verify == add_working_days(row["registered"], 30 if row["extended"] else 15)
        else:
            ok = dues.accept == add_working_days(row["registered"], 7) and dues.mediate == (
                add_working_days(row["accepted"], 45) if row["accepted"] else None)
        bad += not ok
    return bad


def _load() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def main(argv=None) -> dict:
    info = _setup()
    info["rows"] = COUNT
    info["build_seconds"] = round(_generate(), 2)
    repeat = int(os.environ.get("QB_BENCH_REPEAT", "5"))
    info["load_start"] = _load()
    engine, floor, engine_cpu, floor_cpu, pairs = [], [], [], [], []
    for _ in range(repeat):
        seconds, cpu, pairs = _engine()
        engine.append(seconds)
        engine_cpu.append(cpu)
        seconds, cpu = _floor()
        floor.append(seconds)
        floor_cpu.append(cpu)
    info["load_end"] = _load()
    median_engine, median_floor = statistics.median(engine), statistics.median(floor)
    info.update({
        "target_seconds": TARGET_SECONDS,
        "engine": {"median": round(median_engine, 3), "min": round(min(engine), 3), "max": round(max(engine), 3)},
        "floor": {"median": round(median_floor, 3), "min": round(min(floor), 3), "max": round(max(floor), 3)},
        "cpu_median": {"engine": round(statistics.median(engine_cpu), 3),
                       "floor": round(statistics.median(floor_cpu), 3)},
        "ratio_to_floor": round(median_engine / median_floor, 2) if median_floor else None,
        "meets_target": median_engine <= TARGET_SECONDS,
        "sample_mismatches": _check(pairs),
    })
    return info


if __name__ == "__main__":
    print(main())
