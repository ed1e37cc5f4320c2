"""Scratch platform instances for the backup tests: a data directory and a database of the vendor the tests
run on (a file for SQLite, a database created on the same server for PostgreSQL, dropped afterwards).
Commands run in child processes against them, as an operator would run them."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
_names = itertools.count(1)


@dataclass
class Site:
    data_dir: Path
    url: str
    server: Server

    def env(self) -> dict[str, str]:
        return {**os.environ, "QB_DATA_DIR": str(self.data_dir), "DATABASE_URL": self.url,
                "DJANGO_SETTINGS_MODULE": "qualitybrand.settings"}

    def manage(self, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True,
                              text=True, timeout=timeout)

    def script(self, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tests.core.backup_city", *args], cwd=ROOT, env=self.env(),
                              capture_output=True, text=True, timeout=timeout)

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "tests.core.backup_city", *args], cwd=ROOT, env=self.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def rows(self) -> dict[str, list]:
        return self.server.rows(self)

    def query(self, sql: str) -> list[tuple]:
        return self.server.query(self, sql)

    def files(self) -> dict[str, bytes]:
        """Every file under files/ and schemes/, by path relative to the data directory."""
        out = {}
        for sub in ("files", "schemes"):
            for p in sorted((self.data_dir / sub).rglob("*")):
                if p.is_file():
                    out[str(p.relative_to(self.data_dir))] = p.read_bytes()
        return out


class Server:
    vendor = ""

    def __init__(self, root: Path):
        self.root = root

    def site(self, template: Site | None = None) -> Site:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SqliteServer(Server):
    vendor = "sqlite"

    def site(self, template: Site | None = None) -> Site:
        data = self.root / f"site{next(_names)}"
        data.mkdir(parents=True)
        db = data / "db.sqlite3"
        if template is not None:
            shutil.copyfile(template.data_dir / "db.sqlite3", db)
            for sub in ("files", "schemes"):
                if (template.data_dir / sub).is_dir():
                    shutil.copytree(template.data_dir / sub, data / sub)
        return Site(data, f"sqlite:///{db}", self)

    def _connect(self, site: Site):
        return sqlite3.connect(f"{(site.data_dir / 'db.sqlite3').as_uri()}?mode=ro", uri=True)

    def query(self, site: Site, sql: str) -> list[tuple]:
        con = self._connect(site)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def rows(self, site: Site) -> dict[str, list]:
        """Every table's rows (sqlite_sequence included), in a fixed order, as stored."""
        con = self._connect(site)
        try:
            tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                "AND (name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence')")]
            out = {}
            for table in sorted(tables):
                width = len(con.execute(f'SELECT * FROM "{table}" LIMIT 0').description)
                order = ", ".join(str(i) for i in range(1, width + 1))
                out[table] = con.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
            return out
        finally:
            con.close()


class PostgresServer(Server):
    vendor = "postgresql"

    def __init__(self, root: Path, settings: dict):
        super().__init__(root)
        self.params = {"host": settings.get("HOST") or "127.0.0.1", "port": str(settings.get("PORT") or 5432),
                       "user": settings.get("USER") or "postgres", "password": settings.get("PASSWORD") or ""}
        self.created: list[str] = []

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self.params) as con:
            con.execute(sql)

    def site(self, template: Site | None = None) -> Site:
        name = f"qb_bk_{os.getpid()}_{next(_names)}"
        source = f" TEMPLATE {template.url.rsplit('/', 1)[1]}" if template is not None else ""
        self._admin(f"CREATE DATABASE {name}{source}")
        self.created.append(name)
        data = self.root / name
        data.mkdir(parents=True)
        if template is not None:
            for sub in ("files", "schemes"):
                if (template.data_dir / sub).is_dir():
                    shutil.copytree(template.data_dir / sub, data / sub)
        p = self.params
        url = f"postgres://{quote(p['user'])}:{quote(p['password'])}@{p['host']}:{p['port']}/{name}"
        return Site(data, url, self)

    def query(self, site: Site, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(dbname=site.url.rsplit("/", 1)[1], **self.params) as con:
            return con.execute(sql).fetchall()

    def rows(self, site: Site) -> dict[str, list]:
        """Every table's rows as PostgreSQL's text form of the row (exact bytes), and every sequence's state."""
        import psycopg

        with psycopg.connect(dbname=site.url.rsplit("/", 1)[1], **self.params) as con:
            tables = [t for (t,) in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            out = {}
            for table in sorted(tables):
                out[table] = [r for (r,) in con.execute(f'SELECT x::text FROM "{table}" AS x ORDER BY 1')]
            out["(sequences)"] = con.execute("SELECT sequencename, last_value FROM pg_sequences "
                                             "WHERE schemaname = 'public' ORDER BY 1").fetchall()
            return out

    def close(self) -> None:
        for name in self.created:
            self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
