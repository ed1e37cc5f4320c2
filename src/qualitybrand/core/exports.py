"""Exports of list pages for the people who use them (.xlsx and .csv).

A list declares its export once, as a list of `Column`s (label, accessor, kind); `export_response`
then writes what the page shows, with the page's filters and scope:

- a title block (the list's name; the filters applied, the scope and the export date,
  `core.clock.today()`), then the header row, then one row per record;
- names beside codes (the list declares both columns); dates as real Excel dates with a date
  format, amounts and counts as numbers with a number format, everything else as string cells
  (never a formula); in the .csv, text beginning with = + - @ is prefixed with a quote (`safe_csv`,
  the same rule as the ledger files of ledgers.md);
- a file name such as `商标_秦州区_2014-07-10.xlsx`, sent as RFC 5987 `filename*`;
- streamed, both formats (`StreamingHttpResponse` over `iterator(chunk_size)`): the .csv row by
  row, the .xlsx through core/xlsxstream.py (the sheet deflated into the ZIP as it is written), so
  the first bytes leave at once and no export holds its rows in memory.

The ledger format (`ledgers.export.export_queryset`, a contract of ledgers.md) is a different
file: canonical headers and codes only, for re-import; the list pages offer it as “台账格式”.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from qualitybrand.core import clock

DANGEROUS = ("=", "+", "-", "@")
CHUNK = 2000  # rows fetched per database round trip (and per prefetch)
FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

# Excel's number formats per kind; "auto" picks one from the value's type.
NUM_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss", "amount": "#,##0.00", "int": "#,##0",
               "year": "0", "number": "#,##0.0##"}
KINDS = {"auto", "text", *NUM_FORMATS}


def safe_csv(value):
    """A .csv cell: text beginning with = + - @ gets a leading quote (never read as a formula)."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return value


@dataclass(frozen=True)
class Column:
    label: str
    accessor: str | Callable  # a dotted attribute path ("holder.uscc") or obj -> value
    kind: str = "auto"  # auto | text | date | datetime | amount | int | year | number
    width: int | None = None  # in Excel's character widths; guessed from the label and kind

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown export column kind {self.kind!r}")
        # the path split once: an export reads it for every row
        object.__setattr__(self, "_parts", None if callable(self.accessor) else tuple(self.accessor.split(".")))

    def raw(self, obj):
        if self._parts is None:
            return self.accessor(obj)
        value = obj
        for part in self._parts:
            if value is None:
                return None
            value = value.get(part) if type(value) is dict else getattr(value, part, None)
            if callable(value) and not hasattr(value, "all"):
                value = value()
        return value

    def value(self, obj):
        return cell_value(self.raw(obj), self.kind)


def resolve(obj, dotted: str):
    value = obj
    for part in dotted.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        if callable(value) and not hasattr(value, "all"):
            value = value()
    return value


def _joined(items) -> str:
    return "、".join(str(getattr(v, "number", v)) for v in items)


def cell_value(value, kind: str = "auto"):
    """The value as it goes into a cell: None (blank), str, int, Decimal, float, date or datetime."""
    t = type(value)
    if t is str:  # the common case first: an export calls this for every cell
        return value or None
    if t is dt.date and kind != "text":
        return value
    if value is None or value == []:
        return None
    if hasattr(value, "all") and callable(value.all):  # a related manager (prefetched)
        value = list(value.all())
    if isinstance(value, list | tuple | set | frozenset):
        return _joined(value) or None
    if isinstance(value, bool):
        return "是" if value else "否"
    if kind == "text":
        return _naive(value).isoformat(" ", "seconds") if isinstance(value, dt.datetime) else str(value)
    if isinstance(value, dt.datetime):
        value = _naive(value)
        return value.date() if kind == "date" else value
    if isinstance(value, dt.date):
        return value
    if kind == "amount":
        try:
            return decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            return str(value)
    if isinstance(value, int | decimal.Decimal | float):
        return value
    return str(value)


def _naive(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def kind_of(column: Column, value) -> str:
    """The number format a value gets: the column's kind, or one read from the value's type."""
    if column.kind != "auto":
        return column.kind
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, decimal.Decimal):
        return "amount"
    if isinstance(value, int):
        return "year" if 1900 <= value <= 2100 else "int"
    if isinstance(value, float):
        return "number"
    return "text"


# --- what the title block says ---------------------------------------------------------------

def file_name(title: str, place: str = "", ext: str = "xlsx", today: dt.date | None = None) -> str:
    """`商标_秦州区_2014-07-10.xlsx`: the list, the region it covers, the export date."""
    today = today or clock.today()
    parts = [title, place, today.isoformat()]
    name = "_".join(p for p in parts if p)
    for ch in '/\\:*?"<>|\r\n\t ':
        name = name.replace(ch, "_")
    return f"{name}.{ext}"


def content_disposition(name: str) -> str:
    """RFC 6266/5987: an ASCII fallback for old clients, the real (Chinese) name in `filename*`."""
    stem, _, ext = name.rpartition(".")
    ascii_stem = "_".join(p for p in "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-.") else "_"
                                             for ch in stem).split("_") if p)
    fallback = f"export_{ascii_stem}.{ext}" if ascii_stem else f"export.{ext}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def place_of(user, region=None) -> str:
    """The region an export covers: the region filtered on, else the user's own region."""
    if region is not None:
        return region.name
    if getattr(user, "region_id", None):
        return user.region.name
    return ""


def title_lines(title: str, filters: Sequence[tuple[str, str]], place: str = "",
                today: dt.date | None = None) -> list[str]:
    today = today or clock.today()
    shown = "；".join(f"{label}：{value}" for label, value in filters) if filters else "无（全部记录）"
    info = f"筛选条件：{shown}"
    if place:
        info += f"　　范围：{place}"
    info += f"　　导出日期：{today.year}年{today.month}月{today.day}日"
    return [title, info]


# --- rows ------------------------------------------------------------------------------------

def iterate(rows: Iterable) -> Iterator:
    """Rows one at a time: a queryset through `iterator(chunk_size)` (prefetches run per chunk), with
    one “today” for the whole export (status columns ask for it per row)."""
    with clock.held():
        yield from (rows.iterator(chunk_size=CHUNK) if isinstance(rows, QuerySet) else rows)


def in_chunks(rows: Iterable, prepare: Callable[[list], Iterable], size: int = CHUNK) -> Iterator:
    """Rows in chunks passed through `prepare` (e.g. attaching names read once per chunk)."""
    chunk: list = []
    for obj in iterate(rows):
        chunk.append(obj)
        if len(chunk) >= size:
            yield from prepare(chunk)
            chunk = []
    if chunk:
        yield from prepare(chunk)


# --- writers ---------------------------------------------------------------------------------

class _Line:
    """A file-like sink for csv.writer that hands back the last line written."""

    def write(self, text):
        return text


def csv_chunks(title: str, columns: Sequence[Column], rows: Iterable, filters=(), place: str = "",
               batch: int = 500) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    head = [writer.writerow([line]) for line in title_lines(title, filters, place)]
    head.append(writer.writerow([c.label for c in columns]))
    yield ("\ufeff" + "".join(head)).encode("utf-8")
    out: list[str] = []
    for obj in iterate(rows):
        cells = []
        for col in columns:
            value = col.value(obj)
            if isinstance(value, dt.datetime):
                value = value.isoformat(" ", "seconds")
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, decimal.Decimal):
                value = _plain_decimal(value)
            cells.append("" if value is None else safe_csv(value))
        out.append(writer.writerow(cells))
        if len(out) >= batch:
            yield "".join(out).encode("utf-8")
            out = []
    if out:
        yield "".join(out).encode("utf-8")


def _plain_decimal(value: decimal.Decimal) -> str:
    """1234.500000 → "1234.50" (two places as the pages show amounts), 0.123456 stays exact."""
    two = value.quantize(decimal.Decimal("0.01")) if value.is_finite() else value
    return format(two if two == value else value.normalize(), "f")


def _width(col: Column) -> int:
    if col.width:
        return col.width
    guess = {"date": 12, "datetime": 20, "amount": 14, "int": 10, "year": 8, "number": 12}.get(col.kind, 0)
    if not guess and any(w in col.label for w in ("名称", "主体", "单位", "标题", "注册人", "申请人", "出质人",
                                                  "说明", "内容", "事由", "项目", "企业")):
        guess = 28
    return max(guess, min(40, len(col.label) * 2 + 2), 8)


def xlsx_chunks(title: str, columns: Sequence[Column], rows: Iterable, filters=(), place: str = "") -> Iterator[bytes]:
    """The export as a streamed .xlsx (core/xlsxstream.py): dates as date cells, numbers as numbers
    with their kind's format, text as string cells."""
    from qualitybrand.core import xlsxstream

    def cells():
        for obj in iterate(rows):
            row = []
            for col in columns:
                value = col.value(obj)
                t = type(value)
                row.append((value, "" if t is str or value is None else kind_of(col, value)))
            yield row

    return xlsxstream.stream(title, title_lines(title, filters, place), [c.label for c in columns],
                             [_width(c) for c in columns], cells())


def export_response(fmt: str, title: str, columns: Sequence[Column], rows: Iterable, *, filters=(),
                    place: str = ""):
    """The export as a download: `fmt` "csv" streams, anything else is .xlsx."""
    fmt = fmt if fmt in FORMATS else "xlsx"
    name = file_name(title, place, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(title, columns, rows, filters, place), content_type=CSV_TYPE)
    else:
        response = StreamingHttpResponse(xlsx_chunks(title, columns, rows, filters, place), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(name)
    return response


def export_format(request) -> str | None:
    """`?export=xlsx` / `?export=csv` → the format; anything else → None (not an export)."""
    value = request.GET.get("export", "")
    return value if value in FORMATS else None


def described(params, labels: dict[str, str], names: dict[str, dict] | None = None) -> list[tuple[str, str]]:
    """(label, value) of the query parameters a page filters on, for the title block; `names` maps a
    parameter's codes to what the page shows (a program's code to its name)."""
    out = []
    for key, label in labels.items():
        value = str(params.get(key, "") or "").strip()
        if value:
            out.append((label, (names or {}).get(key, {}).get(value, value)))
    return out
