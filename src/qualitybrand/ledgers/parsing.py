"""Stage 0 of an import: raw rows in chunks, every cell normalised and parsed one column at a time,
optionally in a forked child process so that it runs on the other core.

Cells repeat a lot down a column (kinds, regions, dates), so each column keeps a memo of
cell -> (text, ok, value or message); a column whose cells turn out to be mostly unique (names,
numbers) stops memoising. A parsed chunk is plain data (numbers, texts and values by column, failed
cells), cheap to pickle across the process boundary; `rows_of` turns it into `Row`s."""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from qualitybrand.ledgers.readers import UnreadableFile
from qualitybrand.ledgers.spec import Row

# (position in the raw row, header, memo, cell parser, [memo still worth keeping], precheck or None)
PlanItem = tuple[int, str, dict, Callable[[Any], tuple], list, Callable[[Any], bool] | None]
# (row numbers, texts by column, values by column, failed cells by row index,
#  {header: row indexes whose value failed the column's precheck})
Parsed = tuple[list[int], list[list], list[list], dict[int, list[tuple[str, str]]], dict[str, set[int]]]
MEMO_LIMIT = 20000


def _blank(cells) -> bool:
    for c in cells:
        if c is not None and c != "" and not (isinstance(c, str) and not c.strip()):
            return False
    return True


def raw_chunks(source: Iterable[tuple[int, list]], width: int, size: int,
               first: int | None = None) -> Iterator[list[tuple[int, list]]]:
    """Non-blank rows, padded to `width` cells, `size` at a time (starting at `first` rows, three times
    more each chunk until `size`)."""
    chunk: list[tuple[int, list]] = []
    limit = first or size
    for n, cells in source:
        if _blank(cells):
            continue
        if len(cells) < width:
            cells = [*cells, *([None] * (width - len(cells)))]
        chunk.append((n, cells))
        if len(chunk) >= limit:
            yield chunk
            chunk = []
            limit = min(size, limit * 3)
    if chunk:
        yield chunk


def parse_columns(plan: list[PlanItem], chunk: list[tuple[int, list]]) -> Parsed:
    texts_by_col: list[list] = []
    values_by_col: list[list] = []
    failed: dict[int, list[tuple[str, str]]] = {}
    prechecked: dict[str, set[int]] = {}
    for pos, header, memo, parse_cell, stats, precheck in plan:
        texts: list = []
        values: list = []
        add_text, add_value = texts.append, values.append
        remember = stats[0]
        misses = 0
        for j, (_n, cells) in enumerate(chunk):
            cell = cells[pos]
            if not remember:
                hit = parse_cell(cell)
            else:
                cell_key = cell if cell.__class__ is str else (cell.__class__, cell)
                try:
                    hit = memo.get(cell_key)
                except TypeError:  # unhashable cell
                    hit = None
                if hit is None:
                    hit = parse_cell(cell)
                    misses += 1
                    if len(memo) < MEMO_LIMIT:
                        try:
                            memo[cell_key] = hit
                        except TypeError:
                            pass
            t, ok, value = hit
            add_text(t)
            if ok:
                add_value(value)
            else:
                add_value(None)
                failed.setdefault(j, []).append((header, value))
        texts_by_col.append(texts)
        values_by_col.append(values)
        if precheck is not None:
            prechecked[header] = {j for j, v in enumerate(values) if v is not None and not precheck(v)}
        if remember and misses > 0.9 * len(chunk) and len(chunk) >= 1000:
            stats[0] = False
            memo.clear()
    return [n for n, _cells in chunk], texts_by_col, values_by_col, failed, prechecked


def rows_of(parsed: Parsed, headers: list[str]) -> list[Row]:
    numbers, texts_by_col, values_by_col, failed, prechecked = parsed
    if not headers:
        return [Row(n, {}) for n in numbers]
    rows = []
    for j, (n, t_row, v_row) in enumerate(zip(numbers, zip(*texts_by_col), zip(*values_by_col))):
        row = Row(n, (headers, t_row), dict(zip(headers, v_row)))
        bad = failed.get(j)
        if bad is not None:
            for header, message in bad:
                del row.values[header]
                if message is not None:
                    row.error(header, message)
        rows.append(row)
    for header, failing in prechecked.items():
        passed = frozenset((header,))  # one shared set: most rows pass
        for j, row in enumerate(rows):
            if j not in failing and row.values.get(header) is not None:
                row.passed = passed if not row.passed else row.passed | passed
    return rows


def parsed_chunks(plan: list[PlanItem], source: Iterable[tuple[int, list]], width: int, size: int, *,
                  fork: bool) -> Iterator[Parsed]:
    """Parsed chunks in file order; with `fork`, read and parsed by a child process."""
    if not fork or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in raw_chunks(source, width, size):
            yield parse_columns(plan, chunk)
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(target=_child, args=(plan, source, width, size, sender), daemon=True)
    child.start()
    sender.close()
    try:
        while True:
            try:
                kind, payload = receiver.recv()
            except EOFError:
                raise UnreadableFile("读取文件的子进程意外退出，未写入任何数据：请重试，或把文件另存为 .xlsx 后再导入。") from None
            if kind == "chunk":
                yield payload
            elif kind == "end":
                return
            elif kind == "unreadable":
                raise UnreadableFile(payload)
            else:
                raise RuntimeError(f"解析子进程出错：{payload}")
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _widen(end) -> None:
    """A pipe of 1 MiB instead of 64 KiB: the child writes a whole parsed chunk at once and goes on
    parsing the next, instead of the parent waking it for every 64 KiB it reads."""
    try:
        import fcntl

        fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):  # not Linux, or above the system's limit: still works
        pass


def _child(plan, source, width, size, sender) -> None:
    """In the forked child: never touches the database; leaves through os._exit."""
    try:
        # A small first chunk: the parent, idle until it arrives, starts sooner.
        for chunk in raw_chunks(source, width, size, first=max(1, size // 10)):
            sender.send(("chunk", parse_columns(plan, chunk)))
        sender.send(("end", None))
    except UnreadableFile as exc:
        sender.send(("unreadable", str(exc)))
    except BrokenPipeError:  # the parent stopped reading (it failed or was interrupted)
        pass
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        try:
            sender.send(("crash", traceback.format_exc()[-2000:]))
        except BrokenPipeError:
            pass
    finally:
        sender.close()
        os._exit(0)
