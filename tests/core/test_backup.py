"""`backup PATH` / `restore PATH` (core/backup.py): round trips, refusals, and a backup taken during an import.

The round trips run the commands in child processes against scratch instances of the vendor the tests run
on (tests/core/backup_sites.py): an SQLite file (pytest-django's SQLite test database lives in memory) or
databases created on the PostgreSQL server for the test and dropped after. The refusals run in-process
against the test database, since each is decided before anything is written.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from tests.contract.conftest import run
from tests.core.backup_sites import PostgresServer, SqliteServer

PDF = "media/evidence/1/3/秦州区佐证材料.pdf"




@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from django.conf import settings

    db = settings.DATABASES["default"]
    root = tmp_path_factory.mktemp("backup")
    srv = PostgresServer(root, db) if "postgresql" in db["ENGINE"] else SqliteServer(root)
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def migrated(server):
    site = server.site()
    proc = site.manage("migrate", "-v0")
    assert proc.returncode == 0, proc.stderr
    return site


@pytest.fixture(scope="module")
def source(server, migrated):
    """A small random city with uploaded files and a scheme, and its backup."""
    site = server.site(template=migrated)
    proc = site.script("populate", "5")
    assert proc.returncode == 0, proc.stderr
    return site


@pytest.fixture(scope="module")
def backup_dir(source, server):
    path = server.root / "backup-of-source"
    proc = source.manage("backup", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "备份完成" in proc.stdout
    return path


def manifest_of(path: Path) -> dict:
    return json.loads((path / "manifest.json").read_text(encoding="utf-8"))


def test_the_backup_lists_every_file_with_its_checksum(backup_dir, source, server):
    import hashlib

    manifest = manifest_of(backup_dir)
    assert manifest["format"] == 1 and manifest["vendor"] == server.vendor
    assert manifest["migrations"]["latest"]["core"] and manifest["migrations"]["applied"] > 10
    listed = {e["path"]: e for e in manifest["files"]}
    database = "database.sqlite3" if server.vendor == "sqlite" else "database.pgdump"
    assert set(listed) == {database, PDF, "media/imports/1/entities.csv", "schemes/quality_award.json"}
    for rel, entry in listed.items():
        data = (backup_dir / rel).read_bytes()
        assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert (backup_dir / PDF).read_bytes() == (source.data_dir / "files" / PDF[len("media/"):]).read_bytes()


@pytest.mark.parametrize("target", ["empty", "migrated"])
def test_backup_then_restore_gives_back_every_row_and_file(backup_dir, source, server, migrated, target):
    site = server.site(template=migrated if target == "migrated" else None)
    proc = site.manage("restore", str(backup_dir))
    assert proc.returncode == 0, proc.stderr
    assert "恢复完成" in proc.stdout
    want, got = source.rows(), site.rows()
    assert len(want["registry_entity"]) > 10 and len(want["core_changelog"]) > 100
    assert sorted(got) == sorted(want)
    assert [t for t in want if got[t] != want[t]] == []
    assert site.files() == source.files() and PDF.replace("media/", "files/") in site.files()
    if server.vendor == "sqlite":
        assert site.query("PRAGMA integrity_check") == [("ok",)]


def test_a_backup_taken_during_an_import_restores_all_or_nothing_of_it(source, server):
    site = server.site(template=source)
    paused, go = site.data_dir / "paused", site.data_dir / "go"
    rows = 12000
    importer = site.start("slow_import", str(rows), str(paused), str(go))
    try:
        deadline = time.monotonic() + 120
        while not paused.exists() and importer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert paused.exists(), importer.communicate()[1]
        during = site.manage("backup", str(server.root / f"{site.data_dir.name}-during"))
        assert importer.poll() is None  # the import was still holding its transaction
    finally:
        go.touch()
        out, err = importer.communicate(timeout=180)
    assert during.returncode == 0, during.stderr
    assert importer.returncode == 0, err
    after = site.manage("backup", str(server.root / f"{site.data_dir.name}-after"))
    assert after.returncode == 0, after.stderr

    batch_sql = "SELECT status, created FROM ledgers_importbatch WHERE ledger = 'entities' ORDER BY id DESC LIMIT 1"
    count_sql = "SELECT COUNT(*) FROM registry_entity WHERE name LIKE '备份测试企业%'"
    log_sql = ("SELECT COUNT(*) FROM core_changelog WHERE import_batch_id = "
               "(SELECT MAX(id) FROM ledgers_importbatch WHERE ledger = 'entities')")
    states = {}
    for label in ("during", "after"):
        restored = server.site()
        proc = restored.manage("restore", str(server.root / f"{site.data_dir.name}-{label}"))
        assert proc.returncode == 0, proc.stderr
        if server.vendor == "sqlite":
            assert restored.query("PRAGMA integrity_check") == [("ok",)]
        states[label] = (restored.query(batch_sql)[0], restored.query(count_sql)[0][0],
                         restored.query(log_sql)[0][0])
    # mid-way: the batch is seen running and none of its rows (nor their change-log entries) are in
    assert states["during"] == (("running", 0), 0, 0)
    assert states["after"] == (("done", rows), rows, rows)


# --- refusals, decided before anything is written -------------------------------------

@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "files"
    return settings.DATA_DIR


@pytest.fixture
def copy_of(backup_dir, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(backup_dir, target)
    return target


def nothing_written(data_dir: Path) -> bool:
    from django.db import connection

    from qualitybrand.core.backup_db import tables_with_rows

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_region")
        regions = cursor.fetchone()[0]
    return regions == 0 and tables_with_rows() == [] and not (data_dir / "files").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["flip a byte of the database", "flip a byte of a file", "delete a file"])
def test_restore_refuses_a_damaged_backup_naming_the_file(copy_of, data_dir, server, damage):
    database = "database.sqlite3" if server.vendor == "sqlite" else "database.pgdump"
    victim = copy_of / (database if "database" in damage else PDF)
    if damage == "delete a file":
        victim.unlink()
    else:
        data = bytearray(victim.read_bytes())
        data[len(data) // 2] ^= 0x01
        victim.write_bytes(bytes(data))
    code, out, err = run("restore", str(copy_of))
    assert code == 1 and out == ""
    rel = database if "database" in damage else PDF
    assert rel in err and ("缺失" if damage == "delete a file" else "校验和与清单不符") in err
    assert nothing_written(data_dir)


@pytest.mark.django_db
@pytest.mark.parametrize("edit, message", [
    ("vendor", "只能恢复到同类数据库"),
    ("future migration", "请先升级程序"),
    ("path outside", "路径“../../secret_key”无效"),
])
def test_restore_refuses_a_backup_it_cannot_use(copy_of, data_dir, server, edit, message):
    manifest = manifest_of(copy_of)
    if edit == "vendor":
        manifest["vendor"] = "postgresql" if server.vendor == "sqlite" else "sqlite"
    elif edit == "future migration":
        manifest["migrations"]["all"]["core"].append("9999_from_the_future")
    else:
        manifest["files"].append({"path": "../../secret_key", "size": 1, "sha256": "0" * 64})
    (copy_of / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    code, _, err = run("restore", str(copy_of))
    assert code == 1 and message in err, err
    assert nothing_written(data_dir)


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(copy_of, data_dir, regions):
    from qualitybrand.core.models import Region

    before = sorted(Region.objects.values_list("code", "name"))
    code, _, err = run("restore", str(copy_of))
    assert code == 1 and "目标数据库不是空库" in err and "core_region" in err
    assert sorted(Region.objects.values_list("code", "name")) == before
    assert not (data_dir / "files").exists()


@pytest.mark.django_db
def test_restore_refuses_to_replace_a_different_uploaded_file(copy_of, data_dir):
    clash = data_dir / "files" / "evidence" / "1" / "3" / "秦州区佐证材料.pdf"
    clash.parent.mkdir(parents=True)
    clash.write_bytes(b"another file")
    code, _, err = run("restore", str(copy_of))
    assert code == 1 and "同名而内容不同" in err
    assert clash.read_bytes() == b"another file"
    assert not (data_dir / "files" / "imports").exists()


def test_backup_refuses_a_path_that_is_not_empty(tmp_path, data_dir):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("earlier backup")
    code, _, err = run("backup", str(tmp_path / "old"))
    assert code == 1 and "已存在且不为空" in err
    assert [p.name for p in (tmp_path / "old").iterdir()] == ["manifest.json"]
    assert (tmp_path / "old" / "manifest.json").read_text() == "earlier backup"
    code, _, err = run("backup", str(data_dir / "files" / "inside"))
    assert code == 1 and "位于要备份的文件目录" in err


def test_usage_errors_and_a_directory_that_is_no_backup_exit_2(tmp_path, data_dir):
    assert run("restore")[0] == 2
    assert run("backup")[0] == 2
    code, _, err = run("restore", str(tmp_path / "missing"))
    assert code == 2 and "不存在" in err
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "database.sqlite3").write_bytes(b"x")
    code, _, err = run("restore", str(tmp_path / "half"))
    assert code == 2 and "没有 manifest.json" in err
    (tmp_path / "half" / "manifest.json").write_text("{not json")
    code, _, err = run("restore", str(tmp_path / "half"))
    assert code == 2 and "无法读取" in err


def test_an_unreachable_database_is_a_message_not_a_traceback(tmp_path):
    import os
    import subprocess
    import sys

    from tests.core.backup_sites import ROOT

    env = {**os.environ, "QB_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"}
    proc = subprocess.run([sys.executable, "manage.py", "backup", str(tmp_path / "out")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "无法访问数据库" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()  # a failed backup leaves nothing that looks like one
