"""What an import reports (`ImportResult`, the `import_ledger --json` object) and how its batch records it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qualitybrand.core import clock
from qualitybrand.ledgers import limits


@dataclass
class ImportResult:
    ledger: str
    mode: str = "atomic"
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    batch_id: int | None = None
    written: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def as_json(self) -> dict[str, Any]:
        return {"ledger": self.ledger, "rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "errors": self.errors, "warnings": self.warnings,
                "mode": self.mode, "dry_run": self.dry_run, "written": self.written, "batch": self.batch_id}



def finish_batch(batch_id: int, result: ImportResult) -> None:
    """The batch's status, counts and messages. For an import that writes, this runs inside the
    import's transaction: the rows and the batch that says they are in commit together, so a
    process killed at any moment leaves either both or neither."""
    from qualitybrand.ledgers.models import ImportBatch

    result.errors.sort(key=lambda e: (e["row"] is not None, e["row"] or 0))
    status = ImportBatch.Status.DONE
    if result.errors and not result.written:
        status = ImportBatch.Status.REFUSED
    ImportBatch.objects.filter(pk=batch_id).update(
        status=status, finished=clock.now(), rows=result.rows, processed=result.rows, created=result.created,
        updated=result.updated, unchanged=result.unchanged, errors=[_short(e) for e in result.errors[:5000]],
        warnings=[_short(w) for w in result.warnings[:5000]], dry_run=result.dry_run)


def _short(message: dict) -> dict:
    value = message.get("value")
    if isinstance(value, str) and len(value) > limits.VALUE_CHARS:
        return {**message, "value": limits.cut(value)}
    return message
