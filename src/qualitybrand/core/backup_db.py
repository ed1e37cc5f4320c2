"""The database half of backup and restore, one pair of functions per vendor.

SQLite: `sqlite3.Connection.backup` in one step (pages=-1) copies the database under a single read
snapshot; with WAL on, writers (the web server, an import) go on meanwhile and the copy holds either
all or nothing of each transaction. PostgreSQL: `pg_dump -Fc` (one repeatable-read snapshot) and
`pg_restore` into an empty database. Connection parameters come from Django's settings, so the
commands back up exactly the database the platform uses.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

DUMP_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class Refused(Exception):
    """The backup or restore cannot go ahead; the message says why (exit code 1)."""


# --- which tables count as data ----------------------------------------------------

def _filled_by_migrate() -> set[str]:
    """Tables that `migrate` itself fills: a freshly migrated database is still an empty one."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from qualitybrand.core.models import Department, NiceClass
    from qualitybrand.core.seeding import SEEDED_TABLES

    return {"django_migrations", *(m._meta.db_table for m in (ContentType, Permission, Department, NiceClass)),
            *SEEDED_TABLES}


def tables_with_rows() -> list[str]:
    """The target's tables holding data (empty list: the database is empty or only migrated)."""
    skip = _filled_by_migrate()
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in skip:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                found.append(table)
    return found


def applied_migrations() -> dict[str, list[str]]:
    """app label → applied migration names, read from the configured database."""
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return _group(cursor.fetchall())


def _group(rows) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for app, name in rows:
        out.setdefault(app, []).append(name)
    return out


# --- SQLite ------------------------------------------------------------------------

def sqlite_dump(target: Path) -> dict[str, list[str]]:
    """Copy the live database into `target`; return the migrations applied in the copy."""
    connection.ensure_connection()
    dest = sqlite3.connect(target)
    try:
        # One step: a single read transaction on the source, so the copy is one consistent
        # snapshot. (Stepping page by page would restart whenever another connection writes.)
        connection.connection.backup(dest, pages=-1)
        # The copy is a standalone file: no -wal beside it, whatever the source's journal mode.
        dest.execute("PRAGMA journal_mode=DELETE")
        check = dest.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise Refused(f"备份副本未通过完整性检查（{check}）：源数据库可能已损坏，请检查后重试。")
        try:
            rows = dest.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
        except sqlite3.OperationalError:  # a database never migrated
            rows = []
    finally:
        dest.close()
    return _group(rows)


def sqlite_load(dump: Path) -> None:
    """Copy a backup file over the configured (empty) database, page by page, under its write lock."""
    if connection.settings_dict["NAME"] in ("", ":memory:"):
        raise Refused("当前数据库为内存数据库，无法恢复：请用 DATABASE_URL=sqlite:///路径 指定数据库文件。")
    source = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
    try:
        connection.ensure_connection()
        source.backup(connection.connection, pages=-1)
        check = connection.connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as exc:
        raise Refused(f"写入 SQLite 数据库失败：{exc}。") from None
    finally:
        source.close()
        connection.close()
    if check != "ok":
        raise Refused(f"恢复后的数据库未通过完整性检查（{check}）。")


# --- PostgreSQL --------------------------------------------------------------------

def _pg_env() -> dict[str, str]:
    """libpq environment for the configured database; the password never appears on a command line."""
    s = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                     ("NAME", "PGDATABASE")):
        if s.get(key):
            env[var] = str(s[key])
    sslmode = (s.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise Refused(f"未找到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client，"
                      f"主版本不低于数据库服务器）。")
    return found


def _run(args: list[str], what: str) -> None:
    # -w (no password prompt): from cron a prompt would hang; a missing password fails at once.
    proc = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise Refused(f"{what}失败（退出码 {proc.returncode}）：{' '.join(detail[-3:]) or '无输出'}")


def pg_dump(target: Path) -> dict[str, list[str]]:
    migrations = applied_migrations()
    _run([_pg_tool("pg_dump"), "-w", "-Fc", "-f", str(target)], "pg_dump 导出数据库")
    return migrations


def pg_load(dump: Path) -> None:
    """Restore into the configured database; migrated-but-empty tables are dropped first."""
    tool = _pg_tool("pg_restore")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if tables:  # only empty tables reach here (tables_with_rows() was checked)
            names = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")
    connection.close()
    _run([tool, "-w", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          "-d", connection.settings_dict["NAME"], str(dump)], "pg_restore 恢复数据库")


DUMP = {"sqlite": sqlite_dump, "postgresql": pg_dump}
LOAD = {"sqlite": sqlite_load, "postgresql": pg_load}
