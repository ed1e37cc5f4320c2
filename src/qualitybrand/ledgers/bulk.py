"""Bulk SQL for the engine's hot path: INSERT by executemany (SQLite) or COPY (PostgreSQL), ids reserved
before the insert, and change-log rows written the same way (same columns as core.changelog)."""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection

from qualitybrand.core import changelog


def _date_as_text(v):
    return v.isoformat() if v is not None else None


def _converters(fields) -> list[Callable]:
    vendor = connection.vendor
    out = []
    for f in fields:
        kind = f.get_internal_type()
        if kind in ("CharField", "TextField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
                    "BigIntegerField", "SmallIntegerField", "ForeignKey", "BooleanField", "AutoField", "BigAutoField"):
            out.append(None)
        elif kind == "DateField" and vendor == "sqlite":
            out.append(_date_as_text)
        elif kind == "DateField":
            out.append(None)
        elif kind == "JSONField":
            out.append(_json_converter())
        elif kind == "DecimalField" and vendor == "postgresql":
            out.append(None)
        elif kind == "DateTimeField":
            memo: dict = {}

            def conv(v, f=f, memo=memo):
                if v not in memo:
                    memo[v] = f.get_db_prep_save(v, connection)
                return memo[v]
            out.append(conv)
        else:
            out.append(lambda v, f=f: f.get_db_prep_save(v, connection))
    return out


class JSONText:
    """JSON already encoded (by `record_encoder`): written as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def record_encoder(pairs: list[tuple[str, str]]) -> Callable[[dict], JSONText]:
    """A function giving the JSON text of `{name: record[attname] ...}` for (attname, name) pairs,
    skipping attnames the record lacks (one change-log `after` per imported record)."""
    encode = json_encoder()

    names = [name for _att, name in pairs]
    pick = operator.itemgetter(*[att for att, _name in pairs])

    def run(record: dict) -> JSONText:
        try:
            values = pick(record)
        except KeyError:  # a column the file lacks: leave it out
            return JSONText(encode({name: record[att] for att, name in pairs if att in record}))
        return JSONText(encode(dict(zip(names, values))))
    return run


def _json_converter() -> Callable:
    """JSON text of a value; lists (tags, classes...) repeat a lot and are memoised by their repr."""
    encode = json_encoder()
    memo: dict[str, str] = {}

    def conv(v):
        if v is None:
            return None
        if v.__class__ is JSONText:
            return v.text
        if v.__class__ is list:
            if not v:  # most optional lists (designated countries...) are empty
                return "[]"
            key = repr(v)
            hit = memo.get(key)
            if hit is None:
                hit = encode(v)
                if len(memo) < 10000:
                    memo[key] = hit
            return hit
        return encode(v)
    return conv


def json_encoder() -> Callable[[object], str]:
    """The text `json.dumps(v, ensure_ascii=False, default=json_default)` gives, built once.

    `JSONEncoder.encode` sets up a new C encoder on every call; for 100,000 change-log rows that
    setup cost more than the encoding itself, so the C encoder is made once and reused."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has the C accelerator
        return json.JSONEncoder(ensure_ascii=False, default=json_default).encode
    run = make(None, json_default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    join = "".join

    def encode(value) -> str:
        return join(run(value, 0))
    return encode


def json_default(value):
    """JSON for dates and decimals exactly as core.changelog.jsonable writes them."""
    if value.__class__ is dt.date:
        return value.isoformat()
    return changelog.jsonable(value)


def _in(values: list, field) -> str:
    """`IN (...)`, or `= ANY(%s::type[])` on PostgreSQL (one parameter instead of thousands)."""
    if connection.vendor == "postgresql":
        return f"= ANY(%s::{field.cast_db_type(connection)}[])"
    return f"IN ({', '.join(['%s'] * len(values))})"


@contextmanager
def _index_lookups(cursor):
    """Key lookups by index on PostgreSQL.

    Thousands of keys against a table that the import itself is filling: the planner's statistics
    still describe the old table and it scans the whole table once per chunk (bench: 1.4 s of a
    100,000-row import). A lookup by unique key never wants a sequential scan."""
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SET LOCAL enable_seqscan = off")
    yield
    # Not in a `finally`: after an error the transaction is aborted and ends with its SET LOCAL.
    cursor.execute("RESET enable_seqscan")


@contextmanager
def _lookup_cursor():
    """A cursor for key lookups: on the import's lookup connection if it has one."""
    reader = _background.reader if _background is not None else None
    if reader is not None:
        with connection.wrap_database_errors, reader.cursor() as cursor:  # psycopg's errors as Django's
            yield cursor
        return
    with connection.cursor() as cursor, _index_lookups(cursor):
        yield cursor


def _params(values: list) -> list:
    return [pg_array(values)] if connection.vendor == "postgresql" else values


_PLAIN_ELEMENTS = re.compile(r"[0-9A-Za-z]+(?:,[0-9A-Za-z]+)*")


def pg_array(values: list) -> str:
    """A PostgreSQL array literal: one string instead of psycopg dumping thousands of elements.

    Codes and numbers (the usual keys) need no quotes; anything else is quoted and escaped."""
    plain = ",".join(map(str, values))
    if _PLAIN_ELEMENTS.fullmatch(plain) and "NULL" not in plain.upper():  # unquoted NULL would mean NULL
        return "{" + plain + "}"
    return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def insert(model, fields, rows: list[list], fixed: dict | None = None) -> None:
    """Insert `rows` (values in the order of `fields`) into the model's table.

    `fixed` (SQLite only): {field: value} alike in every row, written into the statement as literals
    rather than bound again for each row; `rows` then leave those fields out."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    if connection.vendor == "postgresql":
        assert not fixed, "PostgreSQL copies whole rows"
        _convert(fields, rows)
        cols = ", ".join(qn(f.column) for f in fields)
        sql = f"COPY {table} ({cols}) FROM STDIN"
        if _background is not None:
            _background.submit(sql, rows)
            return
        with connection.cursor() as cursor:
            _copy(cursor.cursor, sql, rows)
        return
    literals = {f: _sqlite_literal(f.get_db_prep_save(v, connection)) for f, v in (fixed or {}).items()}
    bound, columns = _fold_constant_columns(fields, rows, literals)
    cols = ", ".join(qn(f.column) for f in [*bound, *literals])
    values = ", ".join(["%s"] * len(bound) + list(literals.values()))
    sql = f"INSERT INTO {table} ({cols}) VALUES ({values})"
    rows = list(zip(*columns))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i:i + 5000])


FOLD_FROM = 50  # rows: below this, looking for constant columns is not worth it


def _fold_constant_columns(fields, rows: list, literals: dict) -> tuple[list, list[list]]:
    """SQLite: the fields to bind and their converted columns; a column holding one value in every row
    (a default the file does not set, say) goes to `literals` instead.

    Binding is most of an insert's cost (bench: 100,000 trademarks with six constant columns of
    fifteen, a quarter of the insert), and a literal is parsed once per statement."""
    bound, columns = [], []
    for i, (f, column, conv) in enumerate(zip(fields, zip(*rows), _converters(fields))):
        # The first field stays bound whatever it holds: rows with nothing bound would insert nothing.
        if i and len(column) >= FOLD_FROM and not f.primary_key:
            literal = _constant_literal(column, conv)
            if literal is not None:
                literals[f] = literal
                continue
        bound.append(f)
        if conv is None:
            columns.append(column)
        elif conv is _date_as_text:  # each distinct date converted once: a column repeats its dates
            texts = {v: v.isoformat() for v in set(column) if v is not None}
            texts[None] = None
            columns.append(list(map(texts.__getitem__, column)))
        else:
            columns.append([conv(v) for v in column])
    return bound, columns


def _constant_literal(column: tuple, conv) -> str | None:
    first = column[0]
    if first is not None and first.__class__ not in (str, int, bool, list, dt.date):
        return None
    if column.count(first) != len(column):  # compares in C; the classes of a column do not mix
        return None
    try:
        return _sqlite_literal(conv(first) if conv is not None else first)
    except TypeError:
        return None


def _convert(fields, rows: list[list]) -> None:
    """Python values to database values, in place, a column at a time."""
    for i, c in enumerate(_converters(fields)):
        if c is None:
            continue
        if c is _date_as_text:  # SQLite dates as text, without a Python call per value
            iso = dt.date.isoformat
            for r in rows:
                v = r[i]
                if v is not None:
                    r[i] = iso(v)
        else:
            for r in rows:
                r[i] = c(r[i])


def _sqlite_literal(value) -> str:
    """An SQL literal for an `executemany` statement. Django turns `%%` back into `%` there, so a `%` is
    doubled: "100%s" would otherwise be taken for a placeholder."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"  # SQLite strings have no backslash escapes
    raise TypeError(f"no SQLite literal for {type(value).__name__}")


def _copy(raw_cursor, sql: str, rows: list[list]) -> None:
    with raw_cursor.copy(sql) as copy:
        for r in rows:
            copy.write_row(r)


class BackgroundCopies:
    """COPY statements run in order by one worker thread on the transaction's own connection.

    The PostgreSQL server indexes and checks a COPY on the other core; without this the import
    waited for it after every chunk (bench: over half of a 100,000-row import). While the worker
    streams chunk k, the engine reads and checks chunk k+1. psycopg serialises the connection
    between threads; every statement through Django's connection waits for the queued rows first
    (`_after_queued_copies`), and the engine drains before the transaction ends, so an error
    surfaces inside it."""

    def __init__(self, lookups_apart: bool = False):
        from concurrent.futures import ThreadPoolExecutor

        self.raw = connection.connection  # the psycopg connection: thread-safe, unlike Django's wrapper
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qb-copy")
        self.pending: list = []
        self.reader = _lookup_connection() if lookups_apart else None

    def submit(self, sql: str, rows: list[list]) -> None:
        self.pending.append(self.pool.submit(self._run, sql, rows))

    def submit_statement(self, sql: str, params: list) -> None:
        self.pending.append(self.pool.submit(self._execute, sql, params))

    def _run(self, sql: str, rows: list[list]) -> None:
        with self.raw.cursor() as cursor:
            _copy(cursor, sql, rows)

    def _execute(self, sql: str, params: list) -> None:
        with self.raw.cursor() as cursor:
            cursor.execute(sql, params)

    def drain(self) -> None:
        pending, self.pending = self.pending, []
        failure = None
        for future in pending:
            exc = future.exception()
            if exc is not None and failure is None:
                failure = exc
        if failure is not None:
            with connection.wrap_database_errors:  # psycopg's error as django.db.DatabaseError
                raise failure

    def close(self) -> None:
        try:
            self.drain()
        finally:
            self.pool.shutdown(wait=True)
            if self.reader is not None:
                self.reader.close()


def _lookup_connection():
    """A second connection for the import's key lookups, or None if none can be opened.

    On the import's own connection a lookup waits until the server has stored the chunk being
    copied, and the server idles while the engine then checks the looked-up rows: the two took turns
    instead of running side by side (bench: a third of a 100,000-row import). The lookups never need
    the import's own uncommitted rows: a key already seen in the file is a duplicate, never looked
    up, and references point into other ledgers. Only used when the import is the outermost
    transaction, so that the committed data it sees is all there is."""
    raw = None
    try:
        raw = connection.Database.connect(**connection.get_connection_params())
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")  # see _index_lookups
        return raw
    except Exception:  # noqa: BLE001 - e.g. no connection slot left: look up on the main connection
        if raw is not None:
            raw.close()
        return None


_background: BackgroundCopies | None = None


@contextmanager
def background_copies(lookups_apart: bool = False):
    """Within the block, PostgreSQL inserts are queued to a `BackgroundCopies` (yielded, or None);
    with `lookups_apart`, key lookups run on a second connection meanwhile (`_lookup_connection`)."""
    global _background
    if connection.vendor != "postgresql" or _background is not None:
        yield None
        return
    connection.ensure_connection()
    _background = BackgroundCopies(lookups_apart)
    try:
        # Any statement through Django on this connection (a ledger hook's ORM call, a service it
        # calls, the engine's own UPDATEs) first waits for the queued COPYs, so it sees the rows
        # they insert: the concurrency stays in here, and ledger hooks stay plain.
        with connection.execute_wrapper(_after_queued_copies):
            yield _background
    finally:
        worker, _background = _background, None
        worker.close()


def _after_queued_copies(execute, sql, params, many, context):
    if _background is not None and _background.pending:
        _background.drain()
    return execute(sql, params, many, context)


def execute_in_order(sql: str, params: list) -> bool:
    """Run a statement after the queued COPY statements: queued too inside `background_copies`
    (True), else run now (False)."""
    if _background is not None:
        _background.submit_statement(sql, params)
        return True
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return False


def drain() -> None:
    """Wait for queued COPY statements (no-op outside `background_copies`)."""
    if _background is not None:
        _background.drain()


def reserve_ids(model, n: int) -> list[int]:
    """`n` new primary keys for records about to be inserted in this transaction.

    Assigning ids before the insert saves reading them back by natural key afterwards. SQLite:
    the import holds the write lock (IMMEDIATE transactions), so the ids after the largest used one
    (or the AUTOINCREMENT counter, whichever is larger) are free; inserting them moves the counter.
    PostgreSQL: drawn from the table's sequence, so concurrent writers never collide."""
    if n <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        # Sequences are outside transactions: the lookup connection draws them without waiting for
        # the COPY on the main one.
        with _lookup_cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [qn(table), pk, n])
            return [r[0] for r in cursor.fetchall()]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({qn(pk)}) FROM {qn(table)}")
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
    return list(range(start, start + n))


CHANGELOG_COLUMNS = changelog.COLUMNS  # the import's fast mode writes the rows `changelog` defines


# What one import writes alike in every change-log row (`write_changelog(..., same_in_all=...)`).
SAME_IN_AN_IMPORT = ("time", "user_id", "username", "request_id", "import_batch_id", "model", "reason")


def write_changelog(rows: list[tuple], same_in_all: tuple[str, ...] = ()) -> None:
    """Change-log rows as tuples in CHANGELOG_COLUMNS order (before/after as dicts, JSONText or None).

    `same_in_all`: columns whose value is that of the first row in every row. On SQLite they are
    written as literals: binding seven parameters fewer for each of 100,000 rows saves a sixth of
    the change log's insert (bench/bench_ledgers.py)."""
    from qualitybrand.core.models import ChangeLog

    if not rows:
        return
    meta = ChangeLog._meta
    by_column = {name: meta.get_field("user" if name == "user_id" else name) for name in CHANGELOG_COLUMNS}
    if connection.vendor != "sqlite" or not same_in_all:
        insert(ChangeLog, list(by_column.values()), [list(r) for r in rows])
    else:
        varying = [i for i, name in enumerate(CHANGELOG_COLUMNS) if name not in same_in_all]
        pick = operator.itemgetter(*varying)
        fixed = {by_column[name]: rows[0][CHANGELOG_COLUMNS.index(name)] for name in same_in_all}
        insert(ChangeLog, [by_column[CHANGELOG_COLUMNS[i]] for i in varying], [list(pick(r)) for r in rows],
               fixed=fixed)
    if _background is None:
        changelog.bump_data_version()


def _readers(fields) -> list:
    """Per-field conversions of raw cursor values to the Python values the ORM would give."""
    import datetime as dt
    from decimal import Decimal

    if connection.vendor != "sqlite":
        out = []
        for f in fields:
            kind = f.get_internal_type()
            if kind == "JSONField":
                out.append(lambda v: json.loads(v) if isinstance(v, str) else v)
            elif kind == "DateTimeField":
                out.append(None)
            else:
                out.append(None)
        return out
    out = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateField":
            out.append(lambda v: dt.date.fromisoformat(v) if v.__class__ is str else v)
        elif kind == "DecimalField":
            places = Decimal(1).scaleb(-f.decimal_places)
            out.append(lambda v, q=places: None if v is None else (
                Decimal(v) if isinstance(v, int | str) else Decimal(repr(v))).quantize(q).normalize())
        elif kind == "BooleanField":
            out.append(lambda v: None if v is None else bool(v))
        elif kind == "JSONField":
            out.append(lambda v: json.loads(v) if v is not None else None)
        elif kind == "DateTimeField":
            out.append(lambda v, f=f: f.to_python(v) if v is not None else None)
        else:
            out.append(None)
    return out


def fetch_rows(model, fields, column_field, values: list) -> list[tuple]:
    """Raw rows (pk, *fields) whose `column_field` is in `values`: for text, integer and foreign-key
    fields, whose stored values need no conversion."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = ", ".join([qn(model._meta.pk.column)] + [qn(f.column) for f in fields])
    out: list[tuple] = []
    with _lookup_cursor() as cursor:
        for i in range(0, len(values), 2000):
            part = values[i:i + 2000]
            cursor.execute(f"SELECT {cols} FROM {table} WHERE {qn(column_field.column)} {_in(part, column_field)}",
                           _params(part))
            out.extend(cursor.fetchall())
    return out


def fetch_by(model, fields, column_field, values: list) -> list[dict]:
    """Rows (dicts of attname -> Python value, plus "id") whose `column_field` is in `values`."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = ", ".join([qn(model._meta.pk.column)] + [qn(f.column) for f in fields])
    conv = _readers(fields)
    idx = [(i + 1, c) for i, c in enumerate(conv) if c is not None]
    names = ["id"] + [f.attname for f in fields]
    out = []
    with _lookup_cursor() as cursor:
        for i in range(0, len(values), 2000):
            part = values[i:i + 2000]
            cursor.execute(f"SELECT {cols} FROM {table} WHERE {qn(column_field.column)} {_in(part, column_field)}",
                           _params(part))
            for rec in cursor.fetchall():
                if idx:
                    rec = list(rec)
                    for j, c in idx:
                        rec[j] = c(rec[j])
                out.append(dict(zip(names, rec)))
    return out
