"""Background work of the ledgers (django-tasks): every upload's import and every undo run in the
worker, never in a web request, with their progress on the batch."""

from django_tasks import task


@task()
def run_import(batch_id: int) -> int:
    from qualitybrand.ledgers.uploads import run_batch

    run_batch(batch_id)
    _precompute_figures()
    return batch_id


def _precompute_figures() -> None:
    """The data changed: what the higher apps registered runs (indicators: the dashboards of the city and
    counties are rendered again in the background)."""
    from qualitybrand.ledgers.hooks import data_changed

    data_changed()


@task()
def run_undo(batch_id: int, user_id: int | None) -> int:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from qualitybrand.core import clock
    from qualitybrand.ledgers.models import ImportBatch
    from qualitybrand.ledgers.services import undo_batch

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        undone = undo_batch(batch, user)
        _precompute_figures()
        return undone
    except ValidationError as exc:  # referred to meanwhile: the chunks done stay done, the rest waits
        from qualitybrand.ledgers.services import STALLED

        ImportBatch.objects.filter(pk=batch_id).update(
            worker=STALLED, warnings=[*batch.warnings, {"row": None, "column": "", "value": "",
                                                   "message": f"撤销于 {clock.now():%Y-%m-%d %H:%M} 中断：" + " ".join(exc.messages)}])
        return 0
