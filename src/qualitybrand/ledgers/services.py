"""Writes of the ledgers app: undoing an import batch (撤销导入)."""

from __future__ import annotations

import time
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError

from qualitybrand.core import changelog, clock
from qualitybrand.core.models import ChangeLog
from qualitybrand.core.processes import this_process
from qualitybrand.ledgers.models import ImportBatch


def may_undo(user, batch: ImportBatch) -> bool:
    if user is None or getattr(user, "is_superuser", False) or getattr(user, "role", "") == "city_admin":
        return True
    return batch.user_id is not None and batch.user_id == getattr(user, "pk", None)


# Entries restored per transaction: small enough that other users' writes wait well under a second
# for the write lock (bench/bench_undo.py), large enough that a 100,000-row undo is a few minutes.
UNDO_CHUNK = 200
UNDO_PAUSE = 0.12  # seconds between chunks on SQLite (its busy handler polls at most every 100 ms)
S = ImportBatch.Status
# `ImportBatch.worker` of an undo not yet picked up by a worker, and of one stopped by a reference.
QUEUED, STALLED = "queued", ""


def _reason(batch: ImportBatch) -> str:
    return f"撤销导入 #{batch.pk}（{batch.file_name}）"


def start_undo(batch: ImportBatch, user=None) -> ImportBatch:
    """Check that the batch may be undone and mark it 撤销中 (the work is `undo_batch`, in the worker).
    Raises PermissionDenied or ValidationError with the Chinese reason; changes nothing then.

    The checks only read, outside any transaction: on SQLite a transaction holds the write lock, and
    checking 100,000 records must not keep other users waiting. A change made after the check is
    still caught: every chunk of the undo checks its own records again (`_undo_entries`)."""
    batch = ImportBatch.objects.get(pk=batch.pk)
    if not may_undo(user, batch):
        raise PermissionDenied("只能撤销自己的导入（市级管理员可撤销全部）。")
    resuming = batch.status == S.UNDOING and batch.worker == STALLED
    if batch.status == S.UNDONE:
        raise ValidationError("该导入已经撤销过。")
    if batch.status == S.UNDOING and not resuming:
        raise ValidationError("该导入正在撤销中，请稍候。")
    if not resuming and (batch.status != S.DONE or batch.dry_run):
        raise ValidationError(f"只能撤销已完成并写入了数据的导入：该导入的状态为“{batch.get_status_display()}”。")
    total = ChangeLog.objects.filter(import_batch_id=batch.pk).count()
    if not total:
        raise ValidationError("该导入没有写入任何数据，无需撤销。")
    if not resuming:
        _refuse_later_changes(batch)
    _refuse_referenced(batch)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if (locked.status, locked.worker) != (batch.status, batch.worker):
            raise ValidationError("该导入的状态刚刚发生了变化，请刷新后再试。")
        fields = {"worker": QUEUED} if resuming else {"status": S.UNDOING, "undo_total": total, "undo_done": 0,
                                                      "worker": QUEUED}
        ImportBatch.objects.filter(pk=batch.pk).update(**fields)
    batch.refresh_from_db()
    return batch


def queue_undo(batch: ImportBatch, user=None) -> ImportBatch:
    """`start_undo`, then the undo itself queued for the worker (run at once by an immediate backend)."""
    from qualitybrand.ledgers.tasks import run_undo

    batch = start_undo(batch, user)
    result = run_undo.enqueue(batch.pk, getattr(user, "pk", None))
    ImportBatch.objects.filter(pk=batch.pk, status=S.UNDOING).update(task_id=str(result.id))
    batch.refresh_from_db()
    return batch


def undo_batch(batch: ImportBatch, user=None) -> int:
    """Restore exactly what the batch changed, `UNDO_CHUNK` entries per transaction, newest first.
    Resumable: each chunk commits with the batch's `undo_done`, so an undo whose process died goes
    on where it stopped. Returns the number of records restored by this call."""
    batch = ImportBatch.objects.get(pk=batch.pk)
    if batch.status != S.UNDOING or batch.worker == STALLED:
        batch = start_undo(batch, user)
    ImportBatch.objects.filter(pk=batch.pk).update(worker=this_process())
    ids = list(ChangeLog.objects.filter(import_batch_id=batch.pk).order_by("-id").values_list("id", flat=True))
    reason = _reason(batch)
    restored = 0
    for start in range(batch.undo_done, len(ids), UNDO_CHUNK):
        chunk = ids[start:start + UNDO_CHUNK]
        with transaction.atomic():
            restored += _undo_entries(chunk, user, reason, batch, last=ids[0])
            ImportBatch.objects.filter(pk=batch.pk).update(undo_done=start + len(chunk))
        if connection.vendor == "sqlite":
            # SQLite's busy handler polls without a queue: a writer waiting for the lock would keep
            # missing the instant between two chunks. A pause longer than its longest poll lets it in.
            time.sleep(UNDO_PAUSE)
    ImportBatch.objects.filter(pk=batch.pk).update(status=S.UNDONE, undo_done=len(ids), worker="done")
    return restored


def _refuse_later_changes(batch: ImportBatch) -> None:
    entries = ChangeLog.objects.filter(import_batch_id=batch.pk)
    last = entries.order_by("-id").values_list("id", flat=True).first()
    touched: dict[str, set[str]] = defaultdict(set)
    for model_label, object_id in entries.values_list("model", "object_id"):
        touched[model_label].add(object_id)
    for model_label, ids in touched.items():
        ids = list(ids)
        for i in range(0, len(ids), 2000):
            later = (ChangeLog.objects.filter(id__gt=last, model=model_label, object_id__in=ids[i:i + 2000])
                     .exclude(import_batch_id=batch.pk).order_by("id").first())
            if later is not None:
                raise ValidationError(
                    f"不能撤销：记录“{later.object_repr}”在本次导入之后又被修改（{later.time:%Y-%m-%d %H:%M}，"
                    f"{later.username}），撤销会覆盖后来的修改。")


def _refuse_referenced(batch: ImportBatch) -> None:
    """New records that other data now refers to cannot be deleted: said before anything is undone."""
    from django.db.models.deletion import Collector

    created: dict[str, list[int]] = defaultdict(list)
    for model_label, object_id in (ChangeLog.objects.filter(import_batch_id=batch.pk, action="create")
                                   .values_list("model", "object_id")):
        created[model_label].append(int(object_id))
    for model_label, ids in created.items():
        model = apps.get_model(model_label)
        for i in range(0, len(ids), 2000):
            collector = Collector(using="default")
            try:
                collector.collect(list(model._default_manager.filter(pk__in=ids[i:i + 2000])))
            except ProtectedError:
                raise ValidationError(_REFERENCED) from None


_REFERENCED = ("不能撤销：本次导入新增的记录已被其他数据引用（如后来导入的商标引用了新增的主体），"
               "请先删除引用它们的数据。")


def _undo_entries(entry_ids: list[int], user, reason: str, batch: ImportBatch, last: int) -> int:
    entries = list(ChangeLog.objects.filter(id__in=entry_ids).order_by("-id"))
    for model_label in {e.model for e in entries}:  # changed since the undo was checked?
        later = (ChangeLog.objects.filter(id__gt=last, model=model_label,
                                          object_id__in=[e.object_id for e in entries if e.model == model_label])
                 .exclude(import_batch_id=batch.pk).exclude(reason=reason).order_by("id").first())
        if later is not None:
            raise ValidationError(f"撤销中止：记录“{later.object_repr}”在本次导入之后又被修改（{later.time:%Y-%m-%d %H:%M}，"
                                  f"{later.username}），撤销会覆盖后来的修改。已撤销的部分保持不变。")
    now = clock.now()
    objects: dict[str, dict[str, object]] = {}
    by_model: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        by_model[e.model].add(e.object_id)
    for model_label, ids in by_model.items():
        model = apps.get_model(model_label)
        objects[model_label] = {str(k): v for k, v in model._default_manager.in_bulk(
            [int(i) for i in ids]).items()}
    log = []
    doomed: dict[str, list] = defaultdict(list)
    region_moves = []
    for e in entries:
        obj = objects[e.model].get(e.object_id)
        if obj is None:
            continue
        if e.action == "create":
            log.append(changelog.build_entry(user=user, action="delete", obj=obj, before=changelog.snapshot(obj),
                                             after=None, reason=reason, when=now, region_path=_path(obj)))
            doomed[e.model].append(obj.pk)
            objects[e.model].pop(e.object_id, None)
        elif e.action == "update" and e.before:
            current = changelog.snapshot(obj)
            restored = _restore(obj, e.before)
            log.append(changelog.build_entry(user=user, action="update", obj=obj, before=current,
                                             after=changelog.snapshot(obj), reason=reason, when=now,
                                             region_path=_path(obj)))
            if obj._meta.label_lower == "core.region" and "parent" in restored:
                region_moves.append(obj)
    try:
        for model_label, pks in doomed.items():
            apps.get_model(model_label)._default_manager.filter(pk__in=pks).delete()
    except ProtectedError:  # referred to since the check: this chunk is rolled back, the undo stops here
        raise ValidationError(_REFERENCED) from None
    for region in region_moves:
        _fix_region_paths(region)
    changelog.record_many(log)
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
