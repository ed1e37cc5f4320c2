"""The brand directory's index (品牌名录): recognitions valid today, public fields only, with the
search keys of each name, built once per data version and day (`indicators.cache.cached`).

Search: a query (case-insensitive, spaces ignored) matches a row when it is a substring of a name, or
when it can be spelled by consecutive characters of a name, each character giving either one of its
readings in full or the beginning of one (so `tsxh` — initials — and `tianshuixinghuo` — full
pinyin — and `tianshuixh` all find 天水星火). Every reading of a polyphone counts
(`pypinyin.pinyin(ch, heteronym=True)`): 长 is both chang and zhang."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from pypinyin import Style, pinyin

from qualitybrand.core import changelog, clock
from qualitybrand.indicators.cache import cached

LEVEL_ORDER = {"国家": 0, "省": 1, "市": 2}


@dataclass(frozen=True)
class Brand:
    id: int
    subject: str            # the brand: trademark name, else product name, else the holder
    program: str
    program_code: str
    tier: str               # 国家 / 省 / 市 (the program's level)
    holder: str
    product: str
    trademark: str
    trademark_number: str
    region: str
    region_code: str
    year: int
    valid_until: str        # 2016年12月31日, or ""
    granting_body: str
    keys: tuple             # search keys: (plain text, readings per character) per name


@functools.lru_cache(maxsize=8192)
def readings(ch: str) -> tuple[str, ...]:
    """Every reading of a character in lower case (a letter or digit reads as itself)."""
    if ch.isascii():
        return (ch.lower(),)
    found = pinyin(ch, heteronym=True, style=Style.NORMAL, errors=lambda s: [c.lower() for c in s])
    values = {r.lower() for group in found for r in group if r}
    return tuple(sorted(values)) or (ch,)


def normalise(text: str) -> str:
    return "".join((text or "").split()).lower()


def key_of(name: str) -> tuple[str, tuple[tuple[str, ...], ...]]:
    plain = normalise(name)
    return plain, tuple(readings(ch) for ch in plain)


def spells(query: str, chars: tuple[tuple[str, ...], ...]) -> bool:
    """Whether `query` is spelled by consecutive characters starting anywhere, each giving one of its
    readings in full or a non-empty beginning of it."""
    n = len(query)

    @functools.cache
    def from_(i: int, q: int) -> bool:
        if q == n:
            return True
        if i == len(chars):
            return False
        rest = query[q:]
        for reading in chars[i]:
            # the longest common beginning of the reading and the rest of the query
            k = 0
            while k < len(reading) and k < len(rest) and reading[k] == rest[k]:
                k += 1
            if k == len(rest):
                return True
            for used in range(k, 0, -1):
                if from_(i + 1, q + used):
                    return True
        return False

    first = query[0]
    return any(any(r.startswith(first) for r in chars[i]) and from_(i, 0) for i in range(len(chars)))


def matches(brand: Brand, query: str) -> bool:
    q = normalise(query)
    if not q:
        return True
    for plain, chars in brand.keys:
        if q in plain:
            return True
        if q.isascii() and q.isalnum() and spells(q, chars):
            return True
    return False


def _build() -> list[Brand]:
    from qualitybrand.registry.models import Recognition

    today = clock.today()
    rows = (Recognition.objects.filter(year__lte=today.year)
            .exclude(valid_until__lt=today)
            .select_related("program", "entity", "trademark", "region")
            .order_by("id"))
    out = []
    for r in rows:
        trademark = r.trademark.name if r.trademark_id else ""
        subject = trademark or r.product_name or r.entity.name
        names = dict.fromkeys(n for n in (subject, r.product_name, trademark, r.entity.name) if n)
        out.append(Brand(
            id=r.pk, subject=subject, program=r.program.name, program_code=r.program.code, tier=r.program.level,
            holder=r.entity.name, product=r.product_name, trademark=trademark,
            trademark_number=r.trademark.number if r.trademark_id else "", region=r.region.name,
            region_code=r.region.code, year=r.year, valid_until=f"{r.valid_until.year}年{r.valid_until.month}月{r.valid_until.day}日" if r.valid_until else "",
            granting_body=r.program.granting_body, keys=tuple(key_of(n) for n in names)))
    out.sort(key=lambda b: (LEVEL_ORDER.get(b.tier, 9), -b.year, b.subject, b.id))
    return out


class Directory:
    """One data version's index: the rows, by id, the filter choices, and a memo of the searches."""

    def __init__(self, rows: list[Brand]):
        self.rows = rows
        self.by_id = {b.id: b for b in rows}
        programs = sorted({(b.program_code, b.program, b.tier) for b in rows},
                          key=lambda p: (LEVEL_ORDER.get(p[2], 9), p[1]))
        self.programs = [{"code": c, "name": n} for c, n, _ in programs]
        self.regions = [{"code": c, "name": n} for c, n in sorted({(b.region_code, b.region) for b in rows})]
        self.searches: dict[str, frozenset[int]] = {}

    def ids_matching(self, q: str) -> frozenset[int]:
        found = self.searches.get(q)
        if found is None:
            found = frozenset(b.id for b in self.rows if matches(b, q))
            if len(self.searches) > 1000:
                self.searches.clear()
            self.searches[q] = found
        return found


_MEMO: dict[tuple, Directory] = {}
_VERSION: list = [None, 0.0]  # the data version last read in this process, and when (monotonic)


def current_version() -> int:
    """The data version, read from the database at most once every `QB_PORTAL_VERSION_SECONDS` (2) per
    process: a portal page answered from memory then opens no database connection at all. The public
    pages are cacheable for minutes anyway (Cache-Control); an edit shows here within seconds."""
    now = time.monotonic()
    ttl = float(getattr(settings, "QB_PORTAL_VERSION_SECONDS", 2))
    if _VERSION[0] is None or now - _VERSION[1] >= ttl:
        _VERSION[0], _VERSION[1] = changelog.data_version(), now
    return _VERSION[0]


def snapshot() -> tuple[int, Directory]:
    """(data version, the index) — one small query per request: the built rows come from the shared
    cache (`cached`, built once per data version and day by whichever worker asks first) and are kept
    in this process, unpickled once, until the data version or the day changes. Inside a transaction
    (the tests; data may change within it) it is built afresh, as `cached` does."""
    if connection.in_atomic_block:
        return 0, Directory(_build())
    key = (current_version(), clock.today().isoformat())
    found = _MEMO.get(key)
    if found is None:
        found = Directory(cached(("brands", key[1]), _build, prefix="qbportal"))
        _MEMO.clear()
        _MEMO[key] = found
    return key[0], found


def directory() -> list[Brand]:
    """Every recognised brand valid today."""
    return snapshot()[1].rows


def search(query: str = "", *, tier: str = "", program: str = "", region: str = "",
           index: Directory | None = None) -> list[Brand]:
    index = index or snapshot()[1]
    rows = index.rows
    q = normalise(query)[:50]
    if q:
        ids = index.ids_matching(q)
        rows = [b for b in rows if b.id in ids]
    if tier:
        rows = [b for b in rows if b.tier == tier]
    if program:
        rows = [b for b in rows if b.program_code == program]
    if region:
        rows = [b for b in rows if b.region_code == region]
    return rows


def find(pk, index: Directory | None = None) -> Brand | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (index or snapshot()[1]).by_id.get(pk)
