"""An import's entity references, read while its workbook loads (SQLite).

python-calamine lets go of the GIL while it reads a sheet (0.4 s for 100,000 trademarks), and the
parent process has nothing else to do until then. A thread reads the entity directory meanwhile on
its own connection, so that the per-chunk look-ups of the holders (`Context.load_entities`, 0.2 s of
that import) find them already there. PostgreSQL needs none of this: its look-ups already run on a
second connection (bulk._lookup_connection).

The directory is read only when that costs no more than the load it hides behind (`worth_it`), and
used only if nothing was written in between: every write records a change-log row, so the largest
change-log id seen with the directory must still be the largest once the import holds the write lock
(`take`). Otherwise the import looks its entities up chunk by chunk as usual.
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.db import connection

# Reading an entity costs about as much as loading 20 bytes of .xlsx (bench: 100,000 entities in
# 0.15 s, a 3.3 MB sheet in 0.4 s); the cap keeps the map within tens of MB.
BYTES_PER_ENTITY = 20
MOST_ENTITIES = 150_000  # below Context.load_entities's own bound, which would drop the map


def worth_it(spec, path: Path, size: int, outermost: bool) -> bool:
    return (connection.vendor == "sqlite" and outermost and bool(getattr(spec, "entity_column", ""))
            and path.suffix.lower() in (".xlsx", ".xlsm") and size // BYTES_PER_ENTITY >= 1000)


class EntityPreload:
    """Reads uscc -> (id, region id, kind) of every entity in a thread, if there are at most `limit`."""

    def __init__(self, limit: int):
        self.limit = min(limit, MOST_ENTITIES)
        self.entities: dict[str, tuple[int, int, str]] | None = None
        self.last_change: int | None = None
        self.thread = threading.Thread(target=self._read, name="qb-preload", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        from qualitybrand.core.models import ChangeLog
        from qualitybrand.ledgers.hooks import entity_model

        Entity = entity_model()  # registry.Entity, registered by the registry
        raw = None
        try:
            raw = connection.Database.connect(**connection.get_connection_params())
            raw.execute("BEGIN")  # one snapshot for the count, the directory and the change-log mark
            try:
                (count,) = raw.execute(f'SELECT COUNT(*) FROM "{Entity._meta.db_table}"').fetchone()
                if count > self.limit:
                    return
                (last,) = raw.execute(f'SELECT MAX(id) FROM "{ChangeLog._meta.db_table}"').fetchone()
                rows = raw.execute(f'SELECT uscc, id, region_id, kind FROM "{Entity._meta.db_table}"').fetchall()
            finally:
                raw.execute("COMMIT")
            self.entities = {uscc: (pk, region_id, kind) for uscc, pk, region_id, kind in rows}
            self.last_change = last or 0
        except Exception:  # noqa: BLE001 - a preload is an optimisation: the import looks entities up itself
            self.entities = None
        finally:
            if raw is not None:
                raw.close()

    def take(self) -> dict[str, tuple[int, int, str]]:
        """The directory, if still current; call inside the import's transaction (SQLite: write lock held)."""
        from qualitybrand.core.models import ChangeLog

        self.thread.join()
        if self.entities is None:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT MAX(id) FROM "{ChangeLog._meta.db_table}"')
            last = cursor.fetchone()[0] or 0
        return self.entities if last == self.last_change else {}
