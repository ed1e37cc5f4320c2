"""Model fields shared across apps."""

from __future__ import annotations

from django.db import models


class AppJSONField(models.JSONField):
    """A JSONField without SQLite's `CHECK (JSON_VALID(...))`.

    Its values only ever reach the database through Django or the ledger engine's JSON encoder, so
    the check can never fail; on SQLite it parses every value again on every insert, which was a
    fifth of the cost of writing change-log rows in bulk (bench/bench_ledgers.py). PostgreSQL keeps
    `jsonb`, which validates by its type."""

    def db_check(self, connection):
        return None


class LogJSONField(AppJSONField):
    """The change log's before/after: `json` (validated text) on PostgreSQL rather than `jsonb`.

    The log is written far more than it is read and never queried inside its JSON, so the binary
    conversion of `jsonb` buys nothing; it was a tenth of the server's work when an import COPYs
    100,000 change-log rows (bench/bench_ledgers.py)."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def from_db_value(self, value, expression, connection):
        if value is not None and not isinstance(value, str):  # psycopg decodes `json` itself
            return value
        return super().from_db_value(value, expression, connection)


class AppendOrderIndex(models.Index):
    """An index on a column that grows with the table (the append-only change log's time and import
    batch): a block-range (BRIN) index on PostgreSQL, a B-tree elsewhere.

    Rows of one import are contiguous in the heap, so a BRIN index finds them almost as fast as a
    B-tree while costing next to nothing to maintain: with B-trees these two indexes were a fifth of
    the server's work when an import COPYs 100,000 change-log rows (bench/bench_ledgers.py)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            using = " USING brin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)
