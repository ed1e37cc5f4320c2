"""Benchmark (issue 17, "Speed"): the public portal under 50 anonymous users, with a static-file floor.

The demo city in a temporary data directory (or `QB_BENCH_DATA_DIR`, kept between runs), served as
`make run` serves it (scripts/run.sh: migrate, collectstatic, gunicorn with `QB_BENCH_WORKERS` workers,
default 3, QB_TODAY 2014-07-10). 50 client threads (http.client, keep-alive, started together) each
request REQUESTS_PER_USER pages drawn (seeded) from the portal's mix: the home page, the brand
directory with pinyin queries (`tsxh` …) and filters, 公示, the blacklist, inspection results (list and
a detail), policies and news — each candidate is tried once first and left out (named in the result)
when the tree does not serve it (200 needed). In the same run, the same 50 threads then request a
static file of similar size (the file under the apps' static directories closest in size to the mean
page) from the same server: the floor, what the server costs without the application.

One repetition = a warm-up pass (not measured), the pages pass, the static pass. Reported per pass:
p50/p95/p99/max latency (ms), throughput (requests/s), errors; over QB_BENCH_REPEAT repetitions
(default 3) the median and the spread (min–max). The machine: cpu count and load average before and
after. Target: pages p95 < 100 ms.

    python bench/run.py portal                      # → bench/results/portal-sqlite.json
    python bench/bench_portal.py                    # the same, written by this file
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = os.environ.get("QB_BENCH_PYTHON", sys.executable)
GUNICORN = os.environ.get("QB_BENCH_GUNICORN", str(Path(sys.executable).parent / "gunicorn"))
TODAY = "2014-07-10"
USERS = int(os.environ.get("QB_BENCH_USERS", "50"))
WORKERS = int(os.environ.get("QB_BENCH_WORKERS", "3"))
REQUESTS_PER_USER = int(os.environ.get("QB_BENCH_REQUESTS", "20"))
REPEAT = int(os.environ.get("QB_BENCH_REPEAT", "3"))
TARGET_P95_MS = 100
SEED = 17
CANDIDATES = [  # (label, path, weight)
    ("home", "/portal/", 3),
    ("brands", "/portal/brands/", 2),
    ("brands_tsxh", "/portal/brands/?q=tsxh", 3),
    ("brands_pinyin", "/portal/brands/?q=tianshui", 1),
    ("brands_tier", "/portal/brands/?tier=%E7%9C%81", 1),
    ("notices", "/portal/notices/", 1),
    ("blacklist", "/portal/blacklist/", 2),
    ("inspections", "/portal/inspections/", 2),
    ("policies", "/portal/policies/", 1),
    ("news", "/portal/news/", 1),
]
DETAIL = re.compile(rb'href="(/portal/(?:inspections|brands|policies|news)/\d+/)"')


def _src() -> Path:
    return Path(os.environ.get("QB_BENCH_SRC") or ROOT / "src").resolve()


def _env(data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update({"QB_DATA_DIR": str(data_dir), "QB_TODAY": TODAY, "PYTHONPATH": str(_src()),
                "QB_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "QB_DEMO": "on"})
    return env


def _manage(data_dir: Path, *args) -> None:
    subprocess.run([PYTHON, str(_src().parent / "manage.py"), *args], env=_env(data_dir), check=True,
                   cwd=str(_src().parent), stdout=subprocess.DEVNULL)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        res = conn.getresponse()
        return res.status, res.read()
    finally:
        conn.close()


def _wait_ready(port: int, proc, limit: float = 120.0) -> None:
    deadline = time.time() + limit
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn 未能启动")
        try:
            if _get(port, "/accounts/login/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn 启动超时")


def _discover(port: int) -> tuple[list[tuple[str, str, int]], list[str], int]:
    """The candidates the tree serves (200), the ones it does not, and the mean page size."""
    served, missing, sizes, details = [], [], [], []
    for label, path, weight in CANDIDATES:
        status, body = _get(port, path)
        if status == 200:
            served.append((label, path, weight))
            sizes.append(len(body))
            details += [m.decode() for m in DETAIL.findall(body)]
        else:
            missing.append(f"{label} {path} ({status})")
    for kind in ("inspections", "brands", "policies"):
        found = next((d for d in details if f"/portal/{kind}/" in d), None)
        if found and _get(port, found)[0] == 200:
            served.append((f"{kind}_detail", found, 2 if kind == "inspections" else 1))
    return served, missing, int(statistics.mean(sizes)) if sizes else 0


def _static_floor(size: int) -> tuple[str, int]:
    """The static file (of the apps' own, no vendor bundle) closest in size to a page."""
    files = [p for p in (_src() / "qualitybrand").glob("*/static/**/*") if p.is_file() and "vendor" not in p.parts
             and p.suffix in {".css", ".js", ".svg", ".json"}]
    best = min(files, key=lambda p: abs(p.stat().st_size - size))
    rel = Path(*best.parts[best.parts.index("static") + 1:])
    return f"/static/{rel.as_posix()}", best.stat().st_size


def _drive(port: int, plans: list[list[str]]) -> dict:
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(len(plans))

    def user(plan):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        barrier.wait()
        mine, bad = [], 0
        for path in plan:
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                res = conn.getresponse()
                res.read()
                ok = res.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((time.perf_counter() - t) * 1000)
            bad += 0 if ok else 1
        conn.close()
        with lock:
            lat.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=user, args=(p,)) for p in plans]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()

    def pick(q):
        return round(lat[min(len(lat) - 1, int(q * len(lat)))], 1)

    return {"requests": len(lat), "errors": errors[0], "p50_ms": pick(0.5), "p95_ms": pick(0.95),
            "p99_ms": pick(0.99), "max_ms": round(lat[-1], 1), "wall_s": round(wall, 2),
            "throughput_rps": round(len(lat) / wall, 1)}


def _spread(passes: list[dict]) -> dict:
    out = {}
    for key in ("p50_ms", "p95_ms", "p99_ms", "throughput_rps"):
        values = [p[key] for p in passes]
        out[key] = {"median": round(statistics.median(values), 1), "min": min(values), "max": max(values)}
    out["errors"] = sum(p["errors"] for p in passes)
    return out


def main(argv=None) -> dict:
    keep = os.environ.get("QB_BENCH_DATA_DIR")
    data_dir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="qb_bench_portal_"))
    data_dir.mkdir(parents=True, exist_ok=True)
    src = _src()
    commit = subprocess.run(["git", "-C", str(src), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    result: dict = {"src": str(src), "commit": commit, "users": USERS, "workers": WORKERS,
                    "requests_per_user": REQUESTS_PER_USER, "repeat": REPEAT, "target_p95_ms": TARGET_P95_MS,
                    "machine": {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()}}
    started = time.perf_counter()
    _manage(data_dir, "migrate", "--noinput", "-v0")
    _manage(data_dir, "collectstatic", "--noinput", "-v0")
    if not (data_dir / ".demo_loaded").exists():
        _manage(data_dir, "load_demo")
        (data_dir / ".demo_loaded").write_text("1")
    result["prepare_s"] = round(time.perf_counter() - started, 1)
    port = _free_port()
    server = subprocess.Popen([GUNICORN, "qualitybrand.wsgi:application", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(WORKERS), "--timeout", "300", "--log-level", "warning"],
                              env=_env(data_dir), cwd=str(src.parent), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_ready(port, server)
        served, missing, page_size = _discover(port)
        if not served:
            raise RuntimeError("门户页面均不可用：没有可测的页面。")
        static_path, static_size = _static_floor(page_size)
        if _get(port, static_path)[0] != 200:
            raise RuntimeError(f"静态文件 {static_path} 不可用。")
        result.update({"pages": {label: path for label, path, _ in served}, "not_served": missing,
                       "mean_page_bytes": page_size, "static_floor": {"path": static_path, "bytes": static_size}})
        rng = random.Random(SEED)
        paths = [p for _, p, w in served for _ in range(w)]
        runs = []
        for _ in range(REPEAT):
            warm = [[rng.choice(paths) for _ in range(5)] for _ in range(USERS)]
            _drive(port, warm)
            plans = [[rng.choice(paths) for _ in range(REQUESTS_PER_USER)] for _ in range(USERS)]
            pages = _drive(port, plans)
            floor = _drive(port, [[static_path] * REQUESTS_PER_USER for _ in range(USERS)])
            runs.append({"pages": pages, "static": floor})
        result["runs"] = runs
        result["pages_summary"] = _spread([r["pages"] for r in runs])
        result["static_summary"] = _spread([r["static"] for r in runs])
        result["meets_target"] = result["pages_summary"]["p95_ms"]["median"] < TARGET_P95_MS
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        result["machine"]["load_average_after"] = os.getloadavg()
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from bench.run import machine

    out = {"benchmark": "portal", "machine": machine(), "database": "postgresql" if os.environ.get(
        "DATABASE_URL", "").startswith("postgres") else "sqlite", "results": main(sys.argv[1:])}
    (HERE / "results").mkdir(exist_ok=True)
    target = HERE / "results" / f"portal-{out['database']}.json"
    target.write_text(json.dumps(out, ensure_ascii=False, indent=2))
    print(json.dumps(out, ensure_ascii=False, indent=2))
