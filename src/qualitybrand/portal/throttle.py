"""Rate limits of the portal's forms, per client address, counted in Django's cache.

`client_address(request)`: REMOTE_ADDR, or the first address of X-Forwarded-For only when the setting
`QB_PORTAL_TRUST_PROXY` says the proxy in front is trusted (otherwise anyone could claim any address).
Limits (settings, read with defaults): `QB_PORTAL_POSTS_PER_HOUR` (5) / `QB_PORTAL_POSTS_PER_DAY` (20) for
stored submissions (complaints, objections), `QB_PORTAL_LOOKUPS_PER_HOUR` (20) / `QB_PORTAL_LOOKUPS_PER_DAY`
(60) for status look-ups (every attempt counts: against guessing numbers). The cache is
`QB_PORTAL_THROTTLE_CACHE` ("shared" by default: what every gunicorn worker sees; core/cache.py)."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import caches

POST, LOOKUP = "post", "lookup"
DEFAULTS = {POST: (5, 20), LOOKUP: (20, 60)}
SETTING_NAMES = {POST: ("QB_PORTAL_POSTS_PER_HOUR", "QB_PORTAL_POSTS_PER_DAY"),
                 LOOKUP: ("QB_PORTAL_LOOKUPS_PER_HOUR", "QB_PORTAL_LOOKUPS_PER_DAY")}
WINDOWS = (("h", 3600), ("d", 86400))


def client_address(request) -> str:
    if getattr(settings, "QB_PORTAL_TRUST_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first[:64]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _cache():
    name = getattr(settings, "QB_PORTAL_THROTTLE_CACHE", "shared")
    return caches[name if name in settings.CACHES else "default"]


def limits(kind: str) -> tuple[int, int]:
    hour_name, day_name = SETTING_NAMES[kind]
    hour, day = DEFAULTS[kind]
    return int(getattr(settings, hour_name, hour)), int(getattr(settings, day_name, day))


def _keys(kind: str, address: str) -> list[tuple[str, int]]:
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    now = int(time.time())  # real time: a window, nothing stored
    return [(f"qbportal:throttle:{kind}:{suffix}:{now // seconds}:{digest}", seconds) for suffix, seconds in WINDOWS]


def refused(request, kind: str) -> str | None:
    """A Chinese message when the address has used up its submissions (or look-ups), else None."""
    store = _cache()
    for (key, seconds), limit in zip(_keys(kind, client_address(request)), limits(kind), strict=True):
        if int(store.get(key) or 0) >= limit:
            what = "提交" if kind == POST else "查询"
            span = "一小时" if seconds == 3600 else "一天"
            return (f"同一网络地址{span}内最多{what} {limit} 次，您已达到上限，本次{what}没有受理。"
                    f"请稍后再试；如情况紧急，请拨打 12315 热线。")
    return None


def count(request, kind: str) -> None:
    store = _cache()
    for key, seconds in _keys(kind, client_address(request)):
        if not store.add(key, 1, seconds + 60):
            try:
                store.incr(key)
            except ValueError:
                store.set(key, 1, seconds + 60)
