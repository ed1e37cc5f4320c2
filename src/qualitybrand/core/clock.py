"""The one source of "today" and "now": both honour QB_TODAY so demo mode and tests run on a fixed date.

- `today()`: QB_TODAY when set, else the local date.
- `now()`: when QB_TODAY is set, that day at the real local time of day (an aware datetime in
  TIME_ZONE), else `timezone.now()`. Every timestamp the platform writes comes from here, so a demo
  started with QB_TODAY=2014-07-10 reads as 2014 throughout: change log, submissions, handling steps,
  import batches, messages, logins and the security log.
- Fields Django stamps itself on the platform's models (`auto_now`, `auto_now_add`,
  `default=timezone.now` such as `User.date_joined`) take their value from `now()` too: `install()`
  (run by `CoreConfig.ready()`) swaps only the value source of those field instances, never what
  they deconstruct to, so no migration changes; the login signal that sets `last_login` is replaced
  by one using `now()`. Other libraries' models (the task queue) keep the real time.
- What compares times stays consistent: lockouts, password age and API token expiry are written
  and checked with `now()` (a lockout is never longer than its configured minutes, so the clock
  going back at midnight under QB_TODAY never extends one); session timeouts compare real
  `time.time()` stamps kept in the session, which nobody reads as dates.
"""

import datetime as dt
import types
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

_held: ContextVar[dt.date | None] = ContextVar("qb_today_held", default=None)


def today() -> dt.date:
    held = _held.get()
    if held is not None:
        return held
    fixed = getattr(settings, "QB_TODAY", None)
    if fixed:
        return fixed
    return timezone.localdate()


def now() -> dt.datetime:
    """QB_TODAY at the real local time of day (aware), or the real time when QB_TODAY is unset."""
    fixed = getattr(settings, "QB_TODAY", None)
    real = timezone.now()
    if not fixed:
        return real
    if isinstance(fixed, str):
        fixed = dt.date.fromisoformat(fixed)
    local = timezone.localtime(real)
    return dt.datetime.combine(fixed, local.timetz()).replace(fold=local.fold)


def _stamp_pre_save(field, model_instance, add):
    """`DateTimeField.pre_save` with `now()` as the source of auto_now / auto_now_add values."""
    if field.auto_now or (field.auto_now_add and add):
        value = now()
        setattr(model_instance, field.attname, value)
        return value
    return getattr(model_instance, field.attname)


def install() -> None:
    """Make Django's own time stamps (auto_now, auto_now_add, default=timezone.now) of the platform's
    models, and `last_login`, come from `now()`. Only the bound methods of the field instances change:
    the fields deconstruct as before, so `makemigrations` sees nothing."""
    from django.apps import apps
    from django.contrib.auth import user_logged_in
    from django.db import models

    for model in apps.get_models():
        if not model.__module__.startswith("qualitybrand."):
            continue  # the task queue and other libraries keep their real time (ages, ordering)
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateTimeField):
                continue
            if field.auto_now or field.auto_now_add:
                field.pre_save = types.MethodType(_stamp_pre_save, field)
            elif field.default is timezone.now:
                field.__dict__["_get_default"] = now  # the cached_property Field.get_default calls
    user_logged_in.disconnect(dispatch_uid="update_last_login")
    user_logged_in.connect(_update_last_login, dispatch_uid="update_last_login")


def _update_last_login(sender, user, **kwargs):
    if hasattr(user, "last_login"):
        user.last_login = now()
        user.save(update_fields=["last_login"])


@contextmanager
def held():
    """One "today" for a long piece of work (an export of 100,000 rows asks for it per row): the
    date read once at the start, so the work neither pays for the time-zone lookup per call nor sees
    the date change at midnight halfway through."""
    previous = _held.get()
    _held.set(today())
    try:
        yield
    finally:
        # set back rather than reset by token: a streamed response may finish in another context
        _held.set(previous)
