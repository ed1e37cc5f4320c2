"""Writes of the ledgers app: undoing an import batch (撤销导入)."""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from qualitybrand.core import changelog, clock
from qualitybrand.core.models import ChangeLog
from qualitybrand.ledgers.models import ImportBatch


def may_undo(user, batch: ImportBatch) -> bool:
    if user is None or getattr(user, "is_superuser", False) or getattr(user, "role", "") == "city_admin":
        return True
    return batch.user_id is not None and batch.user_id == getattr(user, "pk", None)


@transaction.atomic
def undo_batch(batch: ImportBatch, user=None) -> int:
    """Restore exactly what the batch changed. Raises ValidationError (Chinese reason) when refused."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not may_undo(user, batch):
        raise PermissionDenied("只能撤销自己的导入（市级管理员可撤销全部）。")
    if batch.status == ImportBatch.Status.UNDONE:
        raise ValidationError("该导入已经撤销过。")
    entries = list(ChangeLog.objects.filter(import_batch_id=batch.pk).order_by("id"))
    if not entries:
        raise ValidationError("该导入没有写入任何数据，无需撤销。")
    last = entries[-1].id
    touched: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        touched[e.model].add(e.object_id)
    for model_label, ids in touched.items():
        ids = list(ids)
        for i in range(0, len(ids), 2000):
            later = (ChangeLog.objects.filter(id__gt=last, model=model_label, object_id__in=ids[i:i + 2000])
                     .exclude(import_batch_id=batch.pk).order_by("id").first())
            if later is not None:
                raise ValidationError(
                    f"不能撤销：记录“{later.object_repr}”在本次导入之后又被修改（{later.time:%Y-%m-%d %H:%M}，"
                    f"{later.username}），撤销会覆盖后来的修改。")
    now = clock.now()
    log = []
    # Objects, loaded in bulk per model.
    objects: dict[str, dict[str, object]] = {}
    for model_label, ids in touched.items():
        model = apps.get_model(model_label)
        objects[model_label] = {str(k): v for k, v in model._default_manager.in_bulk(
            [int(i) for i in ids]).items()}
    reason = f"撤销导入 #{batch.pk}（{batch.file_name}）"
    region_moves = []
    try:
        for e in reversed(entries):
            obj = objects[e.model].get(e.object_id)
            if obj is None:
                continue
            if e.action == "create":
                before = changelog.snapshot(obj)
                entry = changelog.build_entry(user=user, action="delete", obj=obj, before=before, after=None,
                                              reason=reason, when=now, region_path=_path(obj))
                obj.delete()
                objects[e.model].pop(e.object_id, None)
                log.append(entry)
            elif e.action == "update" and e.before:
                current = changelog.snapshot(obj)
                restored = _restore(obj, e.before)
                entry = changelog.build_entry(user=user, action="update", obj=obj, before=current,
                                              after=changelog.snapshot(obj), reason=reason, when=now,
                                              region_path=_path(obj))
                log.append(entry)
                if obj._meta.label_lower == "core.region" and "parent" in restored:
                    region_moves.append(obj)
    except ProtectedError:
        raise ValidationError("不能撤销：本次导入新增的记录已被其他数据引用（如后来导入的商标引用了新增的主体），"
                              "请先删除引用它们的数据。") from None
    for region in region_moves:
        _fix_region_paths(region)
    changelog.record_many(log)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.UNDONE)
    return len(log)


def _path(obj) -> str:
    if obj._meta.label_lower == "core.region":
        return obj.path
    region = getattr(obj, "region", None) if hasattr(obj, "region_id") else None
    return getattr(region, "path", "") or ""


def _restore(obj, before: dict) -> dict:
    fields = {f.name: f for f in obj._meta.concrete_fields}
    plain = []
    for name, value in before.items():
        f = fields.get(name)
        if f is None:
            if name == "trademarks":
                obj.trademarks.set(value or [])
            elif name == "former_codes":
                from qualitybrand.core.models import RegionAlias

                RegionAlias.objects.filter(region=obj).delete()
                RegionAlias.objects.filter(code__in=value or []).delete()
                RegionAlias.objects.bulk_create([RegionAlias(code=c, region=obj) for c in value or []])
            continue
        setattr(obj, f.attname, f.to_python(value) if value is not None else None)
        plain.append(f.name)
    if plain:
        obj.save(update_fields=plain)
    return before


def _fix_region_paths(region) -> None:
    from qualitybrand.core.services import _rewrite_subtree_paths

    region.refresh_from_db()
    old = region.path
    new = region.compute_path()
    if old != new:
        region.path, region.depth = new, new.count("/") - 2
        region.save(update_fields=["path", "depth"])
        _rewrite_subtree_paths(old, new)
