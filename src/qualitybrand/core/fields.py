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
