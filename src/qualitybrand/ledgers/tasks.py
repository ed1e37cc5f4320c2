"""Background imports (django-tasks): large uploads run in the worker with progress."""

from django_tasks import task


@task()
def run_import(batch_id: int) -> int:
    from qualitybrand.ledgers.uploads import run_batch

    run_batch(batch_id)
    return batch_id
