"""Stage 0 of an import: raw rows in chunks, every cell normalised and parsed one column at a time,
optionally in a forked child process so that it runs on the other core.

Cells repeat a lot down a column (kinds, regions, dates), so each column keeps a memo of
cell -> (text, ok, value or message); a column whose cells turn out to be mostly unique (names,
numbers) stops memoising. A parsed chunk is plain data (numbers, texts and values by column, failed
cells), cheap to pickle across the process boundary; `rows_of` turns it into `Row`s."""

from __future__ import annotations

import logging
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
logger = logging.getLogger(__name__)


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


def parsed_chunks(plan: list[PlanItem], source: Iterable[tuple[int, list]], width: int,
                  size: int) -> Iterator[Parsed]:
    """Parsed chunks in file order, in this process (rows given by a caller, not read from a file)."""
    for chunk in raw_chunks(source, width, size):
        yield parse_columns(plan, chunk)


def plan_for(columns) -> list[PlanItem]:
    return [(i, col.header, {}, col.cell_parser(yuan), [True], col.precheck) for i, col, yuan in columns]


class ChildReader:
    """Reads a file, finds its header row and parses its rows in a forked child process.

    The child runs on the other core, and it is where a hostile file does its harm: its address
    space is capped (`memory_mb` beyond what it inherited), so a sheet that declares billions of
    cells or unpacks to gigabytes ends the child, never the web or task worker that imports. It
    never touches the database; it dies with its parent (PR_SET_PDEATHSIG) and closes its copy of
    the pipe's read end, so a parent killed mid-import leaves no child behind holding memory."""

    def __init__(self, spec, path, size: int, memory_mb: int):
        context = multiprocessing.get_context("fork")
        self.spec = spec
        self.memory_mb = memory_mb
        self.receiver, sender = context.Pipe(duplex=False)
        _widen(sender)
        self.child = context.Process(target=_read_child, daemon=True,
                                     args=(spec, path, size, sender, self.receiver, memory_mb, os.getpid()))
        self.child.start()
        sender.close()

    @staticmethod
    def available() -> bool:
        return "fork" in multiprocessing.get_all_start_methods()

    def header(self):
        """(header errors, [(index, column, yuan)], header warnings), as `locate_header` gives them."""
        kind, payload = self._receive()
        if kind != "header":
            raise UnreadableFile("读取文件的子进程没有给出表头：请重试。")
        errors, located, warnings = payload
        by_header = {col.header: col for col in self.spec.columns}
        return errors, [(i, by_header[header], yuan) for i, header, yuan in located], warnings

    def chunks(self) -> Iterator[Parsed]:
        try:
            while True:
                kind, payload = self._receive()
                if kind == "chunk":
                    yield payload
                elif kind == "end":
                    return
                else:
                    raise UnreadableFile("读取文件的子进程给出了意外的内容：请重试。")
        finally:
            self.close()

    def _receive(self):
        try:
            kind, payload = self.receiver.recv()
        except (EOFError, OSError):
            self.child.join(5)
            raise UnreadableFile(self._death_message()) from None
        if kind == "unreadable":
            raise UnreadableFile(payload)
        if kind == "memory":
            raise UnreadableFile(self._death_message(memory=True))
        if kind == "crash":
            logger.error("解析子进程出错：%s", payload)
            raise UnreadableFile("读取文件时发生内部错误，未写入任何数据：请把文件另存为 .xlsx 后重试；"
                                 "仍不成功请联系管理员（已记录日志）。")
        return kind, payload

    def _death_message(self, memory: bool = False) -> str:
        code = self.child.exitcode
        if memory or (code is not None and code < 0):  # a signal: the allocator aborts past the cap
            return (f"读取文件时超出了内存上限（{self.memory_mb} MB），未写入任何数据：文件可能含有大量空白行列、"
                    "超长的单元格或被压缩的冗余内容。请清理（或把数据复制到新工作表）、拆分后再导入。")
        return "读取文件的子进程意外退出，未写入任何数据：请重试，或把文件另存为 .xlsx 后再导入。"

    def close(self) -> None:
        self.receiver.close()
        if self.child.is_alive():
            self.child.terminate()
        self.child.join()


def _widen(end) -> None:
    """A pipe of 1 MiB instead of 64 KiB: the child writes a whole parsed chunk at once and goes on
    parsing the next, instead of the parent waking it for every 64 KiB it reads."""
    try:
        import fcntl

        fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):  # not Linux, or above the system's limit: still works
        pass


def _die_with_parent(parent_pid: int) -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the closed pipe still ends the child
        pass
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(0)


def _cap_memory(memory_mb: int) -> None:
    """RLIMIT_AS: what the child inherited plus `memory_mb`, never above a hard limit already set."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            inherited = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = inherited + memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):  # no /proc or no RLIMIT_AS: the file checks still hold
        pass


def _read_child(spec, path, size, sender, receiver, memory_mb, parent_pid) -> None:
    """In the forked child: never touches the database; leaves through os._exit."""
    from qualitybrand.ledgers.headers import locate_header
    from qualitybrand.ledgers.readers import read_rows

    try:
        receiver.close()  # else the parent's end of the pipe stays open in here after the parent died
        import faulthandler
        import gc

        faulthandler.disable()  # an abort past the memory cap is expected here: the parent reports it
        # Millions of short-lived cells: generational GC passes cost more than they free, and this
        # process ends with os._exit (the engine disables GC around the import for the same reason).
        gc.disable()
        _die_with_parent(parent_pid)
        _cap_memory(memory_mb)
        errors, columns, rows, warnings = locate_header(spec, read_rows(path, spec.title))
        sender.send(("header", (errors, [(i, col.header, yuan) for i, col, yuan in columns], warnings)))
        if not errors:
            plan = plan_for(columns)
            width = max((i for i, _col, _yuan in columns), default=-1) + 1
            # A small first chunk: the parent, idle until it arrives, starts sooner.
            for chunk in raw_chunks(rows, width, size, first=max(1, size // 10)):
                sender.send(("chunk", parse_columns(plan, chunk)))
        sender.send(("end", None))
    except UnreadableFile as exc:
        _send(sender, ("unreadable", str(exc)))
    except MemoryError:
        _send(sender, ("memory", None))
    except BrokenPipeError:  # the parent stopped reading (it failed or was interrupted)
        pass
    except BaseException:  # noqa: BLE001 - reported to the parent, which logs it
        _send(sender, ("crash", traceback.format_exc()[-2000:]))
    finally:
        try:
            sender.close()
        finally:
            os._exit(0)


def _send(sender, message) -> None:
    try:
        sender.send(message)
    except (BrokenPipeError, MemoryError, OSError):
        pass
