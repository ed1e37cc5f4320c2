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


def _backend_cpu(connection) -> float:
    """CPU seconds used so far by this connection's PostgreSQL server process, when it runs on this machine
    (parallel workers not included); 0 for SQLite, whose work is the Python process's own."""
    if connection is None or connection.vendor != "postgresql":
        return 0.0
    pid = getattr(connection, "_qb_bench_pid", None)
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = connection._qb_bench_pid = cursor.fetchone()[0]
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn, connection=None):
    """(wall seconds, CPU seconds, result) of one call, after a garbage collection so an earlier run's garbage
    is not billed. CPU = this process plus the database server process: what the call costs on a quiet
    machine, whatever the load of the shared one."""
    gc.collect()
    cpu_db = _backend_cpu(connection)
    cpu, started = time.process_time(), time.perf_counter()
    result = fn()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return wall, cpu + _backend_cpu(connection) - cpu_db, result


def interleaved(named: dict, n: int, before=None, connection=None) -> tuple[dict[str, dict], dict]:
    """Runs every function of `named` once per round, n rounds, so load changes on the shared machine hit
    the engine and its floor alike. Returns {name: {"wall": spread, "cpu": spread}} and the last result of each."""
    walls: dict[str, list[float]] = {name: [] for name in named}
    cpus: dict[str, list[float]] = {name: [] for name in named}
    last: dict = {}
    for _ in range(n):
        for name, fn in named.items():
            if before:
                before()
            wall, cpu, last[name] = timed(fn, connection)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {name: {"wall": spread(walls[name]), "cpu": spread(cpus[name])} for name in named}, last


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
    """Figures of one engine path against its floor (medians of wall time and of CPU time)."""
    def ratio(a, b):
        return round(a / b, 2) if b else None

    out = {"engine_median_s": engine["wall"]["median"], "floor_median_s": floor["wall"]["median"],
           "ratio_median": ratio(engine["wall"]["median"], floor["wall"]["median"]),
           "engine_cpu_median_s": engine["cpu"]["median"], "floor_cpu_median_s": floor["cpu"]["median"],
           "cpu_ratio_median": ratio(engine["cpu"]["median"], floor["cpu"]["median"]),
           "target_seconds": target_seconds, "meets_seconds": engine["wall"]["median"] <= target_seconds,
           "meets_seconds_cpu": engine["cpu"]["median"] <= target_seconds}
    if target_ratio is not None:
        out["target_ratio"] = target_ratio
        out["meets_ratio"] = out["ratio_median"] is not None and out["ratio_median"] <= target_ratio
    return out
