"""Undo benchmark (issue 12, item 3): how long other users' writes wait while a large import is undone.

An import of QB_BENCH_UNDO_ROWS entities (default 20,000) is undone by `services.undo_batch` in one
process (as the worker runs it) while another process writes one record every 50 ms through the
change-logged service, as a county user editing a record would. Reported: the undo's duration, and the
writes' latency (median, 95th percentile, max) against the same writes with no undo running (the
floor, measured in the same run). Target: every write under 1 s. QB_BENCH_REPEAT runs (default 3),
each on a fresh database; the run with the median max latency is reported, with every run's max.

Run: `python bench/run.py undo`. DATABASE_URL selects the database (a scratch SQLite file by default).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _django(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ["QB_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
    import django

    django.setup()


def prepare(data_dir: str, rows: int) -> int:
    sys.path.insert(0, str(ROOT))
    from bench.bench_ledgers import setup

    setup(data_dir)  # the ledger bench's database: migrated, with its regions
    from qualitybrand.core.codes import make_uscc
    from qualitybrand.ledgers.engine import import_rows

    import_rows("entities", [{"统一社会信用代码": make_uscc("91", "620503", f"{n:08d}"), "名称": f"他人企业{n}",
                              "主体类型": "企业", "区划代码": "620503"} for n in range(200)])
    result = import_rows("entities", [{"统一社会信用代码": make_uscc("91", "620502", f"{n:08d}"),
                                       "名称": f"撤销测试企业{n}", "主体类型": "企业", "区划代码": "620502"}
                                      for n in range(rows)])
    assert result.created == rows, result.errors[:3]
    return result.batch_id


def undo(data_dir: str, batch_id: int) -> None:
    _django(data_dir)
    from qualitybrand.ledgers.models import ImportBatch
    from qualitybrand.ledgers.services import undo_batch

    started = time.perf_counter()
    n = undo_batch(ImportBatch.objects.get(pk=batch_id))
    print(json.dumps({"undo_s": round(time.perf_counter() - started, 2), "restored": n}))


def writes(data_dir: str, seconds: float, marker: str) -> None:
    """One change-logged write every 50 ms for `seconds` (or until `marker` exists); latencies out."""
    _django(data_dir)
    from qualitybrand.core.services import update_record
    from qualitybrand.registry.models import Entity

    others = list(Entity.objects.filter(region__code="620503")[:200])
    latencies = []
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline and not os.path.exists(marker):
        entity = others[i % len(others)]
        i += 1
        started = time.perf_counter()
        update_record(None, entity, {"name": f"他人企业改{i}"}, check=False)
        latencies.append(time.perf_counter() - started)
        time.sleep(0.05)
    print(json.dumps(latencies))


def _run(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))


def _summary(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    return {"writes": len(ordered), "median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def once(rows: int) -> dict:
    data_dir = tempfile.mkdtemp(prefix="qb_bench_undo_")
    prep = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--prepare", data_dir, str(rows)],
                          capture_output=True, text=True, env=dict(os.environ))
    if prep.returncode:
        return {"failed": prep.stderr[-2000:]}
    batch_id = int(prep.stdout.strip().splitlines()[-1])
    floor = _run("--writes", data_dir, "3", os.path.join(data_dir, "never"))
    floor_out, _ = floor.communicate()
    marker = os.path.join(data_dir, "undo-done")
    writer = _run("--writes", data_dir, "600", marker)
    time.sleep(1.0)  # the writer is connected and writing
    undoer = _run("--undo", data_dir, str(batch_id))
    undo_out, undo_err = undoer.communicate()
    Path(marker).touch()
    writer_out, writer_err = writer.communicate()
    if undoer.returncode or writer.returncode:
        return {"failed": (undo_err or writer_err)[-2000:]}
    return {**json.loads(undo_out.strip().splitlines()[-1]),
            "floor": _summary(json.loads(floor_out.strip().splitlines()[-1])),
            "during_undo": _summary(json.loads(writer_out.strip().splitlines()[-1]))}


def main(argv=None) -> dict:
    rows = int(os.environ.get("QB_BENCH_UNDO_ROWS", "20000"))
    repeat = max(1, int(os.environ.get("QB_BENCH_REPEAT", "3")))
    runs = [once(rows) for _ in range(repeat)]
    failed = [r for r in runs if "failed" in r]
    if failed:
        return {"failed": failed[0]["failed"]}
    ordered = sorted(runs, key=lambda r: r["during_undo"]["max_ms"])
    chosen = ordered[len(ordered) // 2]
    return {"rows": rows, "repeat": repeat, "target_max_ms": 1000, **chosen,
            "runs_max_ms": [r["during_undo"]["max_ms"] for r in runs],
            "runs_undo_s": [r["undo_s"] for r in runs]}


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--prepare":
        print(prepare(sys.argv[2], int(sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--undo":
        undo(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--writes":
        writes(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    else:
        print(json.dumps(main(sys.argv[1:]), ensure_ascii=False, indent=2))
