"""The database cache table every worker shares (settings.CACHES["shared"], used by indicators/cache.py).

Django's DatabaseCache writes an entry with four statements (COUNT of the table for culling, then in a
transaction SELECT, INSERT or UPDATE); here `set` and `add` are one upsert each (SQLite ≥ 3.24 and
PostgreSQL both say `INSERT … ON CONFLICT`), and the table is culled every CULL_EVERY writes of a
process instead of counted on each. Reads, deletes and the table itself are Django's.
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

CULL_EVERY = 100


class SharedDatabaseCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        self._writes = 0

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        if mode not in ("set", "add"):
            return super()._base_set(mode, key, value, timeout)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        now = tz_now().replace(microsecond=0)
        if timeout is None:
            exp = datetime.max
        else:
            exp = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        exp = connection.ops.adapt_datetimefield_value(exp.replace(microsecond=0))
        data = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        key_col, value_col, expires_col = quote("cache_key"), quote("value"), quote("expires")
        sql = (f"INSERT INTO {table} ({key_col}, {value_col}, {expires_col}) VALUES (%s, %s, %s) "
               f"ON CONFLICT ({key_col}) DO UPDATE SET {value_col} = excluded.{value_col}, "
               f"{expires_col} = excluded.{expires_col}")
        params = [key, data, exp]
        if mode == "add":  # only over an entry that has expired
            sql += f" WHERE {table}.{expires_col} < %s"
            params.append(connection.ops.adapt_datetimefield_value(now))
        with connection.cursor() as cursor:
            self._writes += 1
            if self._writes % CULL_EVERY == 0:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                num = cursor.fetchone()[0]
                if num > self._max_entries:
                    self._cull(db, cursor, now, num)
            cursor.execute(sql, params)
            return cursor.rowcount > 0
