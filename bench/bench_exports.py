"""List export benchmark (issue 16, item 8): the 100,000-row entity list exported from its page.

Before: the page's export built the whole file in memory and answered only when it was complete
(`ledgers.export.export_queryset`; the page still offers that file as “台账格式”, `?export=ledger-xlsx`,
through the same code, so it is measured in the same run). After: the list as shown (`core/exports.py`),
both formats streamed (`StreamingHttpResponse` over `iterator(chunk_size)`): the .xlsx through
`core/xlsxstream.py` (the sheet deflated into the ZIP as rows arrive), the .csv row by row.

Measured per variant, each in a fresh process calling the page's view as a city administrator:
time to first byte (the view returns and the first chunk of the body is produced), total time (the
whole body read), the body's size, and the process's peak RSS. QB_BENCH_REPEAT runs (default 3); the
run with the median total is reported, with every run's total. QB_BENCH_ROWS sets the size (default
100,000). DATABASE_URL selects the database (a scratch SQLite file by default; a PostgreSQL database
named there is flushed first).

Run: `python bench/run.py exports`.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VARIANTS = {
    "before_ledger_xlsx": {"export": "ledger-xlsx"},
    "after_list_xlsx": {"export": "xlsx"},
    "after_list_csv": {"export": "csv"},
}


def _django(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ["QB_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
    import django

    django.setup()


def prepare(data_dir: str, rows: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.bench_ledgers import setup

    setup(data_dir)  # the ledger bench's database: migrated, with its regions
    from qualitybrand.core.codes import make_uscc
    from qualitybrand.ledgers.engine import import_rows

    counties = ["620502", "620503", "620521", "620522", "620523"]
    for start in range(0, rows, 20000):
        import_rows("entities", [{"统一社会信用代码": make_uscc("91", counties[n % 5], f"{n:08d}"),
                                  "名称": f"导出测试企业{n}有限公司", "主体类型": "企业", "区划代码": counties[n % 5],
                                  "成立日期": f"20{n % 14:02d}-0{n % 9 + 1}-1{n % 9}"}
                                 for n in range(start, min(rows, start + 20000))])
    from qualitybrand.accounts.models import User
    from qualitybrand.core.models import Region

    User.objects.create(username="bench_city", role="city_admin", region=Region.objects.get(code="620500"))


def measure(data_dir: str, variant: str) -> dict:
    """One export through the page's view, in this (fresh) process."""
    _django(data_dir)
    from django.test import RequestFactory
    from django.urls import resolve

    from qualitybrand.accounts.models import User

    user = User.objects.get(username="bench_city")
    request = RequestFactory().get("/registry/entities/", VARIANTS[variant])
    request.user = user
    view = resolve("/registry/entities/").func
    started = time.perf_counter()
    response = view(request)
    size = 0
    first = None
    if response.streaming:
        for chunk in response.streaming_content:
            if first is None:
                first = time.perf_counter() - started
            size += len(chunk)
    else:
        size = len(response.content)
        first = time.perf_counter() - started
    total = time.perf_counter() - started
    response.close()
    assert response.status_code == 200, response.status_code
    return {"ttfb_s": round(first, 3), "total_s": round(total, 3), "bytes": size,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main(argv=None) -> dict:
    rows = int(os.environ.get("QB_BENCH_ROWS", "100000"))
    repeat = int(os.environ.get("QB_BENCH_REPEAT", "3"))
    with tempfile.TemporaryDirectory() as data_dir:
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "prepare", data_dir, str(rows)], check=True)
        out: dict = {"rows": rows, "repeat": repeat, "prepare_s": round(time.perf_counter() - started, 1),
                     "issue_before_s": 4.9, "loadavg_start": [round(x, 2) for x in os.getloadavg()],
                     "note": "the machine is shared with other sessions (see loadavg): compare before and after "
                             "within one run, not with the issue's 4.9 s measured on an idle machine"}
        for variant in VARIANTS:
            runs = []
            for _ in range(repeat):
                done = subprocess.run([sys.executable, __file__, "measure", data_dir, variant], check=True,
                                      capture_output=True, text=True)
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            median = sorted(runs, key=lambda r: r["total_s"])[len(runs) // 2]
            out[variant] = {**median, "runs_total_s": [r["total_s"] for r in runs],
                            "runs_ttfb_s": [r["ttfb_s"] for r in runs],
                            "median_total_s": round(statistics.median(r["total_s"] for r in runs), 3)}
    out["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return out


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "prepare":
        _django(sys.argv[2])
        prepare(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "measure":
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    else:
        print(json.dumps(main(), ensure_ascii=False, indent=2))
