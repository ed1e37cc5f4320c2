"""Imports and undo in the worker, and what a killed process leaves (issue 12, items 1 and 3)."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from qualitybrand.core.models import ChangeLog
from qualitybrand.ledgers import services
from qualitybrand.ledgers.engine import import_rows
from qualitybrand.ledgers.models import ImportBatch
from qualitybrand.registry.models import Entity
from tests.core.backup_sites import ROOT, PostgresServer, SqliteServer
from tests.ledgers.conftest import USCC_A

HEAD = ["统一社会信用代码", "名称", "主体类型", "区划代码"]
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def csv_upload(lines, name="e.csv"):
    f = io.BytesIO("\n".join(",".join(line) for line in lines).encode())
    f.name = name
    return f


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_api_answers_202_and_the_worker_finishes_the_import(city_user, settings):
    settings.TASKS = DB_QUEUE
    settings.QB_IMPORT_API_WAIT = 0
    client = APIClient()
    client.force_authenticate(city_user)
    r = client.post("/api/v1/imports/", {"file": csv_upload([HEAD, [USCC_A, "甲", "企业", "620502"]]),
                                         "ledger": "entities"}, format="multipart")
    assert r.status_code == 202 and r.json()["status"] == "pending"
    location = r.headers["Location"]
    assert not Entity.objects.exists()  # nothing ran inside the request
    call_command("worker", "--once", stdout=io.StringIO())  # settles nothing: the task is queued
    assert client.get(location).json()["status"] == "pending"
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get()  # as the worker would run it (db_worker itself closes the
    queued.task.call(*queued.args_kwargs["args"])  # test's connection, so its loop runs in test_kill_9)
    done = client.get(location).json()
    assert (done["status"], done["created"], done["written"], done["errors"]) == ("done", 1, True, [])
    assert Entity.objects.get().uscc == USCC_A


def test_the_web_page_queues_every_upload(client, city_user, settings):
    settings.TASKS = DB_QUEUE
    city_user.save()
    client.force_login(city_user)
    r = client.post("/ledgers/", {"ledger": "entities", "mode": "atomic",
                                  "file": csv_upload([HEAD, [USCC_A, "甲", "企业", "620502"]])})
    batch = ImportBatch.objects.get()
    assert r.status_code == 302 and batch.status == "pending" and batch.task_id
    page = client.get(f"/ledgers/batches/{batch.pk}/").content.decode()
    assert "排队等待后台导入" in page


def test_a_worker_starting_settles_what_dead_processes_left(regions):
    here = f"{socket.gethostname()}:{dead_pid()}"
    gone = ImportBatch.objects.create(ledger="entities", username="x", started="2014-07-10T09:00Z", file_name="a.csv",
                                      sha256="", mode="atomic", status="running", worker=here)
    alive = ImportBatch.objects.create(ledger="entities", username="x", started="2014-07-10T09:00Z", file_name="b.csv",
                                       sha256="", mode="atomic", status="running",
                                       worker=f"{socket.gethostname()}:{os.getpid()}")
    elsewhere = ImportBatch.objects.create(ledger="entities", username="x", started="2014-07-10T09:00Z",
                                           file_name="c.csv", sha256="", mode="atomic", status="running",
                                           worker="another-host:1")
    lost = ImportBatch.objects.create(ledger="entities", username="x", started="2014-07-10T09:00Z", file_name="d.csv",
                                      sha256="", mode="atomic", status="pending",
                                      task_id="00000000-0000-0000-0000-000000000000")
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    statuses = {b.file_name: (b.status, b.errors) for b in ImportBatch.objects.all()}
    assert statuses["a.csv"][0] == "failed" and "意外中断" in statuses["a.csv"][1][0]["message"]
    assert statuses["b.csv"][0] == statuses["c.csv"][0] == "running"  # alive, or not ours to judge
    assert statuses["d.csv"][0] == "failed" and "排队的导入任务" in statuses["d.csv"][1][0]["message"]
    assert f"导入 #{gone.pk}" in out.getvalue() and f"导入 #{lost.pk}" in out.getvalue()
    assert alive.pk and elsewhere.pk


def test_a_dead_running_task_is_marked_failed(regions, settings):
    settings.TASKS = DB_QUEUE
    from django_tasks_db.models import DBTaskResult

    from qualitybrand.ledgers.tasks import run_import

    result = run_import.enqueue(12345)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING",
                                                     worker_ids=[f"{socket.gethostname()}:{dead_pid()}"])
    call_command("worker", "--once", stdout=io.StringIO())
    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == "FAILED" and "已不存在" in task.traceback


def _five_entities_updated_and_created(entities):
    from qualitybrand.core.codes import make_uscc

    rows = [{"统一社会信用代码": USCC_A, "名称": "改名", "主体类型": "企业", "区划代码": "620502"}]
    rows += [{"统一社会信用代码": make_uscc("91", "620502", f"{n:08d}"), "名称": f"新{n}", "主体类型": "企业",
              "区划代码": "620502"} for n in range(10, 14)]
    result = import_rows("entities", rows)
    assert (result.created, result.updated) == (4, 1)
    return ImportBatch.objects.get(pk=result.batch_id)


def test_undo_runs_in_chunks_with_progress(entities, monkeypatch):
    monkeypatch.setattr(services, "UNDO_CHUNK", 2)
    batch = _five_entities_updated_and_created(entities)
    services.queue_undo(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.undo_total, batch.undo_done) == ("undone", 5, 5)
    assert Entity.objects.count() == 3 and Entity.objects.get(uscc=USCC_A).name == "天水甲公司"


def test_an_undo_killed_midway_resumes_where_it_stopped(entities, monkeypatch):
    monkeypatch.setattr(services, "UNDO_CHUNK", 2)
    batch = _five_entities_updated_and_created(entities)
    real = services._undo_entries
    calls = []

    def dies_on_second_chunk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise SystemExit("killed")  # as a kill would: the chunk's transaction never commits
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_undo_entries", dies_on_second_chunk)
    try:
        services.queue_undo(batch)
    except SystemExit:  # whether the queue's backend records the death or lets it through
        pass
    batch.refresh_from_db()
    assert (batch.status, batch.undo_done) == ("undoing", 2)
    monkeypatch.setattr(services, "_undo_entries", real)
    ImportBatch.objects.filter(pk=batch.pk).update(worker=f"{socket.gethostname()}:{dead_pid()}")
    call_command("worker", "--once", stdout=io.StringIO())  # re-queued; the immediate backend runs it
    batch.refresh_from_db()
    assert (batch.status, batch.undo_done) == ("undone", 5)
    assert Entity.objects.count() == 3 and Entity.objects.get(uscc=USCC_A).name == "天水甲公司"
    undo_rows = ChangeLog.objects.filter(reason__startswith=f"撤销导入 #{batch.pk}")
    assert undo_rows.count() == 5 and len(set(undo_rows.values_list("object_id", flat=True))) == 5


def test_a_change_made_after_the_undo_started_stops_it_before_that_record(entities, monkeypatch):
    """The check before the undo reads outside any lock: each chunk checks its records again."""
    from qualitybrand.core.services import update_record

    monkeypatch.setattr(services, "UNDO_CHUNK", 2)
    batch = _five_entities_updated_and_created(entities)
    services.start_undo(batch)
    first = Entity.objects.get(uscc=USCC_A)
    update_record(None, first, {"name": "后来改的"}, check=False)
    from qualitybrand.ledgers.tasks import run_undo

    run_undo.call(batch.pk, None)
    batch.refresh_from_db()
    assert (batch.status, batch.worker) == ("undoing", services.STALLED)
    assert "撤销中止" in batch.warnings[-1]["message"] and "后来改的" in batch.warnings[-1]["message"]
    assert Entity.objects.get(uscc=USCC_A).name == "后来改的"  # never overwritten


def test_undo_refuses_an_unfinished_batch(entities):
    from django.core.exceptions import ValidationError

    batch = _five_entities_updated_and_created(entities)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    with pytest.raises(ValidationError, match="只能撤销已完成"):
        services.queue_undo(batch)
    assert Entity.objects.count() == 7


KILLED_IMPORT = textwrap.dedent("""
    import os, sys
    import django
    sys.path.insert(0, "src")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
    django.setup()
    from django.core.management import call_command
    call_command("import_ledger", "entities", sys.argv[1], "--mode", "partial")
""")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from django.conf import settings

    db = settings.DATABASES["default"]
    root = tmp_path_factory.mktemp("killed")
    server = PostgresServer(root, db) if "postgresql" in db["ENGINE"] else SqliteServer(root)
    site = server.site()
    proc = site.manage("migrate", "-v0")
    assert proc.returncode == 0, proc.stderr
    proc = site.manage("shell", "-c", "from tests.factories import region_tree; region_tree()")
    assert proc.returncode == 0, proc.stderr
    yield site
    server.close()


@pytest.mark.parametrize("after", [0.3, 1.5, 3.0])
def test_kill_9_of_an_import_at_any_moment_leaves_no_batch_stuck(site, after, tmp_path):
    """The batch says done exactly when its rows are in; the next worker start settles the rest."""
    from qualitybrand.core.codes import make_uscc

    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(",".join(HEAD) + "\n")
        for n in range(60_000):
            fh.write(f"{make_uscc('91', '620502', f'{n + 1000:08d}')},公司{n},企业,620502\n")
    before = site.query("SELECT COUNT(*) FROM registry_entity")[0][0]
    proc = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(path)], cwd=ROOT, env=site.env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    settled = site.manage("worker", "--once")
    assert settled.returncode == 0, settled.stderr
    batches = site.query("SELECT status, created FROM ledgers_importbatch ORDER BY id")
    rows = site.query("SELECT COUNT(*) FROM registry_entity")[0][0] - before
    assert all(status in ("done", "failed") for status, _created in batches), batches
    done = [created for status, created in batches if status == "done"]
    assert rows == sum(done)
    site.manage("shell", "-c", "from qualitybrand.registry.models import Entity; "
                "Entity.objects.filter(region__code='620502').delete(); "
                "from qualitybrand.ledgers.models import ImportBatch; ImportBatch.objects.all().delete()")


@pytest.mark.parametrize("field", ["ledger", "file name"])
def test_an_upload_with_nul_in_its_fields_is_refused_not_stored(city_user, field):
    client = APIClient()
    client.force_authenticate(city_user)
    upload = csv_upload([HEAD, [USCC_A, "甲", "企业", "620502"]], name="a\x00b.csv" if field == "file name" else "e.csv")
    r = client.post("/api/v1/imports/", {"file": upload, "ledger": "entit\x00ies" if field == "ledger" else "entities"},
                    format="multipart")
    if field == "ledger":
        assert r.status_code == 400 and r.json()["detail"]
        assert not ImportBatch.objects.exists()
    else:  # the multipart parser already cleans a file name: accepted, and nothing stored carries a NUL
        assert r.status_code == 200
        assert "\x00" not in ImportBatch.objects.get().file_name
