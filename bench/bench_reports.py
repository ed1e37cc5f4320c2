"""Benchmark: the 2013 annual summary (年度工作总结) of the demo city, generated end to end (the kind's
context from the engine and planning/cultivation, and the .docx), repeated, against a floor measured in
the same run: `indicators.engine.compute` of the same codes, regions and periods alone. Target < 10 s.

    python bench/run.py reports           (make bench BENCH_ARGS=reports)

Loads the demo city into a temporary data directory first (about a minute), or reuses
QB_BENCH_REPORTS_DIR when it names a loaded one. QB_BENCH_REPEAT (default 5) runs of each, alternated.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
TODAY = "2014-07-10"
TARGET_S = 10.0

CHILD = r"""
import json, os, statistics, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
django.setup()
from qualitybrand.core.models import Region
from qualitybrand.demo import profile
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from qualitybrand.reports import kinds
from qualitybrand.reports.dashboard import COMPARE_CODES
from qualitybrand.reports.documents import common
from qualitybrand.reports.documents.annual_summary import THEMES

repeat = int(os.environ.get("QB_BENCH_REPEAT", "5"))
city = Region.objects.get(code=profile.CITY)
kind = kinds.get("annual_summary")
codes = [c for _t, items in THEMES for c, _l, _v in items]
regions = [city] + common.children_of(city)
load = os.getloadavg()[0]

def document():
    req = kinds.DocRequest(kind="annual_summary", region=city, year=2013, office=common.office_name(city))
    ctx = kind.context(req)
    return len(kind.build(req, ctx, kinds.no_progress))

def floor():
    compute(codes + COMPARE_CODES, Period.year(2013), regions)
    compute(codes, Period.year(2012), [city])

doc_times, floor_times = [], []
size = 0
for _ in range(repeat):
    t = time.perf_counter(); size = document(); doc_times.append(time.perf_counter() - t)
    t = time.perf_counter(); floor(); floor_times.append(time.perf_counter() - t)

def stats(xs):
    return {"median_s": round(statistics.median(xs), 4), "min_s": round(min(xs), 4), "max_s": round(max(xs), 4),
            "spread_s": round(max(xs) - min(xs), 4), "runs": [round(x, 4) for x in xs]}

print(json.dumps({"document": stats(doc_times), "floor_engine": stats(floor_times), "docx_bytes": size,
                  "ratio_to_floor": round(statistics.median(doc_times) / max(statistics.median(floor_times), 1e-9), 2),
                  "target_s": %(target)s, "ok": statistics.median(doc_times) < %(target)s,
                  "load_start": round(load, 2), "load_end": round(os.getloadavg()[0], 2), "repeat": repeat}))
"""


def _env(data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update({"QB_DATA_DIR": str(data_dir), "QB_TODAY": TODAY, "PYTHONPATH": str(ROOT / "src")})
    return env


def _qb(env, *args) -> None:
    subprocess.run([PYTHON, "-m", "qualitybrand", *args], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def main(argv=None) -> dict:
    reuse = os.environ.get("QB_BENCH_REPORTS_DIR")
    tmp = None
    if reuse:
        data_dir = Path(reuse)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="qb-bench-reports-")
        data_dir = Path(tmp.name)
    env = _env(data_dir)
    try:
        if not reuse:
            _qb(env, "migrate", "--noinput", "-v0")
            _qb(env, "load_demo")
        out = subprocess.run([PYTHON, "-c", CHILD % {"target": TARGET_S}], env=env, check=True, cwd=ROOT,
                             capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["what"] = "2013 年度工作总结（天水市，演示数据）：context + .docx；下限为同一组指标的引擎计算"
        return result
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), ensure_ascii=False, indent=2))
