"""Import batches whose process is gone (a worker or an `import_ledger` killed, a power cut).

An import's rows and its batch's status commit together (`results.finish_batch`), so a batch still
"running" whose process is gone wrote nothing: it is marked failed with the reason. A batch from
before that rule whose rows are in is marked done with the counts of its change log. A queued batch
whose task ended or vanished is failed; an undo whose process is gone is queued again (an undo
resumes where it stopped, `services.undo_batch`)."""

from __future__ import annotations

from django.db.models import Count

from qualitybrand.core import clock
from qualitybrand.core.models import ChangeLog
from qualitybrand.core.processes import process_gone
from qualitybrand.ledgers.models import ImportBatch
from qualitybrand.ledgers.services import QUEUED

S = ImportBatch.Status


def settle_batch(batch: ImportBatch) -> str | None:
    """Settle one unfinished batch if its process is known to be gone; a line saying what was done."""
    if batch.status == S.RUNNING and process_gone(batch.worker):
        return _settle_dead_import(batch)
    if batch.status == S.PENDING and batch.task_id and _task_over(batch.task_id):
        _fail(batch, "排队的导入任务已中断或丢失，未写入任何数据：请重新上传。")
        return f"导入 #{batch.pk} 的排队任务已不存在：标记为无法完成。"
    if batch.status == S.UNDOING and (process_gone(batch.worker) or (
            batch.worker == QUEUED and batch.task_id and _task_over(batch.task_id))):
        from qualitybrand.ledgers.tasks import run_undo

        # Marked queued (not stalled) first: the page offers no second "continue" meanwhile.
        ImportBatch.objects.filter(pk=batch.pk).update(worker=QUEUED)
        result = run_undo.enqueue(batch.pk, batch.user_id)
        ImportBatch.objects.filter(pk=batch.pk, status=S.UNDOING).update(task_id=str(result.id))
        return f"撤销导入 #{batch.pk} 的进程已不存在：已重新排队，从中断处继续。"
    return None


def settle_all() -> list[str]:
    lines = []
    for batch in ImportBatch.objects.filter(status__in=[S.PENDING, S.RUNNING, S.UNDOING]):
        line = settle_batch(batch)
        if line:
            lines.append(line)
    return lines


def _settle_dead_import(batch: ImportBatch) -> str:
    counts = dict(ChangeLog.objects.filter(import_batch_id=batch.pk).values_list("action")
                  .annotate(n=Count("id")).values_list("action", "n"))
    if counts:
        created, updated = counts.get("create", 0), counts.get("update", 0)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=S.DONE, finished=clock.now(), created=created, updated=updated,
            rows=max(batch.rows, created + updated), processed=max(batch.processed, created + updated))
        return f"导入 #{batch.pk} 的进程已不存在，但数据已写入：标记为已完成（新增 {created}，更新 {updated}）。"
    _fail(batch, f"导入进程（{batch.worker}）意外中断，未写入任何数据：请重新导入。")
    return f"导入 #{batch.pk} 的进程已不存在：标记为失败，未写入任何数据。"


def _fail(batch: ImportBatch, message: str) -> None:
    ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(
        status=S.FAILED, finished=clock.now(),
        errors=[{"row": None, "column": "", "value": "", "message": message}])


def _task_over(task_id: str) -> bool:
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.filter(pk=task_id).first()
    if task is None or task.status in ("FAILED", "SUCCESSFUL"):
        return True
    return task.status == "RUNNING" and bool(task.worker_ids) and process_gone(task.worker_ids[-1])
