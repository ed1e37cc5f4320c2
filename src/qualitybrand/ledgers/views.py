"""The web import page (/ledgers/): upload, progress, counts, error table, error file, history, undo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.ledgers.api import batches_for
from qualitybrand.ledgers.engine import LEDGERS, UsageError
from qualitybrand.ledgers.models import ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ledgers():
    return [(name, spec.title) for name, spec in LEDGERS.items()]


@login_required
def import_page(request):
    from qualitybrand.ledgers import uploads

    if request.method == "POST":
        ledger = request.POST.get("ledger", "")
        mode = request.POST.get("mode", "atomic")
        dry_run = bool(request.POST.get("dry_run"))
        uploaded = request.FILES.get("file")
        try:
            batch = uploads.create_batch(request.user, ledger, uploaded, mode, dry_run)
        except UsageError as exc:
            messages.error(request, str(exc))
            return render(request, "ledgers/import.html", {"ledgers": _ledgers(), "selected": ledger,
                                                           "history": batches_for(request.user)[:10]}, status=400)
        uploads.enqueue(batch)  # every import runs in the worker: the page follows its progress
        return redirect("ledgers:batch", pk=batch.pk)
    return render(request, "ledgers/import.html", {"ledgers": _ledgers(), "selected": request.GET.get("ledger", ""),
                                                   "history": batches_for(request.user)[:10]})


def _batch(request, pk) -> ImportBatch:
    return get_object_or_404(batches_for(request.user), pk=pk)


@login_required
def batch_detail(request, pk):
    from qualitybrand.ledgers import uploads
    from qualitybrand.ledgers.recovery import settle_batch
    from qualitybrand.ledgers.services import STALLED, may_undo

    batch = _batch(request, pk)
    if batch.status in uploads.UNFINISHED and settle_batch(batch):  # its process is gone: say so now
        batch.refresh_from_db()
    spec = LEDGERS.get(batch.ledger)
    stalled = batch.status == ImportBatch.Status.UNDOING and batch.worker == STALLED
    running = batch.status in uploads.UNFINISHED and not stalled
    ctx = {"batch": batch, "title": spec.title if spec else batch.ledger, "running": running,
           "processed": uploads.processed(batch), "errors": (batch.errors or [])[:1000],
           "more_errors": max(0, len(batch.errors or []) - 1000), "warnings": (batch.warnings or [])[:200],
           "may_undo": may_undo(request.user, batch) and (batch.status == ImportBatch.Status.DONE or stalled)
           and not batch.dry_run and (batch.created or batch.updated)}
    if request.headers.get("HX-Request") and running:
        return render(request, "ledgers/_progress.html", ctx)
    return render(request, "ledgers/batch.html", ctx)


@login_required
def error_file(request, pk):
    from qualitybrand.ledgers import uploads

    batch = _batch(request, pk)
    if not batch.stored_file:
        raise Http404("没有上传的文件。")
    try:
        data = uploads.error_workbook(batch)
    except Exception:  # the stored file vanished or is unreadable: say so
        raise Http404("上传的文件已无法读取。") from None
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = _disposition(f"错误说明-{batch.file_name.rsplit('.', 1)[0]}.xlsx")
    return response


@login_required
def original_file(request, pk):
    from qualitybrand.ledgers import uploads

    batch = _batch(request, pk)
    path = uploads.stored_path(batch) if batch.stored_file else None
    if path is None or not path.is_file():
        raise Http404("上传的文件已不存在。")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=batch.file_name)


@login_required
def template_file(request, ledger):
    from qualitybrand.ledgers.export import template_xlsx

    spec = LEDGERS.get(ledger)
    if spec is None:
        raise Http404("没有这个台账。")
    response = HttpResponse(template_xlsx(ledger), content_type=XLSX)
    response["Content-Disposition"] = _disposition(f"{spec.title}导入模板.xlsx")
    return response


@login_required
def history(request):
    from django.core.paginator import Paginator

    page = Paginator(batches_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "ledgers/history.html", {"page": page, "titles": dict(_ledgers())})


@login_required
@require_POST
def undo(request, pk):
    from qualitybrand.ledgers.services import queue_undo

    batch = _batch(request, pk)
    try:
        batch = queue_undo(batch, request.user)
        if batch.status == ImportBatch.Status.UNDONE:
            messages.success(request, f"已撤销导入 #{batch.pk}：恢复 {batch.undo_done} 条变更。")
        else:
            messages.info(request, f"正在后台撤销导入 #{batch.pk}，本页显示进度。")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("ledgers:batch", pk=batch.pk)


def _disposition(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"
