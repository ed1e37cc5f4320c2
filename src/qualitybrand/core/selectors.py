"""Reads shared by pages and the API."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from qualitybrand.core import changelog_display as display
from qualitybrand.core.filtering import find_region
from qualitybrand.core.models import ChangeLog
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, scope_filter

HIDDEN_FIELDS = display.HIDDEN_FIELDS
FALLBACK_LABELS = display.FALLBACK_LABELS


def _date(value):
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def clean_change_log_params(params) -> tuple[dict, list[str]]:
    """The filters of the change log page, with a Chinese message for each unusable value."""
    cleaned: dict = {}
    problems: list[str] = []
    for key in ("user", "model", "object_id", "region", "import_batch"):
        value = (params.get(key) or "").strip()
        if value:
            cleaned[key] = value
    for key, label in (("since", "起始日期"), ("until", "截止日期")):
        value = (params.get(key) or "").strip()
        if value:
            parsed = _date(value)
            if parsed is None:
                problems.append(f"{label}“{value}”不是日期：应为 YYYY-MM-DD，例如 2014-07-10。")
            else:
                cleaned[key] = parsed
    return cleaned, problems


CHANGE_LOG_READERS = {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER}


def may_read_change_log(user) -> bool:
    """Offices bound to a region read the change log of their region and below."""
    return has_scoped_role(user, CHANGE_LOG_READERS)


def change_log_for_user(user, params=None):
    """The change log a user may read, filtered by who, what (model), when and region."""
    qs = ChangeLog.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if not may_read_change_log(user):
        return qs.none()
    if not user.is_superuser:
        scope = scope_filter(user, "region_path")
        if user.role in {Role.CITY_ADMIN, Role.LEADER}:
            scope |= Q(region_path="")  # city-wide records (programs, accounts...) belong to no region
        qs = qs.filter(scope)
    params = params or {}
    if params.get("user"):
        qs = qs.filter(username=params["user"])
    if params.get("model"):
        labels = display.model_filter(params["model"])  # one filter value may cover two types
        qs = qs.filter(model=labels[0]) if len(labels) == 1 else qs.filter(model__in=labels)
    if params.get("object_id"):
        qs = qs.filter(object_id=params["object_id"])
    if params.get("import_batch"):
        qs = qs.filter(import_batch_id=params["import_batch"]) if str(params["import_batch"]).isdecimal() else qs.none()
    # Whole local days as a time range, so the index on `time` serves the filter.
    for key, lookup, shift in (("since", "time__gte", 0), ("until", "time__lt", 1)):
        if params.get(key):
            value = _date(params[key])
            if value is None:
                return qs.none()
            # 0001-01-01 or 9999-12-31 mean “no bound” here: as they are, the next day or the local
            # midnight in UTC would fall outside the dates Python has (OverflowError).
            value = min(max(value, dt.date(1900, 1, 1)), dt.date(2999, 12, 31))
            start = timezone.make_aware(dt.datetime.combine(value + dt.timedelta(days=shift), dt.time.min))
            qs = qs.filter(**{lookup: start})
    if params.get("region"):
        region = find_region(params["region"])
        qs = qs.filter(region_path__startswith=region.path) if region else qs.none()
    return qs


def history_for(obj, limit: int = 200):
    """The change-log entries of one object, newest first (the 历史记录 tab)."""
    return ChangeLog.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-id")[:limit]


def model_label(label_lower: str) -> str:
    """The Chinese name of an object type (`changelog_display.model_name`)."""
    return display.model_name(label_lower)


def change_log_models() -> list[tuple[str, str]]:
    """(filter value, Chinese name) of every object type of the platform, each name once."""
    return display.model_choices([model for model in apps.get_models()
                                  if model.__module__.startswith("qualitybrand.") and model is not ChangeLog])


def change_log_regions(user) -> list[dict]:
    from qualitybrand.core.selection import region_options

    return region_options(user)


def readable_changes(entry: ChangeLog, infos: dict | None = None, names: dict[str, dict] | None = None) -> list[dict]:
    """One row per field of the entry: its Chinese label and the value before and after, formatted
    (`changelog_display.format_value`). `names` maps a reference field to {id: name}."""
    infos = infos if infos is not None else display.field_infos(entry.model)
    names = names or {}
    before = entry.before or {}
    after = entry.after or {}
    rows = []
    for name in list(dict.fromkeys([*before.keys(), *after.keys()])):
        if name in HIDDEN_FIELDS:
            continue
        info = infos.get(name)
        label = info.label if info else FALLBACK_LABELS.get(name, name)
        rows.append({"field": label,
                     "before": display.format_value(before.get(name), info, names.get(name)) if entry.before else "",
                     "after": display.format_value(after.get(name), info, names.get(name)) if entry.after else "",
                     "changed": before.get(name) != after.get(name)})
    return rows


def _ids(value) -> list:
    values = value if isinstance(value, list | tuple) else [value]
    return [v for v in values if v is not None and not isinstance(v, dict | list | bool)]


def _names_of(model, ids) -> dict:
    """{id: name} of the objects of a model, one query (its non-null foreign keys joined, which
    most names read)."""
    joined = [f.name for f in model._meta.concrete_fields
              if f.many_to_one and not f.null and f.related_model is not model]
    clean = []
    for pk in ids:
        try:
            clean.append(model._meta.pk.to_python(pk))
        except Exception:  # noqa: BLE001 - an id of another form names nothing
            continue
    objects = model._default_manager.select_related(*joined).in_bulk(clean)
    return {pk: str(obj) for pk, obj in objects.items()}


def with_readable_changes(entries) -> list[ChangeLog]:
    """Attach `model_name`, `object_name`, `local_time` and `changes` to each entry. Field labels are
    looked up once per model and referenced objects once per related model (one query each), never
    per entry."""
    entries = list(entries)
    infos = {label: display.field_infos(label) for label in {e.model for e in entries}}
    wanted: dict[type, set] = {}
    for entry in entries:
        fields = infos[entry.model]
        for snapshot in (entry.before or {}, entry.after or {}):
            for name, value in snapshot.items():
                info = fields.get(name)
                if info is not None and info.related is not None and value is not None:
                    wanted.setdefault(info.related, set()).update(_ids(value))
        if display.needs_current_name(entry):
            try:
                wanted.setdefault(apps.get_model(entry.model), set()).add(entry.object_id)
            except (LookupError, ValueError):
                pass
    found = {model: _names_of(model, ids) for model, ids in wanted.items()}
    current = {(model._meta.label_lower, str(pk)): name for model, names in found.items() for pk, name in names.items()}
    for entry in entries:
        fields = infos[entry.model]
        names = {name: found.get(info.related, {}) for name, info in fields.items() if info.related is not None}
        entry.model_name = display.model_name(entry.model)
        entry.object_name = display.object_name(entry, current)
        entry.local_time = display.local_time(entry.time)
        entry.changes = readable_changes(entry, fields, names)
    return entries
