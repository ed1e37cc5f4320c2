"""The registry of document kinds (reports.md § Documents). Each kind lives in its own module of
`reports/documents/` and registers itself there with `register(Kind(...))`; `load_all()` imports them all
(the archive, the `report` command, the API and the template checks only ever go through `get`/`all_kinds`).

A kind is two functions:
- `context(req) -> dict`: every figure and text of the document, from the indicator engine and the
  selectors at the moment it is made, as plain values (str, int, float, Decimal-free, lists and dicts of
  those): it is also exactly what an office's own .docx template (docxtpl, sandboxed) sees, so its names
  are the template's vocabulary and are listed in `fields` for the template page;
- `build(req, ctx, progress) -> bytes`: the built-in file (.docx in the GB/T 9704 layout of
  `core/gbdocx.py`, or .xlsx through the one xlsx writer, or .pdf), calling `progress(percent, note)` as it
  goes (the archive shows it while the background task runs).
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class DocRequest:
    """What one document is made for. `year` for yearly kinds, `as_of` for as-of kinds, `start`/`end` for a
    bulletin's period; `issue_no` is a bulletin's 第N期; `office` the issuing office's name (版头)."""

    kind: str
    region: object  # core.models.Region
    user: object = None
    year: int | None = None
    as_of: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    issue_no: int | None = None
    office: str = ""
    extra: dict = field(default_factory=dict)


Progress = Callable[[int, str], None]


def no_progress(percent: int, note: str = "") -> None:
    """The progress callback when nobody watches (the command line, tests)."""


@dataclass(frozen=True)
class Kind:
    code: str                      # reports.models.DocumentKind value
    label: str                     # 年度工作总结 …
    fmt: str                       # "docx" | "xlsx" | "pdf"
    period: str                    # "year" | "as_of" | "period"
    context: Callable[[DocRequest], dict]
    build: Callable[[DocRequest, dict, Progress], bytes]
    fields: tuple[tuple[str, str], ...] = ()  # (name in the context, what it is) for the template page
    templatable: bool = True       # a .docx kind an office may replace with its own template
    printable: bool = True         # previewed as PDF (LibreOffice) when it is a .docx


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.code] = kind
    return kind


def load_all() -> None:
    """Import every module of reports/documents/ (each registers its kinds)."""
    from qualitybrand.reports import documents

    for info in pkgutil.iter_modules(documents.__path__):
        importlib.import_module(f"{documents.__name__}.{info.name}")


# Other names a person (or the `report` command) may use for a kind: short English names, hyphens, and the
# Chinese label itself (年度工作总结 …), so `report annual-summary` and `report 年度工作总结` both work.
ALIASES = {"annual": "annual_summary", "summary": "annual_summary", "status": "status_report",
           "report": "status_report", "weekly": "bulletin", "monthly": "bulletin", "analysis": "quality_analysis",
           "quality": "quality_analysis", "stats": "statistics", "statistic": "statistics", "album": "brand_album",
           "brands": "brand_album", "tasks": "task_bulletin"}


def get(code: str) -> Kind | None:
    load_all()
    text = str(code or "").strip()
    if text in _KINDS:
        return _KINDS[text]
    key = text.lower().replace("-", "_")
    key = ALIASES.get(key, key)
    if key in _KINDS:
        return _KINDS[key]
    return next((k for k in _KINDS.values() if k.label == text), None)


def all_kinds() -> list[Kind]:
    from qualitybrand.reports.models import DocumentKind

    load_all()
    order = [c.value for c in DocumentKind]
    return sorted(_KINDS.values(), key=lambda k: order.index(k.code) if k.code in order else len(order))
