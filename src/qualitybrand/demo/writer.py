"""Feeding the generated rows to the registries through the ledger engine's bulk service
(`ledgers.engine.import_rows`): the same checks, upserts, import records and change log as an
office's Excel import."""

from __future__ import annotations

from collections.abc import Callable

from qualitybrand.demo.common import LEDGER_ORDER

FILE_NAME = "演示数据"


class DemoLoadError(Exception):
    """A ledger refused the demo's rows (a bug in the generator): message in Chinese."""


def write_ledgers(data: dict[str, list[dict]], *, user=None,
                  progress: Callable[[str, object], None] | None = None) -> dict[str, object]:
    """Import every ledger's rows in order (atomic per ledger); returns {ledger: ImportResult}.
    Raises DemoLoadError when a ledger reports an error (the caller's transaction rolls back)."""
    from qualitybrand.ledgers.engine import import_rows

    results: dict[str, object] = {}
    for ledger in LEDGER_ORDER:
        rows = data.get(ledger, [])
        if not rows:
            continue
        result = import_rows(ledger, rows, mode="atomic", user=user, file_name=FILE_NAME)
        if result.errors:
            first = result.errors[0]
            raise DemoLoadError(
                f"台账“{ledger}”有 {len(result.errors)} 处错误，首个：第 {first.get('row')} 行"
                f"“{first.get('column')}”＝“{first.get('value')}”：{first.get('message')}")
        results[ledger] = result
        if progress:
            progress(ledger, result)
    return results
