"""Uploaded imports (web page and API): store the file, run it (inline or as a task), progress,
and the error workbook (the uploaded rows with an added 错误说明 column, error cells highlighted)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.conf import settings

from qualitybrand.core import clock
from qualitybrand.ledgers import limits
from qualitybrand.ledgers.engine import UsageError, _check_args, import_file
from qualitybrand.ledgers.headers import locate_header
from qualitybrand.ledgers.models import ImportBatch
from qualitybrand.ledgers.readers import UnreadableFile, read_rows

UNFINISHED = (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING, ImportBatch.Status.UNDOING)


def upload_dir(batch_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(batch_id)


def safe_name(name: str) -> str:
    name = Path(name or "upload").name
    name = re.sub(r"[^\w.\-\u4e00-\u9fff（）()]+", "_", name)[:120]
    return name or "upload"


def create_batch(user, ledger: str, uploaded, mode: str, dry_run: bool) -> ImportBatch:
    """Check the arguments, store the upload and record a pending batch. Raises UsageError."""
    _check_args(ledger, mode)
    if uploaded is None:
        raise UsageError("请选择要导入的文件（.xlsx 或 .csv）。")
    size = getattr(uploaded, "size", 0) or 0
    if size == 0:
        raise UsageError("上传的文件是空文件。")
    if size > limits.get("upload_mb") * limits.MB:
        raise UsageError(f"文件过大：最多 {limits.get('upload_mb')} MB，请拆分后再导入。")
    batch = ImportBatch.objects.create(
        ledger=ledger, user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "系统", started=clock.now(),
        file_name=(Path(uploaded.name or "upload").name)[:255], sha256="", mode=mode, dry_run=dry_run,
        region_path=getattr(getattr(user, "region", None), "path", "") or "")
    folder = upload_dir(batch.pk)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(uploaded.name)
    digest = hashlib.sha256()  # recorded now, so that a file that turns out unreadable has it too
    with open(path, "wb") as fh:
        for chunk in uploaded.chunks():
            fh.write(chunk)
            digest.update(chunk)
    batch.stored_file = str(path.relative_to(settings.MEDIA_ROOT))
    batch.sha256 = digest.hexdigest()
    batch.save(update_fields=["stored_file", "sha256"])
    return batch


def enqueue(batch: ImportBatch) -> ImportBatch:
    """Queue the batch's import for the worker (an immediate backend runs it here and now)."""
    from qualitybrand.ledgers.tasks import run_import

    result = run_import.enqueue(batch.pk)
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PENDING).update(task_id=str(result.id))
    batch.refresh_from_db()
    return batch


def wait_for(batch: ImportBatch, seconds: float) -> ImportBatch:
    """The batch once finished, or as it stands after `seconds` (an API answers 202 then)."""
    import time

    deadline = time.monotonic() + seconds
    while batch.status in UNFINISHED and time.monotonic() < deadline:
        time.sleep(0.1)
        batch.refresh_from_db()
    return batch


def stored_path(batch: ImportBatch) -> Path:
    return Path(settings.MEDIA_ROOT) / batch.stored_file


def progress_file(batch_id: int) -> Path:
    return upload_dir(batch_id) / "progress"


def run_batch(batch_id: int):
    """Run a stored batch; returns the ImportResult, or None when the file was unreadable."""
    batch = ImportBatch.objects.select_related("user", "user__region").get(pk=batch_id)
    marker = progress_file(batch_id)

    def progress(n: int) -> None:
        try:
            marker.write_text(str(n))
        except OSError:
            pass

    try:
        return import_file(batch.ledger, stored_path(batch), mode=batch.mode, dry_run=batch.dry_run,
                           user=batch.user, batch=batch, progress=progress, file_name=batch.file_name)
    except (UnreadableFile, UsageError) as exc:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, finished=clock.now(),
            errors=[{"row": None, "column": "", "value": "", "message": str(exc)}])
        return None


def processed(batch: ImportBatch) -> int:
    if batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING):
        try:
            return int(progress_file(batch.pk).read_text() or 0)
        except (OSError, ValueError):
            return 0
    return batch.processed


def batch_json(batch: ImportBatch) -> dict:
    return {"id": batch.pk, "ledger": batch.ledger, "rows": batch.rows, "created": batch.created, "updated": batch.updated,
            "unchanged": batch.unchanged, "errors": batch.errors, "warnings": batch.warnings,
            "mode": batch.mode, "dry_run": batch.dry_run, "batch": batch.pk, "status": batch.status,
            "written": batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.UNDOING,
                                        ImportBatch.Status.UNDONE) and not batch.dry_run,
            "status_display": batch.get_status_display(), "processed": processed(batch),
            "undo_total": batch.undo_total, "undo_done": batch.undo_done}


def error_workbook(batch: ImportBatch) -> bytes:
    """The uploaded sheet with an added 错误说明 column; cells in error highlighted."""
    from qualitybrand.ledgers.engine import get_ledger

    # Only a file that was read whole has rows to annotate; one that could not be read is never
    # loaded again here, in the web process.
    if batch.status not in (ImportBatch.Status.DONE, ImportBatch.Status.REFUSED):
        raise UnreadableFile("该导入没有可标注的数据行：文件未能读取，或导入尚未完成。")
    spec = get_ledger(batch.ledger)
    source = list(read_rows(stored_path(batch), spec.title))
    _errors, columns, _rest, _warnings = locate_header(spec, iter(source))
    index = {col.header: i for i, col, _y in columns}
    by_row: dict[int, list[dict]] = {}
    for e in batch.errors or []:
        by_row.setdefault(e["row"] or 0, []).append(e)
    width = max((len(c) for _n, c in source), default=0)
    last = source[-1][0] if source else 0
    grid: list[list] = [[None] * width for _ in range(last)]
    for n, cells in source:  # the user's own cells, as they were: fixing them is the user's call
        grid[n - 1] = list(cells) + [None] * (width - len(cells))
    from qualitybrand.ledgers.normalise import header_key

    header_row = next((n for n, cells in source[:20]
                       if sum(1 for c in cells if c and spec.match_header(header_key(c))) == len(columns)), 1)
    notes = [""] * last
    highlight: dict[int, set[int]] = {}
    for n, errs in by_row.items():
        if n == 0:
            notes[header_row - 1] = "；".join(f"{e['column']}：{e['message']}" for e in errs)
            continue
        if n - 1 < last:
            notes[n - 1] = "；".join(f"[{e['column']}] {e['message']}" for e in errs)
            highlight[n - 1] = {index[e["column"]] for e in errs if e["column"] in index}
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False})
    ws = wb.add_worksheet(spec.title[:31])
    bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    note_fmt = wb.add_format({"font_color": "#9C0006", "text_wrap": True})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    bad_day = wb.add_format({"num_format": "yyyy-mm-dd", "bg_color": "#FFC7CE", "font_color": "#9C0006"})
    for r, cells in enumerate(grid):
        marks = highlight.get(r, ())
        for c, v in enumerate(cells):
            if c in marks:
                _write_cell(ws, r, c, "" if v is None else v, bad, bad_day)
            elif v is not None and v != "":
                _write_cell(ws, r, c, v, head if r == header_row - 1 else None, day)
        if r == header_row - 1:
            ws.write_string(r, width, "错误说明", head)
            if notes[r]:
                ws.write_string(r, width + 1, notes[r], note_fmt)
        elif notes[r]:
            ws.write_string(r, width, notes[r], note_fmt)
    ws.set_column(width, width, 60)
    ws.freeze_panes(header_row, 0)
    wb.close()
    return buf.getvalue()


def _write_cell(ws, r: int, c: int, value, fmt, date_fmt) -> None:
    """A cell as the reader gave it: numbers stay numbers and dates dates; text stays text."""
    import datetime as dt

    if isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, dt.date | dt.datetime):
        ws.write_datetime(r, c, value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time()),
                          date_fmt)
    else:
        ws.write_string(r, c, str(value), fmt)
