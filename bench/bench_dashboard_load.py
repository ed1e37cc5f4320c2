"""Benchmark (issue 16, item 10): the dashboard under load, cold and warm.

The demo city in a temporary data directory, served as `make run` serves it (scripts/run.sh: gunicorn,
3 workers). 20 users log in with the demo accounts that may read figures (core/demo_accounts.py) and
each opens REQUESTS_PER_USER dashboards back to back, each for a random region it may see (the city and
its counties for the city's accounts, its own county for a county) and a random year of YEARS (the
same seeded choices in every run). One repetition:

  cold  — after a data version bump (every cached figure is stale: what the first users see after an
          edit or an import), one pass of the 20 users;
  sweep — (not measured) every (region, year) requested WARM_SWEEP times, so that every worker has
          the pages it would keep in its own cache;
  warm  — one more pass of the 20 users.

With `QB_BENCH_PRECOMPUTE=1` (default when the tree has indicators/tasks.py) a third pass per
repetition measures what follows an import: bump, the precompute task (run here in-process, as the
task worker would), then a pass of the 20 users.

Reported per pass: p50/p95/max latency (ms) and the error count (non-200 or no answer); over the
REPEAT repetitions the median and the spread (min–max) of p50 and p95. Also the queries of one
uncached dashboard in-process (threads off, so that every query is on the counted connection): the
whole page and its figures alone, and the CPU time of the figures (median of 5, after a bump each). Targets: p95 < 300 ms warm, < 1 s cold, 0 errors.

    python bench/run.py dashboard_load
QB_BENCH_SRC: the `src` directory to serve (default this tree's; e.g. /work/main/src for "before").
"""

from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.bench_dashboard import (  # noqa: E402
    FIGURE_ACCOUNTS,
    GUNICORN,
    PYTHON,
    TODAY,
    _free_port,
    _login,
    _request,
    _wait_ready,
)

USERS = 20
WORKERS = 3
REQUESTS_PER_USER = 10
YEARS = [2010, 2011, 2012, 2013, 2014]
REPEAT = int(os.environ.get("QB_BENCH_REPEAT", "3"))
WARM_SWEEP = 6
TARGET_WARM_P95_MS, TARGET_COLD_P95_MS = 300, 1000
CITY = "620500"
COUNTIES = {"qinzhou": "620502", "maiji": "620503", "qingshui": "620521", "qinan": "620522", "gangu": "620523",
            "wushan": "620524", "zhangjiachuan": "620525"}
SEED = 16


def _src() -> Path:
    return Path(os.environ.get("QB_BENCH_SRC") or ROOT / "src").resolve()


def _env(data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update({"QB_DATA_DIR": str(data_dir), "QB_TODAY": TODAY, "PYTHONPATH": str(_src()),
                "QB_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "QB_DEMO": "on"})
    return env


def _manage(data_dir: Path, *args, code: str | None = None) -> str:
    manage = _src().parent / "manage.py"
    argv = [PYTHON, str(manage), *args] if code is None else [PYTHON, str(manage), "shell", "-v", "0", "-c", code]
    return subprocess.run(argv, env=_env(data_dir), check=True, capture_output=True, text=True,
                          cwd=str(_src().parent)).stdout


def _plan(rng: random.Random, account: str) -> list[tuple[str, int]]:
    regions = [COUNTIES[account]] if account in COUNTIES else [CITY, *COUNTIES.values()]
    return [(rng.choice(regions), rng.choice(YEARS)) for _ in range(REQUESTS_PER_USER)]


DRIVER = """
import http.client, json, sys, threading, time
port = int(sys.argv[1])
panel = sys.argv[2] == "1"  # the page then asks for the pipeline's flags, as the browser does (htmx)
users = json.loads(sys.stdin.read())  # [[cookie, [[region, year], ...]], ...]
lat, panel_lat, errors, lock = [], [], [0], threading.Lock()
start = threading.Barrier(len(users))
def user(cookie, plan):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start.wait()
    for region, year in plan:
        t = time.perf_counter()
        try:
            conn.request("GET", f"/reports/dashboard/?region={region}&year={year}", headers={"Cookie": cookie})
            res = conn.getresponse(); res.read(); ok = res.status == 200
        except OSError:
            ok = False; conn.close(); conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        with lock:
            lat.append((time.perf_counter() - t) * 1000)
            errors[0] += 0 if ok else 1
        if panel:
            t = time.perf_counter()
            try:
                conn.request("GET", f"/indicators/shortfalls/?region={region}", headers={"Cookie": cookie})
                res = conn.getresponse(); res.read(); ok = res.status == 200
            except OSError:
                ok = False; conn.close(); conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            with lock:
                panel_lat.append((time.perf_counter() - t) * 1000)
                errors[0] += 0 if ok else 1
threads = [threading.Thread(target=user, args=(c, p)) for c, p in users]
t0 = time.perf_counter()
[t.start() for t in threads]; [t.join() for t in threads]
wall = time.perf_counter() - t0
lat.sort(); panel_lat.sort()
pick = lambda values, q: values[min(len(values) - 1, int(q * len(values)))]
out = {"requests": len(lat), "errors": errors[0], "p50_ms": round(pick(lat, 0.5), 1),
       "p95_ms": round(pick(lat, 0.95), 1), "max_ms": round(lat[-1], 1), "wall_s": round(wall, 2)}
if panel_lat:
    out.update(panel_p50_ms=round(pick(panel_lat, 0.5), 1), panel_p95_ms=round(pick(panel_lat, 0.95), 1))
print(json.dumps(out))
"""


def _has_panel() -> bool:
    """The tree serves the pipeline's flags as their own request (after issue 16)."""
    return "shortfalls/" in (_src() / "qualitybrand" / "indicators" / "urls.py").read_text(encoding="utf-8")


def _drive(port: int, users: list) -> dict:
    out = subprocess.run([sys.executable, "-c", DRIVER, str(port), "1" if _has_panel() else "0"],
                         input=json.dumps(users), capture_output=True, text=True, check=True).stdout
    return json.loads(out)


PROFILE = """
import json
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from qualitybrand.accounts.models import User
from qualitybrand.core import clock
from qualitybrand.core.changelog import bump_data_version
from qualitybrand.core.models import Region
from qualitybrand.reports import dashboard as views
settings.QB_INDICATOR_THREADS = False
client = Client(); client.force_login(User.objects.get(username="city"))
region = Region.objects.get(code="620500")

def figures(year):
    if hasattr(views, "dashboard_figures"):
        return views.dashboard_figures(region, year)
    def build():
        context = views._figures_context(region, year, "tm.per100")
        return (render_to_string("indicators/_dashboard_cards.html", context),
                render_to_string("indicators/_dashboard_figures.html", context))
    return views.cached_section(("figures", region.code, year, "tm.per100", clock.today().isoformat()), build)

def count(fn):
    bump_data_version()
    with CaptureQueriesContext(connection) as q:
        fn()
    return len(q.captured_queries)

def cpu_ms(fn, times=5):
    # CPU time of the process (its threads and SQLite included), less sensitive to a busy machine
    import statistics, time
    spent = []
    for _ in range(times):
        bump_data_version()
        t = time.process_time(); fn(); spent.append((time.process_time() - t) * 1000)
    return round(statistics.median(spent), 1)

client.get("/reports/dashboard/?region=620500&year=2013")  # a first page (imports, templates, the learned periods)
figures(2012)
out = {"page": count(lambda: client.get("/reports/dashboard/?region=620500&year=2014")),
       "figures": count(lambda: figures(2014)),
       "figures_cpu_ms_median_of_5": {"2014": cpu_ms(lambda: figures(2014)), "2012": cpu_ms(lambda: figures(2012))}}
print(json.dumps(out))
"""


def _bump(data_dir: Path, precompute: bool = False) -> float:
    code = "from qualitybrand.core.changelog import bump_data_version; bump_data_version()"
    if precompute:
        code += ("\nimport time; t = time.perf_counter()\nfrom qualitybrand.indicators.tasks import precompute\n"
                 "precompute(); print(round(time.perf_counter() - t, 2))")
    out = _manage(data_dir, code=code).strip()
    return float(out.splitlines()[-1]) if precompute else 0.0


def _summary(passes: list[dict]) -> dict:
    out = {"errors": sum(p["errors"] for p in passes), "requests": sum(p["requests"] for p in passes)}
    for key in ("p50_ms", "p95_ms", "max_ms", "panel_p50_ms", "panel_p95_ms"):
        if key not in passes[0]:
            continue
        values = [p[key] for p in passes]
        out[key] = {"median": round(statistics.median(values), 1), "min": min(values), "max": max(values)}
    return out


def main(argv=None) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="qb_bench_dashload_"))
    src = _src()
    commit = subprocess.run(["git", "-C", str(src), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    has_precompute = (src / "qualitybrand" / "indicators" / "tasks.py").exists()
    precompute = os.environ.get("QB_BENCH_PRECOMPUTE", "1" if has_precompute else "0") == "1"
    result: dict = {"src": str(src), "commit": commit, "users": USERS, "workers": WORKERS,
                    "requests_per_user": REQUESTS_PER_USER, "years": YEARS, "repeat": REPEAT,
                    "warm_sweep": WARM_SWEEP, "targets_p95_ms": {"warm": TARGET_WARM_P95_MS,
                                                                "cold": TARGET_COLD_P95_MS}}
    result["load_average_before"] = os.getloadavg()  # the machine is shared: how busy it was
    try:
        started = time.perf_counter()
        _manage(data_dir, "migrate", "--noinput", "-v0")
        _manage(data_dir, "load_demo")
        result["demo_load_s"] = round(time.perf_counter() - started, 1)
        result["queries_uncached"] = json.loads(_manage(data_dir, code=PROFILE).strip().splitlines()[-1])
        port = _free_port()
        server = subprocess.Popen([GUNICORN, "qualitybrand.wsgi:application", "--bind", f"127.0.0.1:{port}",
                                   "--workers", str(WORKERS), "--timeout", "300", "--log-level", "warning"],
                                  env=_env(data_dir), cwd=str(src.parent), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            _wait_ready(port, server)
            from qualitybrand.core.demo_accounts import DEMO_PASSWORD

            accounts = [FIGURE_ACCOUNTS[i % len(FIGURE_ACCOUNTS)] for i in range(USERS)]
            cookies = [_login(port, a, DEMO_PASSWORD) for a in accounts]
            status, _, _ = _request(port, "GET", "/reports/dashboard/", headers={"Cookie": cookies[0]})
            if status != 200:
                raise RuntimeError(f"看板请求失败：HTTP {status}")
            rng = random.Random(SEED)
            city_cookies = [c for a, c in zip(accounts, cookies) if a not in COUNTIES]
            combos = [(r, y) for r in [CITY, *COUNTIES.values()] for y in YEARS]
            runs = []
            for _ in range(REPEAT):
                run: dict = {}
                _bump(data_dir)
                run["cold"] = _drive(port, [[c, _plan(rng, a)] for a, c in zip(accounts, cookies)])
                sweep = [combo for combo in combos for _ in range(WARM_SWEEP)]
                random.Random(SEED).shuffle(sweep)
                share = [[c, sweep[i::len(city_cookies)]] for i, c in enumerate(city_cookies)]
                run["sweep_s"] = _drive(port, share)["wall_s"]
                run["warm"] = _drive(port, [[c, _plan(rng, a)] for a, c in zip(accounts, cookies)])
                if precompute:
                    run["precompute_s"] = _bump(data_dir, precompute=True)
                    run["after_import"] = _drive(port, [[c, _plan(rng, a)] for a, c in zip(accounts, cookies)])
                runs.append(run)
            result["runs"] = runs
            for name in ("cold", "warm", "after_import"):
                if name in runs[0]:
                    result[name] = _summary([r[name] for r in runs])
            result["load_average_after"] = os.getloadavg()
            result["meets_targets"] = (result["warm"]["p95_ms"]["max"] < TARGET_WARM_P95_MS
                                       and result["cold"]["p95_ms"]["max"] < TARGET_COLD_P95_MS
                                       and result["cold"]["errors"] == result["warm"]["errors"] == 0)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    finally:
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), ensure_ascii=False, indent=2))
