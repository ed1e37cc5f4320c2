"""Benchmark: the dashboard page (/indicators/) under 20 concurrent logged-in users.

Loads the demo city into a temporary data directory, starts gunicorn (3 workers) on a free loopback
port, logs in 20 sessions (login POST with the CSRF token; the demo accounts that may read figures, in
turn), warms each session once, then drives the 20 users for a bounded time from a second process:
`wrk` when it is installed (a Lua script spreads the 20 session cookies over the requests), else a
thread pool with http.client in a child process. A first 30 s run warms every worker's cache (each
gunicorn worker has its own locmem cache) and is reported apart. Records p50/p95/max latency and the error count
against the target p95 < 300 ms, then the same users with a 1 s pause between pages (Python driver), then stops the server.

    python bench/run.py dashboard
QB_BENCH_SECONDS (default 20) sets the duration; QB_BENCH_DASH_DIR reuses a data dir already loaded.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = "/work/main/.venv/bin/python"
GUNICORN = "/work/main/.venv/bin/gunicorn"
USERS = 20
TARGET_P95_MS = 300
TODAY = "2014-07-10"
WARM_SECONDS = 30
THINK_SECONDS = 1.0
BASELINE_SECONDS = 10
# demo accounts whose role may read the dashboard (demo_accounts.py), password DEMO_PASSWORD
FIGURE_ACCOUNTS = ["city", "leader", "qinzhou", "maiji", "qingshui", "qinan", "gangu", "wushan", "zhangjiachuan",
                   "zhujian", "huanbao"]
PATH = "/reports/dashboard/"


def _env(data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update({"QB_DATA_DIR": str(data_dir), "QB_TODAY": TODAY, "PYTHONPATH": str(ROOT / "src"),
                "QB_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"})
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load_demo(data_dir: Path) -> float:
    started = time.perf_counter()
    for args in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=_env(data_dir), check=True,
                       stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _request(port, method, path, headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        res = conn.getresponse()
        return res.status, res.getheaders(), res.read()
    finally:
        conn.close()


def _cookies(headers) -> dict:
    out = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            out[key.strip()] = rest.split(";")[0]
    return out


def _wait_ready(port, proc, limit=60.0):
    deadline = time.time() + limit
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn 未能启动")
        try:
            status, _, _ = _request(port, "GET", "/accounts/login/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn 启动超时")


def _login(port, username, password) -> str:
    status, headers, body = _request(port, "GET", "/accounts/login/")
    csrf = _cookies(headers).get("csrftoken", "")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    status, headers, _ = _request(port, "POST", "/accounts/login/", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}",
        "Referer": f"http://127.0.0.1:{port}/accounts/login/"})
    session = _cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"登录失败：{username}（HTTP {status}）")
    return f"sessionid={session}; csrftoken={csrf}"


WRK_LUA = """
cookies = {%s}
counter = 0
request = function()
  counter = counter + 1
  wrk.headers["Cookie"] = cookies[(counter %% #cookies) + 1]
  return wrk.format("GET", "%s")
end
response = function(status, headers, body)
  if status ~= 200 then bad = (bad or 0) + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, ' ..
    '"mean": %%f, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d, "seconds": %%f}\\n',
    summary.requests, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean, e.connect, e.read, e.write, e.status, e.timeout, summary.duration / 1e6))
end
"""

POOL_DRIVER = """
import http.client, json, sys, threading, time
port, path, seconds, think = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
cookies = json.loads(sys.stdin.read())
lat, errors, lock = [], [0], threading.Lock()
stop = time.perf_counter() + seconds
def user(cookie):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.perf_counter() < stop:
        t = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            res = conn.getresponse(); res.read(); ok = res.status == 200
        except OSError:
            ok = False; conn.close(); conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        with lock:
            lat.append((time.perf_counter() - t) * 1e6)
            errors[0] += 0 if ok else 1
        if think:
            time.sleep(think)
threads = [threading.Thread(target=user, args=(c,)) for c in cookies]
[t.start() for t in threads]; [t.join() for t in threads]
lat.sort()
pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print(json.dumps({"requests": len(lat), "p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "max": lat[-1],
                  "mean": sum(lat) / len(lat), "errors": errors[0], "seconds": seconds}))
"""


def _drive_wrk(port, cookies, seconds, path=PATH) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_LUA % (", ".join(json.dumps(c) for c in cookies), path))
    try:
        out = subprocess.run(["wrk", "-t", "2", "-c", str(len(cookies)), "-d", f"{int(seconds)}s", "--timeout", "30s",
                              "-s", str(script), f"http://127.0.0.1:{port}"], capture_output=True, text=True,
                             check=True).stdout
    finally:
        script.unlink()
    line = next(line for line in out.splitlines() if line.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON "):])
    data["errors"] = sum(data.pop(k) for k in ("connect", "read", "write", "status", "timeout"))
    return data


def _drive_pool(port, cookies, seconds, think=0.0) -> dict:
    out = subprocess.run([sys.executable, "-c", POOL_DRIVER, str(port), PATH, str(seconds), str(think)],
                         input=json.dumps(cookies), capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def _profile(data_dir: Path) -> dict:
    """One dashboard request in-process, warm: queries and time (what a worker does per request)."""
    code = f"""
import json, time
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection
from qualitybrand.accounts.models import User
c = Client(); c.force_login(User.objects.get(username="city"))
cold = time.perf_counter(); c.get("{PATH}"); cold = time.perf_counter() - cold
with CaptureQueriesContext(connection) as q:
    t = time.perf_counter(); r = c.get("{PATH}"); t = time.perf_counter() - t
print(json.dumps({{"cold_ms": round(cold * 1000, 1), "warm_ms": round(t * 1000, 1), "queries": len(q.captured_queries),
                  "status": r.status_code, "bytes": len(r.content)}}))
"""
    out = subprocess.run([PYTHON, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", code], env=_env(data_dir),
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None) -> dict:
    seconds = float(os.environ.get("QB_BENCH_SECONDS", "20"))
    reuse = os.environ.get("QB_BENCH_DASH_DIR")
    data_dir = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="qb_bench_dash_"))
    result: dict = {"users": USERS, "seconds": seconds, "path": PATH, "workers": 3, "target_p95_ms": TARGET_P95_MS}
    try:
        if not (data_dir / "qualitybrand.sqlite3").exists() or not reuse:
            result["demo_load_s"] = round(_load_demo(data_dir), 1)
        result["in_process"] = _profile(data_dir)
        port = _free_port()
        server = subprocess.Popen([GUNICORN, "qualitybrand.wsgi:application", "--bind", f"127.0.0.1:{port}",
                                   "--workers", "3", "--timeout", "120", "--log-level", "warning"],
                                  env=_env(data_dir), cwd=str(ROOT), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, start_new_session=True)
        try:
            _wait_ready(port, server)
            from qualitybrand.core.demo_accounts import DEMO_PASSWORD

            cookies = [_login(port, FIGURE_ACCOUNTS[i % len(FIGURE_ACCOUNTS)], DEMO_PASSWORD) for i in range(USERS)]
            warm = []
            for cookie in cookies:  # the first request of each session (and worker) fills the caches
                t = time.perf_counter()
                status, _, _ = _request(port, "GET", PATH, headers={"Cookie": cookie})
                warm.append((time.perf_counter() - t) * 1000)
                if status != 200:
                    raise RuntimeError(f"看板请求失败：HTTP {status}")
            result["warmup_ms"] = {"first": round(warm[0], 1), "median": round(statistics.median(warm), 1),
                                   "max": round(max(warm), 1)}
            driver = "wrk" if shutil.which("wrk") else "python-threads"
            drive = _drive_wrk if driver == "wrk" else _drive_pool
            # every gunicorn worker keeps its own cache (locmem): a first bounded run warms all of them
            cold = drive(port, cookies, WARM_SECONDS)
            result["warmup_run"] = {"seconds": WARM_SECONDS, "requests": cold["requests"], "errors": cold["errors"],
                                    "p50_ms": round(cold["p50"] / 1000, 1), "p95_ms": round(cold["p95"] / 1000, 1),
                                    "max_ms": round(cold["max"] / 1000, 1)}
            raw = drive(port, cookies, seconds)
            result.update({
                "driver": driver, "requests": raw["requests"], "errors": raw["errors"],
                "throughput_rps": round(raw["requests"] / raw["seconds"], 1),
                "p50_ms": round(raw["p50"] / 1000, 1), "p95_ms": round(raw["p95"] / 1000, 1),
                "p99_ms": round(raw["p99"] / 1000, 1), "max_ms": round(raw["max"] / 1000, 1),
                "mean_ms": round(raw["mean"] / 1000, 1),
            })
            result["meets_target"] = result["p95_ms"] < TARGET_P95_MS and result["errors"] == 0
            if driver == "wrk":
                # the shell alone (the 工作台 home page: menu, inbox counts, session) under the same load
                base = _drive_wrk(port, cookies, BASELINE_SECONDS, "/")
                result["baseline_home_page"] = {
                    "path": "/", "seconds": BASELINE_SECONDS, "requests": base["requests"], "errors": base["errors"],
                    "throughput_rps": round(base["requests"] / base["seconds"], 1),
                    "p50_ms": round(base["p50"] / 1000, 1), "p95_ms": round(base["p95"] / 1000, 1)}
            # the same 20 users as people use a dashboard: a pause of THINK_SECONDS between pages
            paced = _drive_pool(port, cookies, seconds, THINK_SECONDS)
            result["with_think_time"] = {
                "think_s": THINK_SECONDS, "requests": paced["requests"], "errors": paced["errors"],
                "throughput_rps": round(paced["requests"] / paced["seconds"], 1),
                "p50_ms": round(paced["p50"] / 1000, 1), "p95_ms": round(paced["p95"] / 1000, 1),
                "max_ms": round(paced["max"] / 1000, 1),
                "meets_target": paced["p95"] / 1000 < TARGET_P95_MS and paced["errors"] == 0}
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    finally:
        if not reuse:
            shutil.rmtree(data_dir, ignore_errors=True)
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), ensure_ascii=False, indent=2))
