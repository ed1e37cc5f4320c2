"""Reads shared by pages and the API."""

from __future__ import annotations

import datetime as dt
import json

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from qualitybrand.core.filtering import find_region
from qualitybrand.core.models import ChangeLog
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, scope_filter

HIDDEN_FIELDS = {"password"}
# Names for fields that carry no verbose_name of their own.
FALLBACK_LABELS = {"is_active": "有效", "locked_until": "锁定至", "failed_logins": "连续失败次数",
                   "password_changed_at": "密码修改时间", "selected_region": "所选区划", "selected_year": "所选年度",
                   "last_login": "上次登录", "is_superuser": "超级管理员", "is_staff": "后台权限",
                   "username": "用户名", "email": "电子邮箱"}


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
        qs = qs.filter(model=params["model"])
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
    try:
        return str(apps.get_model(label_lower)._meta.verbose_name)
    except (LookupError, ValueError):
        return label_lower


def change_log_models() -> list[tuple[str, str]]:
    """(model label, Chinese name) of every model of the platform, for the filter."""
    models = []
    for model in apps.get_models():
        if model.__module__.startswith("qualitybrand.") and model is not ChangeLog:
            models.append((model._meta.label_lower, str(model._meta.verbose_name)))
    return sorted(models, key=lambda m: m[1])


def change_log_regions(user) -> list[dict]:
    from qualitybrand.core.selection import region_options

    return region_options(user)


def _model_fields(label_lower: str) -> tuple[dict[str, str], dict[str, type]]:
    """Chinese labels of a model's fields, and the related model of each foreign key."""
    try:
        model = apps.get_model(label_lower)
    except (LookupError, ValueError):
        return {}, {}
    labels, relations = {}, {}
    for f in model._meta.get_fields():
        if hasattr(f, "verbose_name"):
            name = str(f.verbose_name)
            # Django's default verbose name is the field name with spaces: use ours instead.
            labels[f.name] = FALLBACK_LABELS.get(f.name, name) if name == f.name.replace("_", " ") else name
        if getattr(f, "many_to_one", False) and getattr(f, "concrete", False) and f.related_model is not None:
            relations[f.name] = f.related_model
        elif getattr(f, "choices", None) and getattr(f, "concrete", False):
            relations[f.name] = {str(value): str(label) for value, label in f.flatchoices}
    return labels, relations


def _field_labels(label_lower: str) -> dict[str, str]:
    return _model_fields(label_lower)[0]


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def readable_changes(entry: ChangeLog, labels: dict[str, str] | None = None,
                     names: dict[str, dict] | None = None) -> list[dict]:
    """One row per changed field: its Chinese name, the value before and after. `names` maps a
    foreign-key field to {id: readable name} so that a reference reads as a name, not an id."""
    labels = labels if labels is not None else _field_labels(entry.model)
    names = names or {}
    before = entry.before or {}
    after = entry.after or {}

    def show(name, value):
        if name in names and value is not None and not isinstance(value, list | dict):
            mapping = names[name]
            return mapping.get(value, mapping.get(str(value), _show(value)))
        return _show(value)

    rows = []
    for name in list(dict.fromkeys([*before.keys(), *after.keys()])):
        if name in HIDDEN_FIELDS:
            continue
        rows.append({"field": labels.get(name, name),
                     "before": show(name, before.get(name)) if entry.before else "",
                     "after": show(name, after.get(name)) if entry.after else "",
                     "changed": before.get(name) != after.get(name)})
    return rows


def with_readable_changes(entries) -> list[ChangeLog]:
    """Attach `model_name` and `changes` to each entry. Field labels are looked up once per model and
    referenced objects once per related model (one query each), never per entry."""
    entries = list(entries)
    fields = {label: _model_fields(label) for label in {e.model for e in entries}}
    wanted: dict[type, set] = {}
    for entry in entries:
        relations = fields[entry.model][1]
        for snapshot in (entry.before or {}, entry.after or {}):
            for name, value in snapshot.items():
                if name in relations and value is not None and not isinstance(relations[name], dict):
                    wanted.setdefault(relations[name], set()).add(value)
    found = {model: {pk: str(obj) for pk, obj in model._default_manager.in_bulk(list(ids)).items()}
             for model, ids in wanted.items()}
    for entry in entries:
        labels, relations = fields[entry.model]
        names = {name: target if isinstance(target, dict) else found.get(target, {})
                 for name, target in relations.items()}
        entry.model_name = model_label(entry.model)
        entry.changes = readable_changes(entry, labels, names)
    return entries
