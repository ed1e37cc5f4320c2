"""Declarative ledger definitions: column specs, the ledger base class and the lookup context."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from qualitybrand.ledgers import normalise as nz
from qualitybrand.ledgers.normalise import CellError

AMOUNT_Q = Decimal("0.000001")
YUAN = Decimal(10000)


@dataclass
class Column:
    header: str
    type: str = "text"  # text code choice int amount number date bool list
    required: bool = False
    aliases: tuple[str, ...] = ()
    field: str | None = None  # the model attname it fills (None: handled by the ledger)
    choices: tuple[str, ...] = ()
    default: Any = None  # applied when the cell is empty
    upper: bool = False
    minimum: Any = None
    maximum: Any = None
    exclusive_min: bool = False
    max_length: int | None = None
    check: Callable[[Any], Any] | None = None  # extra rule: returns the value or raises CellError
    # A pure test of the parsed value that the ledger's rules would otherwise run per row (the USCC
    # check characters): run while parsing, in the parsing child for large files; the headers whose
    # value passed are in `Row.passed`.
    precheck: Callable[[Any], bool] | None = None
    note: str = ""

    def __post_init__(self):
        self.keys = {nz.header_key(self.header), *(nz.header_key(a) for a in self.aliases)}
        if self.type == "amount":
            base = re.sub(r"\((万)?元\)$", "", nz.header_key(self.header))
            self.amount_base = base
            self.keys |= {base, base + "(万元)"}

    @property
    def empty(self):
        if self.default is not None:
            return self.default
        if self.type in ("text", "code", "choice"):
            return ""
        if self.type == "list":
            return []
        return None

    def cell_parser(self, yuan: bool = False) -> Callable[[Any], tuple]:
        """cell -> (normalised text, ok, value or error message); empty optional cells give
        ("", True, None). Text and code cells that are already strings take a path specialised for
        this column (the import's hottest loop); everything else goes through `parse`."""
        header, required, check, limit = self.header, self.required, self.check, self.max_length
        empty = ("", False, f"“{header}”为必填项，不能为空。") if required else ("", True, None)
        text = nz.text

        def general(cell) -> tuple:
            t = text(cell) if cell is not None else ""
            if not t:
                return empty
            try:
                return t, True, self.parse(t if cell.__class__ is str else cell, yuan)
            except CellError as exc:
                return t, False, str(exc)

        simple = self.minimum is None and self.maximum is None
        if self.type == "text" and simple:
            def parse_text(cell) -> tuple:
                if cell.__class__ is not str:
                    return general(cell)
                t = text(cell)
                if not t:
                    return empty
                if limit and len(t) > limit:
                    return t, False, f"过长：最多 {limit} 个字符，实为 {len(t)} 个。"
                if check is None:
                    return t, True, t
                try:
                    return t, True, check(t)
                except CellError as exc:
                    return t, False, str(exc)
            return parse_text
        if self.type == "code" and simple:
            upper = self.upper
            blanks = re.compile(r"\s+")

            def parse_code(cell) -> tuple:
                if cell.__class__ is not str:
                    return general(cell)
                t = text(cell)
                if not t:
                    return empty
                value = t if t.isalnum() else blanks.sub("", t)
                if upper:
                    value = value.upper()
                if limit and len(value) > max(limit, 18):
                    return t, False, f"过长：最多 {limit} 个字符。"
                try:
                    if check is not None:
                        value = check(value)
                except CellError as exc:
                    return t, False, str(exc)
                if limit and isinstance(value, str) and len(value) > limit:
                    return t, False, f"过长：最多 {limit} 个字符。"
                return t, True, value
            return parse_code
        return general

    def parse(self, raw, yuan: bool = False):
        """The value of a non-empty normalised cell, or CellError."""
        t = self.type
        if t == "text":
            value = raw if raw.__class__ is str else nz.text(raw)
            if self.max_length and len(value) > self.max_length:
                raise CellError(f"过长：最多 {self.max_length} 个字符，实为 {len(value)} 个。")
        elif t == "code":
            value = raw if raw.__class__ is str else nz.text(raw)
            if not value.isalnum():
                value = re.sub(r"\s+", "", value)
            if self.upper:
                value = value.upper()
            if self.max_length and len(value) > max(self.max_length, 18):
                raise CellError(f"过长：最多 {self.max_length} 个字符。")
        elif t == "choice":
            value = raw if raw.__class__ is str else nz.text(raw)
            if value not in self.choices:
                folded = {c.lower(): c for c in self.choices}
                value = folded.get(value.lower(), value)
                if value not in self.choices:
                    raise CellError(f"“{value}”不是可选值：应为 {'、'.join(self.choices)} 之一。")
        elif t == "int":
            value = nz.parse_int(raw)
        elif t in ("amount", "number"):
            value = nz.parse_decimal(raw, "金额" if t == "amount" else "数值")
            if abs(value) >= Decimal(10) ** 14 or (value != 0 and abs(value) < Decimal("1e-12")):
                if abs(value) >= Decimal(10) ** 14:
                    raise CellError("数值过大。")
            if t == "amount":
                if yuan:
                    value = value / YUAN
                value = value.quantize(AMOUNT_Q, rounding=ROUND_HALF_UP)
                if abs(value) >= Decimal(10) ** 14:
                    raise CellError("金额过大。")
            elif abs(value) >= Decimal(10) ** 16:
                raise CellError("数值过大。")
            else:
                value = value.quantize(Decimal("0.00000001"), rounding=ROUND_HALF_UP).normalize()
        elif t == "date":
            value = nz.parse_date(raw)
        elif t == "bool":
            value = nz.parse_bool(raw)
        elif t == "list":
            value = nz.parse_list(raw)
        else:  # pragma: no cover
            raise ValueError(t)
        if self.minimum is not None:
            if self.exclusive_min and not value > self.minimum:
                raise CellError(f"应大于 {self.minimum}。")
            if value < self.minimum:
                raise CellError(f"应不小于 {self.minimum}。")
        if self.maximum is not None and value > self.maximum:
            raise CellError(f"应不大于 {self.maximum}。")
        if self.check is not None:
            value = self.check(value)
        if t == "code" and self.max_length and isinstance(value, str) and len(value) > self.max_length:
            raise CellError(f"过长：最多 {self.max_length} 个字符。")
        return value


class RowErrors(Exception):
    pass


class Row:
    """One data row of a file: raw cells, parsed values, errors and warnings."""

    __slots__ = ("number", "raw", "values", "errors", "warnings", "fields", "key", "existing", "region_path", "passed")

    def __init__(self, number: int | None, raw: dict[str, str] | tuple[list[str], tuple],
                 values: dict[str, Any] | None = None):
        """`raw`: the cells' texts by header, or (headers, texts), made a dict only if a message needs it."""
        self.number = number
        self.raw = raw
        self.values: dict[str, Any] = {} if values is None else values
        # Most rows never get a message: they share one empty tuple until they do.
        self.errors: list[dict] | tuple = _NO_MESSAGES
        self.warnings: list[dict] | tuple = _NO_MESSAGES
        self.fields: dict[str, Any] | None = None
        self.key = None
        self.existing = None
        self.region_path = ""
        self.passed: frozenset[str] = _NONE_PASSED  # headers whose value passed its column's precheck

    def text(self, column: str) -> str:
        """The cell's text as the file has it."""
        raw = self.raw
        if raw.__class__ is tuple:
            raw = self.raw = dict(zip(*raw))
        return raw.get(column, "")

    def error(self, column: str, message: str, value: str | None = None) -> None:
        if self.errors is _NO_MESSAGES:
            self.errors = []
        self.errors.append({"row": self.number, "column": column,
                            "value": _cut(self.text(column) if value is None else value),
                            "message": message if len(message) <= 1000 else _cut(message)})

    def warn(self, column: str, message: str) -> None:
        if self.warnings is _NO_MESSAGES:
            self.warnings = []
        self.warnings.append({"row": self.number, "column": column, "value": _cut(self.text(column)),
                              "message": message})


def _cut(value):
    """A quoted cell stays short, however long the cell (a 400 MB cell must not be stored back)."""
    if value.__class__ is str and len(value) > 200:
        from qualitybrand.ledgers.limits import cut

        return cut(value)
    return value


_NO_MESSAGES: tuple = ()
_NONE_PASSED: frozenset[str] = frozenset()


_REPR_FIELDS = ("name", "title", "number", "code")


class Ledger:
    """A ledger: its columns, its natural key and its write. Subclasses add the rules."""

    name = ""
    title = ""
    model = None
    columns: list[Column] = []
    key: tuple[str, ...] = ()  # headers
    key_fields: tuple[str, ...] = ()  # model attnames forming the natural key
    extra_fields: tuple[str, ...] = ()  # non-model values compared and logged (e.g. M2M)
    region_column: str | None = None  # header whose region the record takes
    # (later field, earlier field, later header, earlier header, strictly later): checked on every row
    # after `complete`, and on rows with other errors too, so that all of a row's problems show at once.
    date_order: tuple[tuple[str, str, str, str, bool], ...] = ()
    notes: str = ""

    def __init__(self):
        fields = {f.attname: f for f in self.model._meta.concrete_fields}
        for col in self.columns:
            f = fields.get(col.field or "")
            if f is not None and col.max_length is None and getattr(f, "max_length", None):
                col.max_length = f.max_length
        self.by_header = {c.header: c for c in self.columns}
        self.required = [c.header for c in self.columns if c.required]

    # --- hooks ------------------------------------------------------------------
    def prefetch(self, ctx: Context, rows: list[Row]) -> None:
        """Resolve the chunk's references in bulk (ctx caches)."""
        codes = set()
        for row in rows:
            v = row.values.get(self.region_column) if self.region_column else None
            if v:
                codes.add(v)
        ctx.load_regions()

    def build(self, ctx: Context, row: Row) -> dict | None:
        """Model values of the row's present columns (attnames); errors go to the row."""
        out = {}
        fill = self.__dict__.get("_fill") or self._make_fill()
        for header, value in row.values.items():
            target = fill[header]
            if target is not None:
                if value is None:
                    value = target[1] if target[2] is None else target[2]()
                out[target[0]] = value
        if self.region_column and self.region_column in row.values:
            region = ctx.region(row, self.region_column)
            if region is not None:
                out["region_id"] = region[0]
                row.region_path = region[1]
        return out

    def _make_fill(self) -> dict:
        """header -> (attname, empty value, factory of a fresh empty list) or None (no model field)."""
        fill = {}
        for col in self.columns:
            if not col.field:
                fill[col.header] = None
            elif col.default is None and col.type == "list":
                fill[col.header] = (col.field, None, list)  # a new list per row, as Column.empty gives
            else:
                fill[col.header] = (col.field, col.empty, None)
        self._fill = fill
        return fill

    def complete(self, ctx: Context, row: Row, fields: dict, merged: dict, new: bool) -> None:
        """Rules across columns on the merged record; may add defaults to `fields`."""

    def object_repr(self, merged: dict) -> str:
        for name in _REPR_FIELDS:
            if merged.get(name):
                return str(merged[name])[:200]
        return ""

    def object_repr_sql(self, column: Callable[[str], str]) -> str | None:
        """`object_repr` of a stored record as an SQL expression (`column(name)` names a column), or
        None if it has none: then the engine writes the change log of new records itself (dblog)."""
        if type(self).object_repr is not Ledger.object_repr:
            return None
        fields = {f.name: f for f in self.model._meta.concrete_fields}
        names = [n for n in _REPR_FIELDS if n in fields]
        if any(fields[n].get_internal_type() not in ("CharField", "TextField") for n in names):
            return None  # a number 0 is false in Python but not in SQL
        return "COALESCE(" + "".join(f"NULLIF({column(n)}, ''), " for n in names) + "'')"

    def fetch_extra(self, pks: list[int]) -> dict[int, dict]:
        return {}

    def write_extra(self, ctx: Context, values: dict[int, dict]) -> None:
        pass

    def create(self, runner, rows: list[Row]) -> None:
        """Insert the new records in bulk; sets `row.fields["id"]`."""
        from qualitybrand.ledgers import bulk

        missing = [r for r in rows if "id" not in r.fields]  # the engine usually drew them already
        for r, pk in zip(missing, bulk.reserve_ids(self.model, len(missing))):
            r.fields["id"] = pk
        fields = [self.model._meta.pk, *runner.concrete]
        atts = [f.attname for f in fields]
        pick = operator.itemgetter(*atts)
        values = []
        for r in rows:
            try:
                values.append(list(pick(r.fields)))
            except KeyError:
                values.append([r.fields.get(a) for a in atts])
        bulk.insert(self.model, fields, values)

    def after_write(self, runner, created: list[Row], updated: list[Row]) -> None:
        """After a chunk's writes. Any statement run here (ORM or a service) sees this import's rows:
        the engine makes it wait for the inserts still streaming to the server (`bulk.background_copies`).
        `runner` (`engine.Runner`) offers `ctx`, `user`, `batch_id` and `concrete` to hooks."""

    def after_check(self, ctx: Context, created: list[Row]) -> None:
        """Called instead of the write in a dry run (same-file references)."""

    def match_header(self, key: str) -> tuple[Column, bool] | None:
        for col in self.columns:
            if key in col.keys:
                return col, False
        for col in self.columns:
            if col.type == "amount" and key == col.amount_base + "(元)":
                return col, True
        return None


def choices(pairs: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(v for v, _ in pairs)


@dataclass
class Context:
    """Lookups shared by the rows of one import, resolved in bulk and cached."""

    user: Any = None
    regions: dict[str, tuple[int, str]] | None = None  # code (current or former) -> (id, path)
    region_by_id: dict[int, tuple[str, str]] | None = None  # id -> (code, path)
    entities: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # uscc -> (id, region_id, kind)
    cache: dict = field(default_factory=dict)
    # The importing user's region path when the user is region-scoped: references to records outside
    # it are answered exactly like references to records that do not exist, so that an import never
    # tells a county what exists in another county.
    scope_path: str | None = None

    def in_scope(self, region_id) -> bool:
        if self.scope_path is None:
            return True
        self.load_regions()
        return self.region_by_id.get(region_id, ("", ""))[1].startswith(self.scope_path)

    @property
    def directory(self) -> str:
        """How a missing reference's directory is named: 'your region's' one for scoped users."""
        return "您管辖区划的" if self.scope_path is not None else ""

    def load_regions(self, force: bool = False) -> None:
        if self.regions is not None and not force:
            return
        from qualitybrand.core.models import Region, RegionAlias

        self.regions = {}
        self.region_by_id = {}
        for pk, code, path in Region.objects.values_list("id", "code", "path"):
            self.regions[code] = (pk, path)
            self.region_by_id[pk] = (code, path)
        for code, rid in RegionAlias.objects.values_list("code", "region_id"):
            if rid in self.region_by_id:
                self.regions.setdefault(code, (rid, self.region_by_id[rid][1]))

    def region(self, row: Row, header: str):
        code = row.values.get(header)
        if not code:
            return None
        self.load_regions()
        found = self.regions.get(code)
        if found is None:
            row.error(header, f"区划代码 {code} 不存在：应为行政区划名录中的代码（或其曾用代码）。")
        return found

    def load_entities(self, usccs: set[str]) -> None:
        from qualitybrand.ledgers.hooks import entity_model

        Entity = entity_model()  # registry.Entity, registered by the registry
        if len(self.entities) > 200000:
            self.entities.clear()  # bounded memory on very large files: keep only this chunk's
        missing = [u for u in usccs if u and u not in self.entities]
        from qualitybrand.ledgers import bulk

        fields = [Entity._meta.get_field(n) for n in ("uscc", "region", "kind")]
        entities = self.entities
        for pk, uscc, region_id, kind in bulk.fetch_rows(Entity, fields, fields[0], missing):
            entities[uscc] = (pk, region_id, kind)
        for u in missing:
            self.entities.setdefault(u, None)

    def entity(self, row: Row, header: str):
        uscc = row.values.get(header)
        if not uscc:
            return None
        found = self.entities.get(uscc)
        if found is not None and self.scope_path is not None and not self.in_scope(found[1]):
            found = None
        if found is None:
            from qualitybrand.core.codes import uscc_problem

            problem = uscc_problem(uscc)
            if problem:
                row.error(header, f"统一社会信用代码{problem}")
            else:
                row.error(header, f"统一社会信用代码 {uscc} 不在{self.directory}市场主体名录中：请先导入或登记该主体。")
            return None
        return found

    def entity_region(self, row: Row, entity) -> None:
        self.load_regions()
        row.region_path = self.region_by_id.get(entity[1], ("", ""))[1]
