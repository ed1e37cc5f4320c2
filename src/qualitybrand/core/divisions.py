"""The shipped GB/T 2260 division list (`core/data/admin_divisions/`, see its README) and
`setup_regions`: a region, its ancestors and everything below it into the region tree.

The writes go through the regions ledger (`ledgers.engine.import_rows`, registered with `register_loader` by
`LedgersConfig.ready()`: core sits below the ledgers): the same checks, import
record (undoable) and change log as an office's own 行政区划 import. Only what is missing is written:
a region already in the tree keeps its name, kind and parent (an office may have corrected them);
a second run writes nothing.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "admin_divisions"
VINTAGE = "2023 年版，截至 2023 年 6 月 30 日"
CODE_FORMAT = re.compile(r"\d{6}|\d{9}")
# `fn(rows, *, user, file_name) -> result with .batch_id and .errors`: an atomic import of regions-ledger rows.
_loader = None


def register_loader(fn) -> None:
    global _loader
    _loader = fn


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    kind: str
    parent: str  # "" for a province


@dataclass(frozen=True)
class Former:
    code: str
    name: str
    current: str  # "" when abolished without one successor
    current_name: str
    year: str


def parent_code(code: str) -> str:
    if len(code) == 9:
        return code[:6]
    if code.endswith("0000"):
        return ""
    if code.endswith("00"):
        return code[:2] + "0000"
    return code[:4] + "00"


def kind_of(code: str, name: str) -> str:
    """The Region kind of a listed code (the kinds of `core.models.RegionKind`)."""
    if len(code) == 9:
        return "乡镇街道"
    if code.endswith("0000"):
        return "省"
    if code.endswith("00"):
        return "市"
    if code[4] == "7":  # statistical codes 71–79: economic and high-tech zones (not in GB/T 2260)
        return "开发区"
    if name.endswith("市"):
        return "县级市"
    if name.endswith("区") and not name.endswith(("特区", "林区")):
        return "区"
    return "县"  # 县, 自治县, 旗, 自治旗, 特区, 林区


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    with gzip.open(DATA / "divisions.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        return {r["code"]: Division(r["code"], r["name"], kind_of(r["code"], r["name"]), parent_code(r["code"]))
                for r in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def former_codes() -> dict[str, Former]:
    text = (DATA / "former_codes.csv").read_text(encoding="utf-8")
    return {r["former"]: Former(r["former"], r["former_name"], r["current"], r["current_name"], r["year"])
            for r in csv.DictReader(io.StringIO(text))}


def formers_of(code: str) -> list[str]:
    return sorted(f.code for f in former_codes().values() if f.current == code)


def subtree(code: str) -> list[Division]:
    """The region's ancestors, itself and everything below it, parents before children."""
    listed = divisions()
    chain, up = [], listed[code].parent
    while up:
        chain.append(listed[up])
        up = listed[up].parent
    if len(code) == 9:
        prefix = code
    else:
        prefix = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
    below = [d for c, d in listed.items() if c != code and c.startswith(prefix) and _is_below(d, code, listed)]
    ordered = list(reversed(chain)) + [listed[code]] + below
    depth = {}
    for d in ordered:
        depth[d.code] = depth.get(d.parent, -1) + 1
    return sorted(ordered, key=lambda d: (depth[d.code], d.code))


def _is_below(division: Division, code: str, listed: dict[str, Division]) -> bool:
    up = division.parent
    while up:
        if up == code:
            return True
        up = listed[up].parent
    return False


class SetupRefused(Exception):
    """A code the command cannot load: the message (Chinese) names it."""


def check_code(code: str) -> None:
    """Refuse a code that is not a current region of the list (retired codes name their successor)."""
    former = former_codes().get(code)
    if former is not None:
        if former.current:
            raise SetupRefused(
                f"区划代码 {code}（{former.name}）已于 {former.year} 年撤销，现为 {former.current}（{former.current_name}）："
                f"请改用现行代码，例如 setup_regions {former.current}。")
        raise SetupRefused(f"区划代码 {code}（{former.name}）已于 {former.year} 年撤销，不再是现行行政区划：请改用现行代码。")
    if code not in divisions():
        raise SetupRefused(
            f"区划代码 {code} 不在随附的行政区划名录（{VINTAGE}）中：请核对代码。名录之后新设的区划请用"
            "“行政区划”台账导入。")


@dataclass
class SetupResult:
    code: str
    listed: int = 0
    created: int = 0
    aliases: int = 0
    kept: list[str] = field(default_factory=list)  # present with another name, kind or parent: left as is
    skipped: list[str] = field(default_factory=list)  # a former code of another region in the tree
    batch_id: int | None = None
    errors: list[dict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.aliases)


def setup_regions(code: str, *, user=None) -> SetupResult:
    """Load the region `code` (ancestors and everything below) into the tree; idempotent."""
    from qualitybrand.core.models import Region, RegionAlias

    if _loader is None:
        raise SetupRefused("台账引擎未安装：无法载入行政区划。")
    check_code(code)
    wanted = subtree(code)
    result = SetupResult(code=code, listed=len(wanted))
    existing = {r.code: r for r in Region.objects.filter(code__in=[d.code for d in wanted]).select_related("parent")}
    alias_owner = dict(RegionAlias.objects.values_list("code", "region__code"))
    rows = []
    for d in wanted:
        if d.code in alias_owner:
            result.skipped.append(f"{d.code} {d.name}（已是区划 {alias_owner[d.code]} 的曾用代码）")
            continue
        own_formers = [f for f in formers_of(d.code) if alias_owner.get(f, d.code) == d.code and f not in existing]
        region = existing.get(d.code)
        if region is None:
            rows.append({"区划代码": d.code, "名称": d.name, "上级区划代码": d.parent, "类型": d.kind,
                         "曾用代码": own_formers})
            result.created += 1
            result.aliases += len(own_formers)
            continue
        parent = region.parent.code if region.parent_id else ""
        if (region.name, region.kind, parent) != (d.name, d.kind, d.parent):
            result.kept.append(f"{d.code} {region.name}（名录：{d.name}，{d.kind}）")
        missing = [f for f in own_formers if f not in alias_owner]
        if missing:
            stored = sorted(set(region.former_codes) | set(missing))
            rows.append({"区划代码": d.code, "名称": region.name, "上级区划代码": parent, "类型": region.kind,
                         "曾用代码": stored})
            result.aliases += len(missing)
    if rows:
        outcome = _loader(rows, user=user, file_name=f"行政区划名录（setup_regions {code}）")
        result.batch_id = outcome.batch_id
        result.errors = outcome.errors
        if outcome.errors:
            result.created = result.aliases = 0
    return result
