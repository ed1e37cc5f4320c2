"""Recording changes. Services call these; nothing else writes ChangeLog rows."""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile

from qualitybrand.core import clock

# The current request's id, set by RequestIdMiddleware, read when a change is recorded.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("qb_request_id", default="")


def new_request_id() -> str:
    return uuid.uuid4().hex


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, FieldFile):  # a file by its stored name (the bytes are never logged)
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` (foreign keys by their natural code where the
    related model declares `natural_key_field`, else by id)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.primary_key or field.name in {"path", "depth"}:
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            data[field.name] = related_id
        else:
            data[field.name] = jsonable(getattr(obj, field.attname))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict | None, dict | None]:
    """Only the changed fields of an update; whole snapshots for create and delete."""
    if before is None or after is None:
        return before, after
    changed = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _region_path(obj: models.Model) -> str:
    region = getattr(obj, "region", None)
    if region is None and obj.__class__.__name__ == "Region":
        region = obj
    return getattr(region, "path", "") or ""


# The columns of a change-log row, in the order the import's fast modes write them as tuples
# (`ledgers/bulk.write_changelog`, `ledgers/dblog.py`): one format, built here or there.
COLUMNS = ("time", "user_id", "username", "request_id", "import_batch_id", "action", "model",
           "object_id", "object_repr", "region_path", "before", "after", "reason")


def build_entry(*, user, action: str, obj: models.Model, before: dict | None, after: dict | None,
                reason: str = "", import_batch_id: int | None = None, region_path: str | None = None,
                when: dt.datetime | None = None):
    before, after = diff(before, after)
    return build_row(user=user, action=action, model=obj._meta.label_lower, object_id=obj.pk,
                     object_repr=str(obj), region_path=_region_path(obj) if region_path is None else region_path,
                     before=before, after=after, reason=reason, import_batch_id=import_batch_id, when=when)


def build_row(*, user, action: str, model: str, object_id, object_repr: str, region_path: str,
              before: dict | None, after: dict | None, reason: str = "", import_batch_id: int | None = None,
              when: dt.datetime | None = None):
    """A change-log row for a record not loaded as an object (bulk services): saved by `record_many`."""
    from qualitybrand.core.models import ChangeLog

    return ChangeLog(
        time=when or clock.now(),
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "系统",
        request_id=current_request_id.get(),
        import_batch_id=import_batch_id,
        action=action,
        model=model,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        region_path=region_path or "",
        before=before,
        after=after,
        reason=reason[:500],
    )


def record(*, user, action: str, obj: models.Model, before: dict | None = None, after: dict | None = None,
           reason: str = "", import_batch_id: int | None = None) -> None:
    entry = build_entry(user=user, action=action, obj=obj, before=before, after=after, reason=reason,
                        import_batch_id=import_batch_id)
    if action == "update" and not entry.after:
        return  # nothing changed: nothing to record
    entry.save()
    bump_data_version()


def record_many(entries: list, batch_size: int = 2000) -> None:
    """Bulk path for imports: the caller built the entries with `build_entry`."""
    from qualitybrand.core.models import ChangeLog

    if entries:
        ChangeLog.objects.bulk_create(entries, batch_size=batch_size)
        bump_data_version()


def bump_data_version() -> None:
    from qualitybrand.core.models import DataVersion

    updated = DataVersion.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        with transaction.atomic():
            DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def data_version() -> int:
    from qualitybrand.core.models import DataVersion

    return DataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0
