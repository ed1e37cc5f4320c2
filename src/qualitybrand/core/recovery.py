"""Settling work whose process is gone, when a worker starts (`qualitybrand worker`).

Core settles the task queue's own rows; apps with long work of their own (imports, undo) register
a function with `register(fn)` in their AppConfig.ready(): `fn() -> list[str]`, each line a
Chinese account of what it settled."""

from __future__ import annotations

from collections.abc import Callable

from qualitybrand.core.processes import process_gone

_SETTLERS: list[Callable[[], list[str]]] = []


class WorkerGone(Exception):
    """Recorded on a task whose worker process is gone."""


def register(fn: Callable[[], list[str]]) -> None:
    if fn not in _SETTLERS:
        _SETTLERS.append(fn)


def dead_tasks() -> list:
    """Queued tasks marked running whose worker process is gone."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return []
    return [t for t in DBTaskResult.objects.filter(status="RUNNING")
            if t.worker_ids and process_gone(t.worker_ids[-1])]


def settle_tasks() -> list[str]:
    lines = []
    for task in dead_tasks():
        task.set_failed(WorkerGone(f"运行该任务的进程（{task.worker_ids[-1]}）已不存在：任务未完成。"))
        lines.append(f"任务 {task.task_path}（{task.id}）的进程已不存在：标记为失败。")
    return lines


def recover() -> list[str]:
    lines = settle_tasks()
    for fn in _SETTLERS:
        lines.extend(fn())
    return lines
