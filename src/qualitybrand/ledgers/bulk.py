"""Bulk SQL for the engine's hot path: INSERT by executemany (SQLite) or COPY (PostgreSQL), ids read
back by natural key, and change-log rows written the same way (same columns as core.changelog)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.db import connection

from qualitybrand.core import changelog


def _converters(fields) -> list[Callable]:
    vendor = connection.vendor
    out = []
    for f in fields:
        kind = f.get_internal_type()
        if kind in ("CharField", "TextField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
                    "BigIntegerField", "SmallIntegerField", "ForeignKey", "BooleanField", "AutoField"):
            out.append(None)
        elif kind == "DateField" and vendor == "sqlite":
            out.append(lambda v: v.isoformat() if v is not None else None)
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


def _json_converter() -> Callable:
    """JSON text of a value; lists (tags, classes...) repeat a lot and are memoised by their repr."""
    encode = _encoder().encode  # one encoder for all rows: json.dumps builds one per call
    memo: dict[str, str] = {}

    def conv(v):
        if v is None:
            return None
        if v.__class__ is list:
            key = repr(v)
            hit = memo.get(key)
            if hit is None:
                hit = encode(v)
                if len(memo) < 10000:
                    memo[key] = hit
            return hit
        return encode(v)
    return conv


def _encoder() -> json.JSONEncoder:
    """The encoder `json.dumps(v, ensure_ascii=False, default=json_default)` would build."""
    return json.JSONEncoder(ensure_ascii=False, default=json_default)


def json_default(value):
    """JSON for dates and decimals exactly as core.changelog.jsonable writes them."""
    return changelog.jsonable(value)


def _in(values: list) -> str:
    """`IN (...)`, or `= ANY(%s)` on PostgreSQL (one parameter instead of thousands)."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)"
    return f"IN ({', '.join(['%s'] * len(values))})"


def _params(values: list) -> list:
    return [list(values)] if connection.vendor == "postgresql" else values


def _json_placeholder(field) -> str:
    if connection.vendor == "postgresql" and field.get_internal_type() == "JSONField":
        return "%s::jsonb"
    return "%s"


def insert(model, fields, rows: list[list]) -> None:
    """Insert `rows` (values in the order of `fields`) into the model's table."""
    if not rows:
        return
    conv = _converters(fields)
    idx = [(i, c) for i, c in enumerate(conv) if c is not None]
    if idx:
        for r in rows:
            for i, c in idx:
                r[i] = c(r[i])
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = ", ".join(qn(f.column) for f in fields)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
        return
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(_json_placeholder(f) for f in fields)})"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i:i + 5000])


def ids_by_key(model, key_fields: tuple[str, ...], keys: list[tuple]) -> dict[tuple, int]:
    """The ids of records by natural key (one query per 2000 keys)."""

    out: dict[tuple, int] = {}
    wanted = set(keys)
    meta = model._meta
    qn = connection.ops.quote_name
    fields = [meta.get_field(k) for k in key_fields]
    first = sorted({k[0] for k in keys}, key=str)
    if connection.vendor == "sqlite" and fields[0].get_internal_type() == "DateField":
        first = [v.isoformat() for v in first]
    readers = _readers(fields)
    cols = ", ".join([qn(meta.pk.column)] + [qn(f.column) for f in fields])
    with connection.cursor() as cursor:
        for i in range(0, len(first), 2000):
            part = first[i:i + 2000]
            cursor.execute(f"SELECT {cols} FROM {qn(meta.db_table)} WHERE {qn(fields[0].column)} {_in(part)}",
                           _params(part))
            for pk, *key in cursor.fetchall():
                key = tuple(r(v) if r else v for r, v in zip(readers, key))
                if key in wanted:
                    out[key] = pk
    return out


CHANGELOG_COLUMNS = ("time", "user_id", "username", "request_id", "import_batch_id", "action", "model",
                     "object_id", "object_repr", "region_path", "before", "after", "reason")


def write_changelog(rows: list[tuple]) -> None:
    """Change-log rows as tuples in CHANGELOG_COLUMNS order (before/after as dicts or None)."""
    from qualitybrand.core.models import ChangeLog

    if not rows:
        return
    meta = ChangeLog._meta
    fields = [meta.get_field(n) for n in ("time", "user", "username", "request_id", "import_batch_id", "action",
                                          "model", "object_id", "object_repr", "region_path", "before", "after",
                                          "reason")]
    insert(ChangeLog, fields, [list(r) for r in rows])
    changelog.bump_data_version()


def db_datetime(value):
    """A datetime as the backend stores it (SQLite: text)."""
    from qualitybrand.core.models import ChangeLog

    field = ChangeLog._meta.get_field("time")
    if connection.vendor == "sqlite":
        return field.get_db_prep_save(value, connection)
    return value


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


def fetch_by(model, fields, column_field, values: list) -> list[dict]:
    """Rows (dicts of attname -> Python value, plus "id") whose `column_field` is in `values`."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = ", ".join([qn(model._meta.pk.column)] + [qn(f.column) for f in fields])
    conv = _readers(fields)
    idx = [(i + 1, c) for i, c in enumerate(conv) if c is not None]
    names = ["id"] + [f.attname for f in fields]
    out = []
    with connection.cursor() as cursor:
        for i in range(0, len(values), 2000):
            part = values[i:i + 2000]
            cursor.execute(f"SELECT {cols} FROM {table} WHERE {qn(column_field.column)} {_in(part)}",
                           _params(part))
            for rec in cursor.fetchall():
                if idx:
                    rec = list(rec)
                    for j, c in idx:
                        rec[j] = c(rec[j])
                out.append(dict(zip(names, rec)))
    return out
