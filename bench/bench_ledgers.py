"""Ledger import benchmark (issue 3): engine vs a floor measured in the same run.

Floor = reading the same file (python-calamine for .xlsx, the csv module for .csv) plus one
executemany of the raw rows into an equivalent table (SQLite) or COPY (PostgreSQL).
Measured: 100,000-row entities .xlsx and trademarks .xlsx imports (checked, written, change-logged),
the unchanged re-import of the entities file, and a 1,000,000-row entities .csv streamed in a
subprocess (peak RSS). Sizes: QB_BENCH_ROWS (default 100000), QB_BENCH_BIG_ROWS (default 1000000,
0 to skip). DATABASE_URL selects the database (a scratch SQLite file by default).

Run: `python bench/run.py ledgers` or `python bench/bench_ledgers.py`.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REGIONS = [
    {"区划代码": "620000", "名称": "甘肃省", "类型": "省"},
    {"区划代码": "620500", "名称": "天水市", "上级区划代码": "620000", "类型": "市"},
    *({"区划代码": c, "名称": n, "上级区划代码": "620500", "类型": k} for c, n, k in [
        ("620502", "秦州区", "区"), ("620503", "麦积区", "区"), ("620521", "清水县", "县"),
        ("620522", "秦安县", "县"), ("620523", "甘谷县", "县"), ("620524", "武山县", "县"),
        ("620525", "张家川回族自治县", "县")]),
]


def setup(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ["QB_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    from qualitybrand.ledgers.engine import import_rows

    import_rows("regions", REGIONS)


def read_file(path: Path) -> list[list]:
    if path.suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def floor(path: Path, stream: bool = False) -> float:
    """Read the file and write its raw rows into an equivalent table in one statement."""
    from django.db import connection, transaction

    started = time.perf_counter()
    rows = read_file(path) if not stream else None
    if stream:
        fh = open(path, encoding="utf-8", newline="")
        reader = csv.reader(fh)
        header = next(reader)
    else:
        header, rows = rows[0], rows[1:]
    width = len(header)
    cols = ", ".join(f"c{i} text" for i in range(width))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute(f"CREATE TABLE bench_floor ({cols})")
        source = reader if stream else rows
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY bench_floor FROM STDIN") as copy:
                for r in source:
                    copy.write_row([str(v) for v in r])
        else:
            sql = f"INSERT INTO bench_floor VALUES ({', '.join(['%s'] * width)})"
            if stream:
                batch = []
                for r in source:
                    batch.append(r)
                    if len(batch) >= 50000:
                        cursor.executemany(sql, batch)
                        batch = []
                cursor.executemany(sql, batch)
            else:
                cursor.executemany(sql, [[str(v) for v in r] for r in source])
        cursor.execute("DROP TABLE bench_floor")
    if stream:
        fh.close()
    return time.perf_counter() - started


def timed_import(ledger: str, path: Path) -> tuple[float, dict]:
    from qualitybrand.ledgers.engine import import_file

    started = time.perf_counter()
    result = import_file(ledger, path)
    elapsed = time.perf_counter() - started
    data = result.as_json()
    data["errors"] = len(data["errors"])
    data["warnings"] = len(data["warnings"])
    return elapsed, data


def big(n: int) -> dict:
    """In a fresh process: the streamed 1,000,000-row .csv import, with peak memory."""
    import resource

    work = tempfile.mkdtemp(prefix="qb_bench_big_")
    setup(work)
    from gen_ledgers import ENTITY_HEAD, entity_rows, write

    path = write(Path(work) / "entities_big.csv", ENTITY_HEAD, entity_rows(n))
    floor_s = floor(path, stream=True)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    import_s, data = timed_import("entities", path)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": n, "floor_s": round(floor_s, 2), "import_s": round(import_s, 2),
            "ratio": round(import_s / floor_s, 2), "peak_rss_mb": round(peak_kb / 1024, 1),
            "rss_before_import_mb": round(rss_before / 1024, 1), "result": data}


def main(argv=None) -> dict:
    n = int(os.environ.get("QB_BENCH_ROWS", "100000"))
    n_big = int(os.environ.get("QB_BENCH_BIG_ROWS", "1000000"))
    work = tempfile.mkdtemp(prefix="qb_bench_")
    setup(work)
    from django.db import connection

    sys.path.insert(0, str(HERE))
    from gen_ledgers import ENTITY_HEAD, TM_HEAD, entity_rows, trademark_rows, write

    ent = write(Path(work) / "entities.xlsx", ENTITY_HEAD, entity_rows(n))
    tms = write(Path(work) / "trademarks.xlsx", TM_HEAD, trademark_rows(n, n))
    out: dict = {"database": connection.vendor, "rows": n}
    target = 3.0 if connection.vendor == "postgresql" else 2.5
    f_ent = floor(ent)
    t_ent, r_ent = timed_import("entities", ent)
    f_re = floor(ent)
    t_re, r_re = timed_import("entities", ent)
    f_tm = floor(tms)
    t_tm, r_tm = timed_import("trademarks", tms)
    out["entities_xlsx"] = {"floor_s": round(f_ent, 2), "import_s": round(t_ent, 2),
                            "ratio": round(t_ent / f_ent, 2), "target": target, "result": r_ent}
    out["entities_xlsx_reimport"] = {"floor_s": round(f_re, 2), "import_s": round(t_re, 2),
                                     "ratio": round(t_re / f_re, 2), "target": 1.5, "result": r_re}
    out["trademarks_xlsx"] = {"floor_s": round(f_tm, 2), "import_s": round(t_tm, 2),
                              "ratio": round(t_tm / f_tm, 2), "target": target, "result": r_tm}
    if n_big:
        env = dict(os.environ)
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--big", str(n_big)],
                              capture_output=True, text=True, env=env)
        try:
            out["entities_csv_big"] = json.loads(proc.stdout.strip().splitlines()[-1])
            out["entities_csv_big"]["target"] = 3.0
            out["entities_csv_big"]["memory_target_mb"] = 1024
        except (IndexError, ValueError):
            out["entities_csv_big"] = {"failed": proc.stderr[-2000:]}
    return out


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--big":
        sys.path.insert(0, str(HERE))
        print(json.dumps(big(int(sys.argv[2])), ensure_ascii=False))
    else:
        print(json.dumps(main(sys.argv[1:]), ensure_ascii=False, indent=2))
