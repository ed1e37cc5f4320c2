"""Change-log rows of imported new records, built by the database from the rows just inserted.

For a created record the change log holds every stored value (`after`), its label and its region's
path. Building that JSON in Python and binding it back row by row cost more than storing the records
themselves (bench: 1.2 s of a 3.3 s import of 100,000 trademarks on SQLite). One
`INSERT … SELECT json_object(…)` per chunk (a row's `to_json` on PostgreSQL) does the same work inside
the database in a third of that; on PostgreSQL it runs on the server's core, queued behind the
chunk's COPY.

The rows are the ones the Python path (`engine.Runner._entry`) writes: same columns, same values,
the same JSON once parsed (tests/ledgers/test_dblog.py compares the two on every ledger that uses
this). A ledger takes this path only when every field has a JSON form below and the ledger can say
its `object_repr` in SQL (`Ledger.object_repr_sql`); otherwise the engine logs in Python.
"""

from __future__ import annotations

from django.db import connection

from qualitybrand.core import changelog

# Stored as JSON would write them: text, integers and foreign keys as they are, dates as ISO text
# (SQLite stores them so; PostgreSQL's to_json writes dates so).
_AS_STORED = {"CharField", "TextField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
              "BigIntegerField", "SmallIntegerField", "ForeignKey", "DateField"}
_MAX_FIELDS = 45  # PostgreSQL functions take at most 100 arguments: a key and a value per field


def _json_value(field, column: str) -> str | None:
    kind = field.get_internal_type()
    postgres = connection.vendor == "postgresql"
    if kind in _AS_STORED:
        return column
    if kind == "BooleanField":
        if postgres:
            return column
        return f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} THEN json('true') ELSE json('false') END"
    if kind == "JSONField":
        return column if postgres else f"json({column})"
    return None  # decimals, datetimes...: the engine writes these ledgers' change logs itself


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def created_log_statement(spec, pairs: list[tuple[str, str]]) -> str | None:
    """The statement writing the change-log rows of the records with the given ids, or None when the
    ledger cannot be logged by the database. `pairs`: (attname, name in the log) of the logged fields.

    Parameters: time, user id, username, request id, batch id, model label, reason, then the ids
    (first and last on SQLite, whose import holds the write lock so the range holds only its own
    rows; an array on PostgreSQL, where concurrent imports draw ids from the same sequence)."""
    from qualitybrand.core.models import ChangeLog

    model = spec.model
    if not pairs or len(pairs) > _MAX_FIELDS:
        return None
    qn = connection.ops.quote_name
    by_att = {f.attname: f for f in model._meta.concrete_fields}

    def column(name: str) -> str:
        return "t." + qn(model._meta.get_field(name).column)

    repr_sql = spec.object_repr_sql(column)
    if repr_sql is None:
        return None
    parts = []
    for att, name in pairs:
        field = by_att.get(att)
        value = _json_value(field, "t." + qn(field.column)) if field is not None else None
        if value is None:
            return None
        parts.append((name, value))
    if connection.vendor == "postgresql":
        # A row's to_json: a quarter cheaper for the server than json_build_object's 28 arguments.
        after = f"(SELECT to_json(x) FROM (SELECT {', '.join(f'{v} AS {qn(n)}' for n, v in parts)}) x)"
    else:
        after = f"json_object({', '.join(f'{_text(n)}, {v}' for n, v in parts)})"
    names = [f.attname if f.name == "user" else f.name for f in ChangeLog._meta.concrete_fields if not f.primary_key]
    fixed = ("time", "user_id", "username", "request_id", "import_batch_id", "model", "reason")
    rest = [n for n in names if n not in fixed]
    values = {"action": "'create'", "object_id": f"CAST(t.{qn(model._meta.pk.column)} AS TEXT)",
              "object_repr": f"SUBSTR({repr_sql}, 1, 200)", "region_path": "''", "before": "NULL",
              "after": after}
    if set(rest) != set(values):  # a column added to the change log: the engine's Python path knows it
        return None
    source = f"{qn(model._meta.db_table)} t"
    if "region_id" in by_att:
        if not by_att["region_id"].is_relation:
            return None  # the Python path finds the region path of whatever this is
        region = qn(by_att["region_id"].related_model._meta.db_table)
        source += f" LEFT JOIN {region} r ON r.id = t.region_id"
        values["region_path"] = "COALESCE(r.path, '')"
    pk = f"t.{qn(model._meta.pk.column)}"
    where = f"{pk} = ANY(%s::bigint[])" if connection.vendor == "postgresql" else f"{pk} BETWEEN %s AND %s"
    cols = ", ".join(qn(ChangeLog._meta.get_field("user" if n == "user_id" else n).column) for n in [*fixed, *rest])
    return (f"INSERT INTO {qn(ChangeLog._meta.db_table)} ({cols}) "
            f"SELECT {', '.join(['%s'] * len(fixed))}, {', '.join(values[n] for n in rest)} "
            f"FROM {source} WHERE {where} ORDER BY {pk}")


def log_created(statement: str, same: tuple, ids: list[int]) -> None:
    """Write the change-log rows of the records `ids` (just inserted) with `statement`.

    `same`: time, user id, username, request id, batch id, model label and reason, as the Python path
    writes them. On PostgreSQL the statement is queued behind the chunk's COPY (bulk.execute_in_order)."""
    from qualitybrand.core.models import ChangeLog
    from qualitybrand.ledgers import bulk

    if not ids:
        return
    time_value = ChangeLog._meta.get_field("time").get_db_prep_save(same[0], connection)
    if connection.vendor == "postgresql":
        params = [time_value, *same[1:], bulk.pg_array(ids)]
    else:
        params = [time_value, *same[1:], min(ids), max(ids)]
    if not bulk.execute_in_order(statement, params):
        changelog.bump_data_version()
