"""Finding the header row of a ledger file: the first of the top rows that names every required
column (title and unit rows above it are skipped), the columns it names, and columns named twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qualitybrand.ledgers import normalise as nz
from qualitybrand.ledgers.spec import Ledger

HEADER_SCAN = 20


def locate_header(spec: Ledger, source: Iterator[tuple[int, list]]):
    """(header errors, [(index, column, yuan)], iterator of the data rows, header warnings)."""
    best = None
    scanned: list[tuple[int, list]] = []
    for n, cells in source:
        scanned.append((n, cells))
        found: dict[str, tuple[int, Any, bool]] = {}
        repeated: list[tuple[int, str, Any]] = []
        for i, cell in enumerate(cells):
            if cell is None or cell == "":
                continue
            m = spec.match_header(nz.header_key(cell))
            if m and m[0].header not in found:
                found[m[0].header] = (i, m[0], m[1])
            elif m:
                repeated.append((i, m[0].header, cell))
        if found and all(h in found for h in spec.required):
            return [], list(found.values()), source, _repeated_headers(n, found, repeated)
        if found and (best is None or len(found) > len(best[1])):
            best = (n, found)
        if len(scanned) >= HEADER_SCAN:
            break
    found = best[1] if best else {}
    missing = [h for h in spec.required if h not in found]
    errors = [{"row": None, "column": h, "value": "", "message": f"缺少必填列“{h}”：在前 {HEADER_SCAN} 行中"
               f"没有找到包含全部必填列的表头行。"} for h in missing]
    return errors, list(found.values()), iter(()), []


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _repeated_headers(row: int, found: dict, repeated: list[tuple[int, str, Any]]) -> list[dict]:
    """Warnings for columns that name a column already found (the same header, or an alias of it)."""
    return [{"row": row, "column": header, "value": str(cell),
             "message": f"第 {_column_letter(i)} 列“{cell}”与第 {_column_letter(found[header][0])} 列是同一列"
                        f"（{header}）：只导入了第 {_column_letter(found[header][0])} 列，请删除多余的列。"}
            for i, header, cell in repeated]
