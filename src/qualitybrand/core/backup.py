"""`qualitybrand backup PATH` / `qualitybrand restore PATH`: the whole platform in one directory.

A backup is a directory:
    manifest.json        format, time, database vendor, app version, applied migrations, and the
                         size and sha256 of every other file (written last: no manifest, no backup)
    database.sqlite3     SQLite: a consistent copy of the database   (or)
    database.pgdump      PostgreSQL: `pg_dump -Fc` of the database
    media/...            the uploaded files (MEDIA_ROOT = QB_DATA_DIR/files: imports, materials, evidence)
    schemes/...          the office's scoring schemes (QB_DATA_DIR/schemes), when there are any
The database is copied first and the files after, so every file the copied database refers to is
in the backup (files are added, never rewritten in place). Restore checks every checksum, the
vendor, the migrations and that the target is empty before it writes anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection

from qualitybrand.core import backup_db
from qualitybrand.core.backup_db import DUMP_FILES, VENDOR_NAMES, Refused

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20


class Unusable(Exception):
    """PATH is not a backup at all (exit code 2)."""


def file_dirs() -> dict[str, Path]:
    """Backup folder → live folder of the files that travel with the database."""
    return {"media": Path(settings.MEDIA_ROOT), "schemes": Path(settings.DATA_DIR) / "schemes"}


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("qualitybrand")
    except PackageNotFoundError:
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _copy_hashing(src: Path, dst: Path) -> tuple[int, str]:
    """Copy and hash what was written, so the manifest describes the copy even if `src` changes."""
    digest, size = hashlib.sha256(), 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while block := fin.read(CHUNK):
            fout.write(block)
            digest.update(block)
            size += len(block)
    shutil.copystat(src, dst)
    return size, digest.hexdigest()


# --- backup ------------------------------------------------------------------------

@dataclass
class Summary:
    vendor: str
    files: int
    bytes: int
    pending_migrations: list[str] | None = None


def backup(path: Path) -> Summary:
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise Refused(f"不支持备份 {vendor} 数据库：仅支持 SQLite 与 PostgreSQL。")
    path = path.resolve()
    for folder in file_dirs().values():
        if path == folder.resolve() or folder.resolve() in path.parents:
            raise Refused(f"备份目录 {path} 位于要备份的文件目录 {folder} 之内：请换一个目录。")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise Refused(f"备份目录 {path} 已存在且不为空：为免覆盖已有备份，请指定一个新目录或空目录。")
    created = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)  # the copy holds password hashes and every county's data
    try:
        manifest = _write_backup(path, vendor)
    except BaseException:
        _discard(path, created)
        raise
    return Summary(vendor, len(manifest["files"]), sum(f["size"] for f in manifest["files"]))


def _write_backup(path: Path, vendor: str) -> dict:
    started = dt.datetime.now(dt.UTC)
    dump = path / DUMP_FILES[vendor]
    migrations = backup_db.DUMP[vendor](dump)
    dump.chmod(0o600)
    entries = [{"path": dump.name, "size": dump.stat().st_size, "sha256": sha256_of(dump)}]
    for name, live in file_dirs().items():
        if not live.is_dir():
            continue
        for src in sorted(p for p in live.rglob("*") if p.is_file() and not p.is_symlink()):
            rel = PurePosixPath(name, *src.relative_to(live).parts)
            try:
                size, digest = _copy_hashing(src, path / rel)
            except FileNotFoundError:  # deleted since the listing (an undone import's file)
                continue
            entries.append({"path": str(rel), "size": size, "sha256": digest})
    manifest = {
        "format": FORMAT,
        "kind": "qualitybrand-backup",
        "created": started.isoformat(timespec="seconds"),
        "vendor": vendor,
        "app_version": _app_version(),
        "database_file": dump.name,
        "migrations": {"applied": sum(len(v) for v in migrations.values()),
                       "latest": {app: names[-1] for app, names in migrations.items()},
                       "all": migrations},
        "files": entries,
    }
    tmp = path / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path / MANIFEST)
    return manifest


def _discard(path: Path, created: bool) -> None:
    """A failed backup leaves nothing that could be taken for a backup."""
    if created:
        shutil.rmtree(path, ignore_errors=True)
        return
    for child in path.iterdir():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


# --- restore -----------------------------------------------------------------------

def read_manifest(path: Path) -> dict:
    if not path.is_dir():
        raise Unusable(f"备份目录 {path} 不存在或不是目录。")
    file = path / MANIFEST
    if not file.is_file():
        raise Unusable(f"{path} 中没有 {MANIFEST}：这不是一份完整的备份（备份中断时不会写入清单）。")
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise Unusable(f"{file} 无法读取：{exc}。") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != "qualitybrand-backup":
        raise Unusable(f"{file} 不是本平台的备份清单。")
    if manifest.get("format") != FORMAT:
        raise Unusable(f"备份格式版本 {manifest.get('format')} 不受支持（本程序读取版本 {FORMAT}）：请用相应版本的程序恢复。")
    if not isinstance(manifest.get("files"), list) or not manifest["files"]:
        raise Unusable(f"{file} 没有列出任何文件。")
    return manifest


def _safe_rel(raw) -> PurePosixPath:
    """A manifest path may only point inside the backup (a tampered manifest must not reach out)."""
    rel = PurePosixPath(str(raw))
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or str(raw) != str(rel):
        raise Refused(f"备份清单中的路径“{raw}”无效：清单可能被篡改，已拒绝恢复。")
    return rel


def verify(path: Path, manifest: dict) -> None:
    """Every listed file present, of its size and checksum; otherwise refuse, naming the file."""
    for entry in manifest["files"]:
        if not isinstance(entry, dict):
            raise Refused("备份清单格式错误：文件条目应为对象。")
        rel = _safe_rel(entry.get("path"))
        file = path / rel
        if not file.is_file():
            raise Refused(f"备份文件 {rel} 缺失：备份不完整，已拒绝恢复，未写入任何数据。")
        if file.stat().st_size != entry.get("size") or sha256_of(file) != entry.get("sha256"):
            raise Refused(f"备份文件 {rel} 的校验和与清单不符（文件已损坏或被修改）：已拒绝恢复，未写入任何数据。")


def _check_migrations(manifest: dict) -> list[str]:
    """Refuse a backup made by a newer version; return the migrations this version would add."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    recorded = manifest.get("migrations", {}).get("all", {})
    in_backup = {(app, name) for app, names in recorded.items() for name in names}
    newer = sorted(f"{app}.{name}" for app, name in in_backup - known)
    if newer:
        raise Refused(f"备份来自更新版本的程序（包含本程序没有的数据库迁移 {'、'.join(newer[:5])}）："
                      f"请先升级程序，再恢复。")
    installed = {app for app, _ in known}
    return sorted(f"{app}.{name}" for app, name in known - in_backup if app in installed)


def restore(path: Path) -> Summary:
    path = path.resolve()
    manifest = read_manifest(path)
    vendor = connection.vendor
    if manifest.get("vendor") != vendor:
        theirs = VENDOR_NAMES.get(manifest.get("vendor"), str(manifest.get("vendor")))
        raise Refused(f"备份来自 {theirs} 数据库，当前配置的是 {VENDOR_NAMES.get(vendor, vendor)}："
                      f"只能恢复到同类数据库（请设置相应的 DATABASE_URL）。")
    dump_name = manifest.get("database_file")
    if dump_name != DUMP_FILES[vendor] or dump_name not in {e.get("path") for e in manifest["files"]}:
        raise Refused("备份清单没有列出数据库文件：备份不完整，已拒绝恢复。")
    verify(path, manifest)
    pending = _check_migrations(manifest)
    busy = backup_db.tables_with_rows()
    if busy:
        raise Refused(f"目标数据库不是空库（{'、'.join(busy[:5])}{' 等' if len(busy) > 5 else ''}已有数据）："
                      f"恢复只写入空数据库，不会覆盖现有数据。请新建空数据库（或另指定 SQLite 文件）后重试。")
    media = _planned_files(path, manifest)
    backup_db.LOAD[vendor](path / dump_name)
    for src, dst in media:
        tmp = dst.with_name(dst.name + ".restoring")
        _copy_hashing(src, tmp)
        os.replace(tmp, dst)
    total = sum(e["size"] for e in manifest["files"])
    return Summary(vendor, len(manifest["files"]), total, pending)


def _planned_files(path: Path, manifest: dict) -> list[tuple[Path, Path]]:
    """(backup file, live file) to copy; refuses, before anything is written, to replace a different file."""
    dirs = file_dirs()
    plan, clashes = [], []
    for entry in manifest["files"]:
        rel = _safe_rel(entry["path"])
        if rel.parts[0] not in dirs or len(rel.parts) < 2:
            continue
        dst = dirs[rel.parts[0]].joinpath(*rel.parts[1:])
        if dst.exists():
            if not dst.is_file() or sha256_of(dst) != entry["sha256"]:
                clashes.append(str(dst))
            continue
        plan.append((path / rel, dst))
    if clashes:
        raise Refused(f"目标文件目录中已有同名而内容不同的文件（{'、'.join(clashes[:3])}"
                      f"{' 等' if len(clashes) > 3 else ''}）：为免覆盖，已拒绝恢复。请清空 QB_DATA_DIR/files 后重试。")
    return plan
