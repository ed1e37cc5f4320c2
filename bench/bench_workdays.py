"""Benchmark: working-day deadlines in bulk (supervision.md § Working days; issue 13/14).

`add_working_days_many(starts, n)` for 100,000 random start dates in 2013–2025 (n = 7 and n = 15):
target < 2 s. The floor is the same work by hand in the same run: the sorted list of working days of
those years built from `chinesecalendar` directly and one bisect per start (what any implementation
must at least do); the one-by-one path (`add_working_days` per start, one calendar per call) is
measured on 1,000 starts for scale.

    python bench/run.py workdays
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNT = 100_000
TARGET_SECONDS = 2.0


def _django(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["QB_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _floor(starts: list[dt.date], n: int) -> float:
    import chinese_calendar

    began = time.perf_counter()
    first, last = min(starts).year, max(starts).year + 1
    days, d = [], dt.date(first, 1, 1)
    while d.year <= last:
        if chinese_calendar.is_workday(d):
            days.append(d)
        d += dt.timedelta(days=1)
    [days[bisect.bisect_right(days, s) + n - 1] for s in starts]
    return time.perf_counter() - began


def main(argv=None) -> dict:
    with tempfile.TemporaryDirectory(prefix="qb-bench-workdays-") as data_dir:
        _django(data_dir)
        from qualitybrand.core import workdays

        rng = random.Random(13)
        base = dt.date(2013, 1, 1)
        starts = [base + dt.timedelta(days=rng.randrange(0, 13 * 365)) for _ in range(COUNT)]
        results = {"starts": COUNT, "target_seconds": TARGET_SECONDS}
        for n in (7, 15):
            workdays._library_year.cache_clear()  # cold: the library's years are read again
            began = time.perf_counter()
            due = workdays.add_working_days_many(starts, n)
            cold = time.perf_counter() - began
            began = time.perf_counter()
            workdays.add_working_days_many(starts, n)
            warm = time.perf_counter() - began
            floor = _floor(starts, n)
            assert due[0] == workdays.add_working_days(starts[0], n)
            results[f"n{n}"] = {"cold_seconds": round(cold, 3), "warm_seconds": round(warm, 3),
                                "floor_seconds": round(floor, 3), "meets_target": cold < TARGET_SECONDS}
        began = time.perf_counter()
        for s in starts[:1000]:
            workdays.add_working_days(s, 15)
        results["one_by_one_1000_seconds"] = round(time.perf_counter() - began, 3)
        return results


if __name__ == "__main__":
    print(main())
