"""Ledger import benchmark (issue 3): engine vs a floor measured in the same run.

Two floors, both measured in the same run just before each import:
- `floor_s`: reading the file (python-calamine for .xlsx, the csv module for .csv) plus one
  executemany (SQLite) or COPY (PostgreSQL) of the raw rows into a table of plain text columns
  without any index;
- `table_floor_s`: the same read plus one executemany/COPY of the raw rows into a table equivalent
  to the ledger's own: its columns, uniqueness and indexes (references and lists as text).
`ratio` and `ratio_to_table_floor` are the import's time over each.
Measured: 100,000-row entities .xlsx and trademarks .xlsx imports (checked, written, change-logged),
the unchanged re-import of the entities file, and a 1,000,000-row entities .csv streamed in a
subprocess (peak RSS). Sizes: QB_BENCH_ROWS (default 100000), QB_BENCH_BIG_ROWS (default 1000000,
0 to skip). DATABASE_URL selects the database (a scratch SQLite file by default).

Each 100,000-row measurement is run QB_BENCH_REPEAT times (default 3), every run in a fresh process and
database, and reported by the run with the median ratio, with every run's ratio listed.

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


def _floor_model(ledger):
    """A scratch model equivalent to the ledger's table: the same columns, uniqueness and indexes,
    with references and lists as text (the raw rows carry codes, not ids) and every column nullable."""
    from django.apps.registry import Apps
    from django.db import models

    model = ledger.model
    attrs = {"__module__": __name__}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            attrs[f.name] = models.BigAutoField(primary_key=True)
        elif f.is_relation:
            attrs[f.name] = models.CharField(max_length=64, null=True, db_column=f.column, db_index=f.db_index)
        elif f.get_internal_type() == "JSONField":
            attrs[f.name] = models.TextField(null=True, db_column=f.column)
        else:
            clone = f.clone()
            clone.null = True
            attrs[f.name] = clone
    indexes = [models.Index(fields=list(ix.fields), name=f"bench_floor_ix{i}")
               for i, ix in enumerate(model._meta.indexes)]
    attrs["Meta"] = type("Meta", (), {"app_label": "bench", "db_table": "bench_floor_table", "apps": Apps(),
                                      "indexes": indexes})
    return type("BenchFloor", (models.Model,), attrs)


def _floor_columns(ledger, header: list) -> list[tuple[int, str]]:
    """(file column index, table column) for the file columns that fill a column of the table."""
    from qualitybrand.ledgers.normalise import header_key

    out = []
    for i, h in enumerate(header):
        found = ledger.match_header(header_key(h))
        if not found:
            continue
        col = found[0]
        if col.field:
            out.append((i, ledger.model._meta.get_field(col.field).column))
        elif col.header == ledger.region_column:
            out.append((i, "region_id"))
        elif col.header == getattr(ledger, "entity_column", None):
            out.append((i, ledger.model._meta.get_field(ledger.entity_field).column))
    return out


def table_floor(ledger_name: str, path: Path) -> float:
    """Read the file and write its raw rows into a table equivalent to the ledger's own (its columns,
    uniqueness and indexes) in one statement: what storing the rows costs before any checking."""
    from django.db import connection, transaction

    from qualitybrand.ledgers.engine import get_ledger

    ledger = get_ledger(ledger_name)
    model = _floor_model(ledger)
    with connection.schema_editor() as editor:  # outside the timing, as the ledger's table exists too
        editor.create_model(model)
    started = time.perf_counter()
    stream = path.suffix == ".csv"
    if stream:
        fh = open(path, encoding="utf-8", newline="")
        source = csv.reader(fh)
        header = next(source)
    else:
        rows = read_file(path)
        header, source = rows[0], rows[1:]
    picks = _floor_columns(ledger, header)
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for _i, c in picks)
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY bench_floor_table ({cols}) FROM STDIN") as copy:
                    for r in source:
                        copy.write_row([str(r[i]) for i, _c in picks])
            else:
                sql = f"INSERT INTO bench_floor_table ({cols}) VALUES ({', '.join(['%s'] * len(picks))})"
                batch = []
                for r in source:
                    batch.append([str(r[i]) for i, _c in picks])
                    if len(batch) >= 50000:
                        cursor.executemany(sql, batch)
                        batch = []
                cursor.executemany(sql, batch)
    elapsed = time.perf_counter() - started
    if stream:
        fh.close()
    with connection.schema_editor() as editor:
        editor.delete_model(model)
    return elapsed


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
    table_s = table_floor("entities", path)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    import_s, data = timed_import("entities", path)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": n, **_ratios(floor_s, table_s, import_s), "peak_rss_mb": round(peak_kb / 1024, 1),
            "rss_before_import_mb": round(rss_before / 1024, 1), "result": data}


def _ratios(plain: float, table: float, engine: float) -> dict:
    return {"floor_s": round(plain, 2), "table_floor_s": round(table, 2), "import_s": round(engine, 2),
            "ratio": round(engine / plain, 2), "ratio_to_table_floor": round(engine / table, 2)}


def once(files: Path) -> dict:
    """One run of the 100,000-row measurements on a fresh database (in its own process)."""
    n = int(os.environ.get("QB_BENCH_ROWS", "100000"))
    work = tempfile.mkdtemp(prefix="qb_bench_")
    setup(work)
    from django.db import connection

    out: dict = {"database": connection.vendor, "rows": n}
    target = 3.0 if connection.vendor == "postgresql" else 2.5

    def measure(ledger: str, path: Path, target_ratio: float) -> dict:
        plain = floor(path)
        table = table_floor(ledger, path)
        engine, result = timed_import(ledger, path)
        return {**_ratios(plain, table, engine), "target": target_ratio, "result": result}

    out["entities_xlsx"] = measure("entities", files / "entities.xlsx", target)
    out["entities_xlsx_reimport"] = measure("entities", files / "entities.xlsx", 1.5)
    out["trademarks_xlsx"] = measure("trademarks", files / "trademarks.xlsx", target)
    return out


def _in_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True,
                          env=dict(os.environ))
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"failed": proc.stderr[-2000:]}


def main(argv=None) -> dict:
    """QB_BENCH_REPEAT runs (default 3), each in a fresh process and database, reported by their median:
    on a shared 2-core machine one run's ratio can be 15–25 % off the next."""
    n = int(os.environ.get("QB_BENCH_ROWS", "100000"))
    n_big = int(os.environ.get("QB_BENCH_BIG_ROWS", "1000000"))
    repeat = max(1, int(os.environ.get("QB_BENCH_REPEAT", "3")))
    files = Path(tempfile.mkdtemp(prefix="qb_bench_files_"))
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT / "src"))
    from gen_ledgers import ENTITY_HEAD, TM_HEAD, entity_rows, trademark_rows, write

    write(files / "entities.xlsx", ENTITY_HEAD, entity_rows(n))
    write(files / "trademarks.xlsx", TM_HEAD, trademark_rows(n, n))
    runs = [_in_child("--once", str(files)) for _ in range(repeat)]
    failed = [r for r in runs if "failed" in r]
    if failed:
        return {"failed": failed[0]["failed"]}
    out: dict = {"database": runs[0]["database"], "rows": n, "repeat": repeat}
    for key in ("entities_xlsx", "entities_xlsx_reimport", "trademarks_xlsx"):
        ordered = sorted((r[key] for r in runs), key=lambda m: m["ratio_to_table_floor"])
        out[key] = {**ordered[len(ordered) // 2], "runs_ratio_to_table_floor": [m["ratio_to_table_floor"] for m in
                                                                                 (r[key] for r in runs)]}
    if n_big:
        out["entities_csv_big"] = _in_child("--big", str(n_big))
        if "failed" not in out["entities_csv_big"]:
            out["entities_csv_big"]["target"] = 3.0
            out["entities_csv_big"]["memory_target_mb"] = 1024
    return out


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--big":
        sys.path.insert(0, str(HERE))
        print(json.dumps(big(int(sys.argv[2])), ensure_ascii=False))
    elif len(sys.argv) > 2 and sys.argv[1] == "--once":
        print(json.dumps(once(Path(sys.argv[2])), ensure_ascii=False))
    else:
        print(json.dumps(main(sys.argv[1:]), ensure_ascii=False, indent=2))
