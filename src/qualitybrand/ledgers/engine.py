"""The ledger engine: header detection, cell checks, two-phase import (check, then write in bulk).

Public API (docs/dev-notes.md): `import_file`, `import_rows`, `LEDGERS`, `ImportResult.as_json()`.

Rows are processed in chunks inside one transaction: each chunk is parsed, its references are
resolved in bulk, compared with the stored records (fetched in bulk by natural key) and written
with bulk statements and change-log rows. An atomic import stops writing at the first error and
rolls back at the end; a dry run writes nothing; a partial import writes exactly the valid rows.
"""

from __future__ import annotations

import gc
import hashlib
import operator
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, transaction

from qualitybrand.core import changelog, clock
from qualitybrand.core.processes import this_process
from qualitybrand.ledgers import dblog, limits, parsing, preload, rules
from qualitybrand.ledgers import normalise as nz
from qualitybrand.ledgers.headers import locate_header
from qualitybrand.ledgers.readers import UnreadableFile, read_rows
from qualitybrand.ledgers.results import ImportResult, finish_batch
from qualitybrand.ledgers.spec import Context, Ledger, Row

LEDGERS: dict[str, Ledger] = {}
MODES = ("atomic", "partial")
CHUNK = 5000
FORK_FROM_BYTES: int | None = 0  # files of this size or more are parsed in a child; None: never
ANALYZE_AFTER = 10000
# The one answer to a row outside the user's region, whether its key is free or held elsewhere.
OUT_OF_SCOPE = "该行的数据不在您的管辖区划内：只能导入本辖区的数据。"
LOG_IN_DATABASE = True  # tests turn it off to compare the two ways of logging new records (dblog)


class UsageError(Exception):
    """Wrong arguments (unknown ledger, bad mode): exit 2, nothing written."""


# The order of the ledger pages and choices; a ledger not named here follows, in the order registered.
ORDER = ["regions", "programs", "entities", "trademarks", "recognitions", "patents", "certifications",
         "standards", "inspections", "incidents", "cases", "pledges", "services", "publicity",
         "indicator_values", "blacklist"]


def register(cls):
    """Add a ledger (a `Ledger` subclass). Every app registers its own from its `AppConfig.ready()` (the engine
    knows none of them): regions (ledgers.regions), the registry's, supervision's, indicator_values, ..."""
    LEDGERS[cls.name] = cls()
    items = sorted(LEDGERS.items(), key=lambda kv: ORDER.index(kv[0]) if kv[0] in ORDER else len(ORDER))
    LEDGERS.clear()
    LEDGERS.update(items)
    return cls


def get_ledger(name: str) -> Ledger:
    ledger = LEDGERS.get((name or "").strip())
    if ledger is None:
        raise UsageError(f"未知的台账“{name}”：应为 {', '.join(LEDGERS)} 之一。")
    return ledger


def _check_args(ledger: str, mode: str) -> Ledger:
    spec = get_ledger(ledger)
    if mode not in MODES:
        raise UsageError(f"未知的导入模式“{mode}”：应为 atomic（有错误则全部不写入）或 partial（只写入正确的行）。")
    return spec


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def import_file(ledger: str, path, *, mode: str = "atomic", dry_run: bool = False, user=None,
                batch=None, progress: Callable[[int], None] | None = None,
                file_name: str | None = None) -> ImportResult:
    """Import a .xlsx or .csv file. Raises UsageError / UnreadableFile (nothing written)."""
    spec = _check_args(ledger, mode)
    path = Path(path)
    limits.check_file(path, file_name)  # before anything parses it: sizes, sheets, declared extent
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_rows says what is wrong with the path
    # Files are read and parsed by a child process on the other core, its memory capped
    # (parsing.ChildReader): whatever a file holds, it cannot take the importing process down.
    fork = FORK_FROM_BYTES is not None and size >= FORK_FROM_BYTES and parsing.ChildReader.available()
    preloading = None
    if fork and preload.worth_it(spec, path, size, outermost=not connection.in_atomic_block):
        preloading = preload.EntityPreload(size // preload.BYTES_PER_ENTITY)  # while the sheet loads
    reader = parsed = None
    rows: Iterable[tuple[int, list]] = ()
    try:
        if fork:
            reader = parsing.ChildReader(spec, path, CHUNK, limits.get("memory_mb"))
            header_errors, columns, header_warnings = reader.header()
            parsed = reader.chunks()
        else:
            header_errors, columns, rows, header_warnings = locate_header(spec, read_rows(path, spec.title))
        sha = file_sha256(path)
        return _run(spec, columns, rows, header_errors, mode=mode, dry_run=dry_run, user=user,
                    file_name=file_name or path.name, sha=sha, batch=batch, progress=progress, parsed=parsed,
                    header_warnings=header_warnings, preloading=preloading)
    finally:
        if reader is not None:
            reader.close()


def import_rows(ledger: str, rows: list[dict[str, object]], *, mode: str = "atomic", dry_run: bool = False,
                user=None, file_name: str = "", progress=None, batch=None) -> ImportResult:
    """Import rows keyed by canonical headers (or aliases). Row numbers count a header row as 1."""
    spec = _check_args(ledger, mode)
    headers: list[str] = []
    for r in rows:
        for k in r:
            if k not in headers:
                headers.append(k)
    columns: list[tuple[int, Any, bool]] = []
    taken = set()
    repeated = []
    for i, h in enumerate(headers):
        m = spec.match_header(nz.header_key(h))
        if m and m[0].header not in taken:
            taken.add(m[0].header)
            columns.append((i, m[0], m[1]))
        elif m:
            repeated.append({"row": 1, "column": m[0].header, "value": h,
                             "message": f"“{h}”与另一列是同一列（{m[0].header}）：只导入了先出现的一列。"})
    missing = [h for h in spec.required if h not in taken]
    header_errors = [{"row": None, "column": h, "value": "", "message": f"缺少必填列“{h}”。"} for h in missing]

    def source():
        for n, r in enumerate(rows, start=2):
            yield n, [r.get(h) for h in headers]

    sha = hashlib.sha256(repr(rows).encode()).hexdigest()
    return _run(spec, columns, source(), header_errors, mode=mode, dry_run=dry_run, user=user,
                file_name=file_name, sha=sha, batch=batch, progress=progress, header_warnings=repeated)


# --- the runner ----------------------------------------------------------------------

def _run(spec: Ledger, columns, source: Iterable[tuple[int, list]], header_errors: list[dict], *, mode: str,
         dry_run: bool, user, file_name: str, sha: str, batch, progress, parsed=None,
         header_warnings: Iterable[dict] = (), preloading: preload.EntityPreload | None = None) -> ImportResult:
    from qualitybrand.ledgers.models import ImportBatch

    result = ImportResult(ledger=spec.name, mode=mode, dry_run=dry_run)
    result.errors.extend(header_errors)
    result.warnings.extend(header_warnings)
    if batch is None:
        batch = ImportBatch.objects.create(
            ledger=spec.name, user=user if getattr(user, "pk", None) else None,
            username=getattr(user, "username", "") or "系统", started=clock.now(), file_name=file_name[:255],
            sha256=sha, mode=mode, dry_run=dry_run, status=ImportBatch.Status.RUNNING, worker=this_process(),
            region_path=getattr(getattr(user, "region", None), "path", "") or "")
    else:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, sha256=sha,
                                                       worker=this_process())
    result.batch_id = batch.pk
    permission = _permission_problem(spec, user)
    if permission:
        result.errors.append({"row": None, "column": "", "value": "", "message": permission})
    runner = Runner(spec, columns, mode, dry_run, user, batch.pk, result)
    if not result.errors:
        gc_was = gc.isenabled()
        gc.disable()  # millions of short-lived cells: generational GC passes cost more than they free
        try:
            _run_rows(runner, columns, source, result, progress, dry_run, mode, parsed, preloading)
        except UnreadableFile as exc:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.FAILED, finished=clock.now(),
                errors=[{"row": None, "column": "", "value": "", "message": str(exc)}])
            raise
        except DatabaseError as exc:  # e.g. a record written concurrently by another import
            result.written = False
            result.errors.append({"row": None, "column": "", "value": "", "message":
                                  f"写入数据库失败，已全部撤回：{type(exc).__name__}。可能有其他导入同时写入了相同的记录，请稍后重试。"})
        finally:
            if gc_was:
                gc.enable()
    if not result.written:  # a written batch was finished inside its transaction (_run_rows)
        finish_batch(batch.pk, result)
    return result


def _run_rows(runner, columns, source, result, progress, dry_run, mode, parsed=None, preloading=None) -> None:
    width = max((i for i, _col, _yuan in columns), default=-1) + 1
    from qualitybrand.ledgers import bulk

    # Inside a caller's transaction, rows it wrote earlier are uncommitted: a second connection
    # would not see them, so key lookups stay on this one (bulk._lookup_connection).
    outermost = not connection.in_atomic_block
    with transaction.atomic(), bulk.background_copies(lookups_apart=outermost) as background:
        if preloading is not None:  # checked against what was written meanwhile, under the write lock
            runner.ctx.entities.update(preloading.take())
        if connection.vendor == "postgresql":
            # Check references as rows arrive, while the server is busy with the COPY anyway,
            # instead of queueing one trigger per row for the commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        settled = None
        if parsed is None:
            parsed = parsing.parsed_chunks(runner.plan, source, width, CHUNK)
        for chunk in parsed:
            # Chunk k is written only after chunk k+1 has read what it needs, so that on
            # PostgreSQL the server stores chunk k while chunk k+1 is checked.
            checked = runner.check(chunk)
            if settled is not None:
                runner.write(settled)
            settled = runner.settle(checked)
            if progress:
                progress(result.rows)
        if settled is not None:
            runner.write(settled)
        runner.finish()
        if background is not None:
            background.drain()
            if runner.entries_written:
                changelog.bump_data_version()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are all deferrable
        if dry_run or (mode == "atomic" and result.errors):
            transaction.set_rollback(True)
        else:
            result.written = True
            finish_batch(runner.batch_id, result)
    if result.written and result.created + result.updated >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # Fresh statistics for the next import's lookups: with the table's old row count the planner
        # scans the whole table for every chunk of keys (bench: 1.5 s of 12 s for 100,000 trademarks).
        # The row count and the key columns are what lookups need (bench: 20 ms instead of 140 ms);
        # an ANALYZE of some columns leaves autovacuum's count of changes alone, so it still analyzes
        # the whole table soon after.
        qn = connection.ops.quote_name
        model = runner.model
        keys = ", ".join(qn(model._meta.get_field(name).column) for name in runner.spec.key_fields)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {qn(model._meta.db_table)} ({keys})")


def _permission_problem(spec: Ledger, user) -> str | None:
    if user is None or getattr(user, "is_superuser", False):
        return None
    from qualitybrand.core.roles import CHANGE, role_may

    role = getattr(user, "role", "")
    scoped = hasattr(spec.model._default_manager, "for_user")
    if not scoped:
        if role != "city_admin":
            return f"您没有导入“{spec.title}”的权限：该台账由市级管理员维护。"
        return None
    if not role_may(role, CHANGE, spec.model):
        return f"您没有导入“{spec.title}”的权限。"
    if role != "enterprise" and not getattr(user, "region_id", None):
        return "您的账号没有所属区划，不能导入台账。"
    return None


class Runner:
    def __init__(self, spec: Ledger, columns, mode: str, dry_run: bool, user, batch_id: int,
                 result: ImportResult):
        self.spec = spec
        self.columns = columns
        self.present = [col.header for _i, col, _y in columns]
        self.mode = mode
        self.dry_run = dry_run
        self.user = user
        self.batch_id = batch_id
        self.result = result
        self.ctx = Context(user=user)
        self.ctx.cache["present"] = set(self.present)
        self.seen: dict = {}
        model = spec.model
        self.model = model
        self.concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.attnames = [f.attname for f in self.concrete]
        self.defaults = {}
        for f in self.concrete:
            if f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            elif f.blank and f.get_internal_type() in ("CharField", "TextField"):
                self.defaults[f.attname] = ""
        self.log_names = {f.attname: f.name for f in self.concrete if f.name not in ("path", "depth")}
        self.user_path = None
        if user is not None and not getattr(user, "is_superuser", False) and getattr(user, "role", "") != "enterprise":
            region = getattr(user, "region", None)
            self.user_path = region.path if region is not None else None
        self.ctx.scope_path = self.user_path
        self.entries: list = []
        self.entries_written = 0
        self.preassign = type(spec).create is Ledger.create
        self.next_id: int | None = None
        self.log_pairs = [*self.log_names.items(), *((n, n) for n in spec.extra_fields)]
        from qualitybrand.ledgers import bulk

        self.encode_created = bulk.record_encoder(self.log_pairs)
        # New records with ids drawn beforehand are logged by the database (dblog), others here.
        self.log_statement = None
        if self.preassign and not spec.extra_fields and LOG_IN_DATABASE:
            self.log_statement = dblog.created_log_statement(spec, self.log_pairs)
        self.plan = [(i, col.header, {}, col.cell_parser(yuan), [True], col.precheck) for i, col, yuan in columns]
        self.user_id = user.pk if getattr(user, "pk", None) else None
        self.username = getattr(user, "username", "") or "系统"
        self.request_id = changelog.current_request_id.get()
        self.reason = f"导入{spec.title}"
        self.now = clock.now()  # one time for every change of the import: they commit together

    @property
    def writing(self) -> bool:
        return not self.dry_run and not (self.mode == "atomic" and self.result.errors)

    def check(self, parsed: parsing.Parsed) -> tuple[list[Row], dict, list[int]]:
        """Stage 1: resolve references and fetch the stored records (database reads); ids for the
        rows that would be new are drawn here, so stage 2 needs no database."""
        spec = self.spec
        rows = parsing.rows_of(parsed, self.present)
        self.result.rows += len(rows)
        spec.prefetch(self.ctx, rows)
        keyed: list[Row] = []
        build, ctx, seen = spec.build, self.ctx, self.seen
        key_of = operator.itemgetter(*spec.key_fields)
        single = len(spec.key_fields) == 1
        for row in rows:
            fields = build(ctx, row)
            row.fields = fields
            if fields is None:
                continue
            try:
                key = (key_of(fields),) if single else key_of(fields)
            except KeyError:
                key = tuple(fields.get(k) for k in spec.key_fields)
            if None in key or "" in key or row.errors and not all(h in row.values for h in spec.key):
                if not row.errors:
                    row.error(spec.key[0], f"无法确定本行的唯一键（{'+'.join(spec.key)}）：请检查这些列。")
                continue
            seen_key = key[0] if single else key
            first = seen.get(seen_key)
            if first is not None:
                row.error(spec.key[0], f"与第 {first} 行重复：同一文件中“{'+'.join(spec.key)}”不能出现两次。")
                continue
            seen[seen_key] = row.number
            row.key = key
            keyed.append(row)
        existing = self._fetch_existing(keyed)
        if self.user_path is not None and existing:
            self._refuse_foreign(keyed, existing)
        ids: list[int] = []
        if self.preassign and self.writing:
            ids = self._allocate_ids(len(keyed) - len(existing))  # rows failing later leave gaps: harmless
        return rows, existing, ids

    def _allocate_ids(self, n: int) -> list[int]:
        from qualitybrand.ledgers import bulk

        if n <= 0:
            return []
        if connection.vendor == "postgresql":
            return bulk.reserve_ids(self.model, n)
        # SQLite: the transaction holds the write lock, so one read of the largest id serves the
        # whole import (ids of rows that fail a later check are simply never used).
        if self.next_id is None:
            self.next_id = bulk.reserve_ids(self.model, 1)[0]
        start, self.next_id = self.next_id, self.next_id + n
        return list(range(start, start + n))

    def settle(self, checked: tuple[list[Row], dict, list[int]]) -> tuple[list[Row], list[Row]]:
        """Stage 2, no database: cross-column rules, the comparison with the stored records,
        errors and counts, and the change-log rows of the new records unless the database writes
        them (`log_statement`, dblog)."""
        spec, result = self.spec, self.result
        rows, existing, ids = checked
        created: list[Row] = []
        updated: list[Row] = []
        order = spec.date_order
        for row in rows:
            if row.errors or row.key is None:
                if order and row.fields:  # the dates that could be read are put in order all the same
                    old = existing.get(row.key) if row.key is not None else None
                    rules.check_date_order(row, {**(old or {}), **row.fields}, order)
                continue
            old = existing.get(row.key)
            row.existing = old
            fields = row.fields
            merged = dict(old) if old is not None else dict(self.defaults)
            merged.update(fields)
            spec.complete(self.ctx, row, fields, merged, old is None)
            if order:
                rules.check_date_order(row, merged, order)
            if row.errors:
                continue
            if self.user_path is not None:
                self._check_scope(row, merged)
                if row.errors:
                    continue
            if old is None:
                row.fields = merged
                created.append(row)
            else:
                changed = {k: v for k, v in fields.items() if k in old and old[k] != v}
                row.fields = changed
                if changed:
                    updated.append(row)
                else:
                    result.unchanged += 1
        for row in rows:
            if row.errors:
                result.errors.extend(row.errors)
            result.warnings.extend(row.warnings)
        result.created += len(created)
        result.updated += len(updated)
        if not (created or updated):
            return [], []
        if not self.writing:
            spec.after_check(self.ctx, created)
            return [], []
        if ids:
            for row, pk in zip(created, ids):
                row.fields["id"] = pk
            if self.log_statement is None:
                self.entries.extend(self._entry("create", row.fields["id"], None, row.fields, row) for row in created)
        return created, updated

    def write(self, settled: tuple[list[Row], list[Row]]) -> None:
        """Stage 3: the writes (queued to the background COPY on PostgreSQL)."""
        created, updated = settled
        if (created or updated) and self.writing:
            self._write(created, updated)

    def _refuse_foreign(self, keyed: list[Row], existing: dict[tuple, dict]) -> None:
        """A stored record outside the user's region is dropped before anything is compared with it:
        its row gets the one refusal an out-of-region row gets, whatever the ledger, so that no answer
        (a date order, a changed value, "exists") tells a county what another county holds."""
        self.ctx.load_regions()
        regions = self.ctx.region_by_id
        for row in keyed:
            old = existing.get(row.key)
            if old is None or not old.get("region_id"):
                continue
            if not regions.get(old["region_id"], ("", ""))[1].startswith(self.user_path):
                del existing[row.key]
                row.error(self.spec.region_column or self.spec.key[0], OUT_OF_SCOPE)

    def _check_scope(self, row: Row, merged: dict) -> None:
        path = row.region_path
        if not path and merged.get("region_id"):
            self.ctx.load_regions()
            path = self.ctx.region_by_id.get(merged["region_id"], ("", ""))[1]
        old_path = ""
        if row.existing is not None and row.existing.get("region_id"):
            self.ctx.load_regions()
            old_path = self.ctx.region_by_id.get(row.existing["region_id"], ("", ""))[1]
        if (path and not path.startswith(self.user_path)) or (old_path and not old_path.startswith(self.user_path)):
            row.error(self.spec.region_column or self.spec.key[0], OUT_OF_SCOPE)

    def _fetch_existing(self, rows: list[Row]) -> dict[tuple, dict]:
        if not rows:
            return {}
        spec = self.spec
        kf = spec.key_fields
        first = sorted({r.key[0] for r in rows}, key=str)
        wanted = {r.key for r in rows}
        out: dict[tuple, dict] = {}
        from qualitybrand.ledgers import bulk

        key_field = self.model._meta.get_field(kf[0])
        db_first = first
        if key_field.get_internal_type() == "DateField" and connection.vendor == "sqlite":
            db_first = [v.isoformat() for v in first]
        for rec in bulk.fetch_by(self.model, self.concrete, key_field, db_first):
            key = tuple(rec[k] for k in kf)
            if key in wanted:
                out[key] = rec
        if spec.extra_fields and out:
            extra = spec.fetch_extra([r["id"] for r in out.values()])
            for rec in out.values():
                rec.update(extra.get(rec["id"], {n: [] for n in spec.extra_fields}))
        return out

    # --- writing -----------------------------------------------------------------
    def _write(self, created: list[Row], updated: list[Row]) -> None:

        spec, model = self.spec, self.model
        extra_values: dict[int, dict] = {}
        if created:
            logged = "id" in created[0].fields  # ids drawn in `check`: logged in `settle` or just below (dblog)
            spec.create(self, created)
            if logged and self.log_statement is not None:
                same = (self.now, self.user_id, self.username, self.request_id, self.batch_id,
                        model._meta.label_lower, self.reason)
                dblog.log_created(self.log_statement, same, [row.fields["id"] for row in created])
                self.entries_written += len(created)
            for row in created:
                if spec.extra_fields:
                    extra_values[row.fields["id"]] = {n: row.fields.get(n) for n in spec.extra_fields}
                if not logged:
                    self.entries.append(self._entry("create", row.fields["id"], None, row.fields, row))
        if updated:
            groups: dict[tuple, list[Row]] = {}
            for row in updated:
                names = tuple(sorted(k for k in row.fields if k not in spec.extra_fields))
                if names:
                    groups.setdefault(names, []).append(row)
                if spec.extra_fields and any(n in row.fields for n in spec.extra_fields):
                    extra_values[row.existing["id"]] = {n: row.fields[n] for n in spec.extra_fields
                                                        if n in row.fields}
            table = model._meta.db_table
            qn = connection.ops.quote_name
            by_att = {f.attname: f for f in self.concrete}
            custom = getattr(spec, "update_rows", None)
            if custom is not None:
                custom(self, updated)
                groups = {}
            with connection.cursor() as cursor:
                for names, group in groups.items():
                    sql = (f"UPDATE {qn(table)} SET " + ", ".join(f"{qn(by_att[n].column)} = %s" for n in names)
                           + f" WHERE {qn(model._meta.pk.column)} = %s")
                    params = [[by_att[n].get_db_prep_save(r.fields[n], connection) for n in names]
                              + [r.existing["id"]] for r in group]
                    cursor.executemany(sql, params)
            for row in updated:
                before = {k: row.existing.get(k) for k in row.fields}
                merged = {**row.existing, **row.fields}
                self.entries.append(self._entry("update", row.existing["id"], before, row.fields, row,
                                                merged=merged))
        if extra_values:
            spec.write_extra(self.ctx, extra_values)
        spec.after_write(self, created, updated)
        if len(self.entries) >= 5000:
            self._flush()

    def _entry(self, action: str, pk, before: dict | None, after: dict, row: Row, merged=None) -> tuple:
        names = self.log_names
        if action == "create":
            after_j = self.encode_created(after)
            before_j = None
        else:
            after_j = {names.get(k, k): v for k, v in after.items()}
            before_j = {names.get(k, k): v for k, v in (before or {}).items()}
        rec = merged if merged is not None else after
        path = row.region_path
        if not path and rec.get("region_id"):
            self.ctx.load_regions()
            path = self.ctx.region_by_id.get(rec["region_id"], ("", ""))[1]
        return (self.now, self.user_id, self.username, self.request_id, self.batch_id, action,
                self.model._meta.label_lower, str(pk), self.spec.object_repr(rec)[:200], path or "",
                before_j, after_j, self.reason)

    def _flush(self) -> None:
        if self.entries:
            from qualitybrand.ledgers import bulk

            bulk.write_changelog(self.entries, same_in_all=bulk.SAME_IN_AN_IMPORT)
            self.entries_written += len(self.entries)
            self.entries = []

    def finish(self) -> None:
        if self.writing:
            self._flush()
        else:
            self.entries = []


__all__ = ["LEDGERS", "ImportResult", "UnreadableFile", "UsageError", "import_file", "import_rows", "register",
           "get_ledger"]
