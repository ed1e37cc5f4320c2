"""Caching of the figures (the dashboard and the engine), shared by every gunicorn worker.

Two levels, both keyed by the data version (`core.changelog.data_version`), so an entry is never stale:
a value for version N is only ever read while the version is N, and every write advances it.

- `local` (the `default` cache, locmem): in front, per process; an entry found there costs no query.
- `shared` (settings.CACHES["shared"]): Django's database cache table `qb_cache` (created by the core
  migration `0006_shared_cache_table` and by `createcachetable`), or Redis when QB_REDIS_URL is set.
  A page computed by one worker, or by the precompute task in the task worker, is seen by all.

Nothing is cached (nor trusted) inside a transaction: the data version may still roll back there.

`request_scope()` memoises, for one request (or one precompute pass), what every engine call would
otherwise read again: the data version, the catalog, the region tree, the programs; and it lets the
engine answer a family's query for the period asked and the same span in the previous years in one
statement (`engine.py`, `_batched`).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import time

from django.core.cache import caches
from django.db import connection

SHARED_TIMEOUT = 24 * 3600  # entries are keyed by the data version: the timeout only frees space
LOCAL_TIMEOUT = 600
LOCK_SECONDS = 10  # while one worker builds a section, the others wait for it up to this long
WAIT_STEP = 0.05

_scope: contextvars.ContextVar[dict | None] = contextvars.ContextVar("qb_indicator_scope", default=None)


# --- the request scope --------------------------------------------------------------------

@contextlib.contextmanager
def request_scope(years=()):
    """Memoise the data version, catalog, region rows and programs until the block ends (nested: the
    outer memo stays). `years`: the years the page asks the engine about; the engine then reads each
    family for every period the same page needed last time in one statement (`batch.py`)."""
    from qualitybrand.indicators import batch

    memo = _scope.get()
    token = None
    if memo is None:
        memo = {}
        token = _scope.set(memo)
    own = ("years", "requested", "first")  # what the engine notes for the page (batch.py)
    outer = {name: memo.get(name) for name in own}
    if years or outer["years"] is None:
        memo.update(years=tuple(years), requested=set(), first=None)
    try:
        yield memo
        if years:
            batch.learn(memo)
    finally:
        if years or outer["years"] is None:
            memo.update(outer)
        if token is not None:
            _scope.reset(token)


def scope() -> dict | None:
    """The memo of the current request scope, or None outside one (and inside a transaction, where the
    data read may change within the request)."""
    memo = _scope.get()
    if memo is None or connection.in_atomic_block:
        return None
    return memo


def memoised(name: str, load):
    """`load()` once per request scope (every time outside one)."""
    memo = scope()
    if memo is None:
        return load()
    if name not in memo:
        memo[name] = load()
    return memo[name]


def data_version() -> int:
    from qualitybrand.core import changelog

    return memoised("data_version", changelog.data_version)


# --- the two-level cache ------------------------------------------------------------------

def _digest(prefix: str, version: int, key: tuple) -> str:
    return f"{prefix}:{version}:" + hashlib.sha1(repr(key).encode()).hexdigest()


def local():
    return caches["default"]


def shared():
    return caches["shared"]


def cached(key: tuple, build, *, prefix: str = "qbdash", share: bool = True):
    """`build()` cached under the data version, locally and (share=True) in the shared cache.

    When another worker is building the same entry (a lock in the shared cache), wait for its result
    rather than computing it a second time (at most LOCK_SECONDS)."""
    if connection.in_atomic_block:
        return build()
    cache_key = key_for(key, prefix=prefix)
    found = local().get(cache_key)
    if found is not None:
        return found
    if share:
        found = _shared_get_or_build(cache_key, build)
    else:
        found = build()
    local().set(cache_key, found, LOCAL_TIMEOUT)
    return found


def _shared_get_or_build(cache_key: str, build):
    store = shared()
    found = store.get(cache_key)
    if found is not None:
        return found
    lock = cache_key + ":building"
    if not store.add(lock, 1, LOCK_SECONDS):
        deadline = time.monotonic() + LOCK_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            found = store.get(cache_key)
            if found is not None:
                return found
            if store.get(lock) is None:  # the builder gave up (an error): build it here
                break
    try:
        found = build()
        store.set(cache_key, found, SHARED_TIMEOUT)
    finally:
        store.delete(lock)
    return found


def key_for(key: tuple, *, prefix: str = "qbdash") -> str:
    """The cache key of `key` under the current data version."""
    return _digest(prefix, data_version(), key)


def is_cached(key: tuple, *, prefix: str = "qbdash") -> bool:
    """Whether the shared cache holds `key` for the current data version."""
    return shared().get(key_for(key, prefix=prefix)) is not None


def forget_after_migrate(sender=None, using="default", **kwargs) -> None:
    """After `migrate` (a deployment: new code may render the figures differently) and after a test
    database is flushed (its data version starts again from 0), no entry of before may be read: empty
    the database cache table. A Redis cache is left alone (clearing it would flush the whole Redis
    database): its entries are keyed by the data version, which a deployment does not reset."""
    from django.core.cache.backends.db import DatabaseCache
    from django.db import DatabaseError, transaction

    local().clear()
    store = shared()
    if not isinstance(store, DatabaseCache):
        return
    try:
        with transaction.atomic(using=using):
            store.clear()
    except DatabaseError:  # the table is not there (yet): nothing to forget
        pass
