"""Timing helpers shared by bench_credit_rating and bench_warnings_all: repeated runs, their spread, and the
state of the (shared, busy) machine while they ran."""

from __future__ import annotations

import gc
import os
import statistics
import time


def repeat() -> int:
    return max(int(os.environ.get("QB_BENCH_REPEAT", "5")), 1)


def spread(times: list[float]) -> dict:
    """Median, p95 (nearest rank), min and max of a list of seconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, -(-95 * len(ordered) // 100) - 1))]
    return {"median": round(statistics.median(ordered), 3), "p95": round(p95, 3), "min": round(ordered[0], 3),
            "max": round(ordered[-1], 3), "runs": [round(t, 3) for t in times]}


def timed(fn):
    """(seconds, result) of one call, after a garbage collection so an earlier run's garbage is not billed."""
    gc.collect()
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def interleaved(named: dict, n: int, before=None) -> tuple[dict[str, list[float]], dict]:
    """Runs every function of `named` once per round, n rounds, so load changes on the shared machine hit
    the engine and its floor alike. Returns the seconds per name and the last result of each."""
    times: dict[str, list[float]] = {name: [] for name in named}
    last: dict = {}
    for _ in range(n):
        for name, fn in named.items():
            if before:
                before()
            seconds, last[name] = timed(fn)
            times[name].append(seconds)
    return times, last


def database_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
        cursor.execute("SELECT sqlite_version()")
        return "SQLite " + cursor.fetchone()[0]


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def verdict(engine: dict, floor: dict, target_seconds: float, target_ratio: float | None) -> dict:
    """Figures of one engine path against its floor (medians)."""
    out = {"engine_median_s": engine["median"], "floor_median_s": floor["median"],
           "ratio_median": round(engine["median"] / floor["median"], 2) if floor["median"] else None,
           "target_seconds": target_seconds, "meets_seconds": engine["median"] <= target_seconds}
    if target_ratio is not None:
        out["target_ratio"] = target_ratio
        out["meets_ratio"] = out["ratio_median"] is not None and out["ratio_median"] <= target_ratio
    return out
