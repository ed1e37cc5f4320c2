"""An import never tells a county what another county holds (issue 12, item 2).

A random city is imported whole; then a county user imports, for every region-scoped ledger, the
records of the other counties under their own keys: as they are, with the row moved into the
user's county, and with every optional column left out (so that a comparison with the stored record
would bring its values into the checks: the reported leak was a stored 结案日期 quoted back).
Every such row must get the one refusal an out-of-region row with a free key gets — the same
message for every ledger — and nothing is written."""

from __future__ import annotations

import csv
import io

import pytest

from qualitybrand.core.models import Region
from qualitybrand.ledgers.engine import OUT_OF_SCOPE, get_ledger, import_rows
from qualitybrand.ledgers.export import export_queryset
from tests.contract.citygen import ORDER, generate
from tests.factories import UserFactory

# Ledgers whose key holds a reference to an entity: another county's entity is not in the user's
# directory, so such a row is refused (as missing) before its key is known.
REFERENCE_KEYED = {"blacklist"}
SCOPED = [name for name in ORDER if name not in ("regions", "programs")]


@pytest.fixture
def city_and_county(db):
    city = generate(5)
    for ledger in ORDER:
        result = import_rows(ledger, city.rows[ledger], mode="partial")
        assert result.created, (ledger, result.errors[:3])
    county = Region.objects.get(code=city.counties[0])
    return city, county, UserFactory(role="county", region=county)


def _foreign_rows(ledger: str, county: Region) -> tuple[list[dict], list[str]]:
    """The stored records outside `county`, as exported rows keyed by header."""
    spec = get_ledger(ledger)
    qs = spec.model._default_manager.exclude(region__path__startswith=county.path)
    data = export_queryset(ledger, qs, fmt="csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(data)))
    header, body = lines[0], lines[1:]
    rows = [dict(zip(header, (c[1:] if c.startswith("'") else c for c in line))) for line in body]
    return rows, header


def _variants(ledger: str, rows: list[dict], county: Region) -> dict[str, list[dict]]:
    spec = get_ledger(ledger)
    keep = set(spec.key) | set(spec.required)
    movable = spec.region_column in rows[0] and spec.region_column not in spec.key  # else a new key: legitimate
    moved = [{**r, spec.region_column: county.code} if movable else dict(r) for r in rows]
    # Columns left out keep their stored values on an update: a comparison would bring those in.
    blank = [{h: v for h, v in r.items() if h in keep} for r in moved]
    # The dates kept, made late: compared with the stored record's other dates they would be out of order.
    dates = {c.header for c in spec.columns if c.type == "date"}
    late = [{h: ("2014-12-30" if h in dates and v else v) for h, v in r.items()} for r in blank]
    return {"as stored": rows, "moved": moved, "optional left out": blank, "late dates": late}


@pytest.mark.parametrize("ledger", SCOPED)
def test_other_counties_keys_get_one_neutral_refusal_and_nothing_of_the_stored_record(ledger, city_and_county):
    _city, county, user = city_and_county
    rows, _header = _foreign_rows(ledger, county)
    assert rows, f"the random city has no {ledger} record outside {county.code}"
    model = get_ledger(ledger).model
    before = model._default_manager.count()
    for name, variant in _variants(ledger, rows, county).items():
        result = import_rows(ledger, variant, user=user, mode="partial")
        assert (result.created, result.updated, result.unchanged) == (0, 0, 0), (name, result.errors[:3])
        by_row: dict[int, list[str]] = {}
        for e in result.errors:
            by_row.setdefault(e["row"], []).append(e["message"])
        # Every row is refused: with the neutral message once its key is known, or before that with the
        # messages the same cells get with a free key (a reference missing from the user's directory).
        assert set(by_row) == set(range(2, len(variant) + 2)), name
        assert any(OUT_OF_SCOPE in messages for messages in by_row.values()) or ledger in REFERENCE_KEYED
        for message in [*(e["message"] for e in result.errors), *(w["message"] for w in result.warnings)]:
            assert "已存在" not in message and "重复" not in message, (name, message)
        for i, (stored, sent) in enumerate(zip(rows, variant)):
            secrets = {v for v in stored.values()
                       if len(v) >= 4 and not any(v in str(mine) for mine in sent.values())}
            said = " ".join([*by_row[i + 2], *(w["message"] for w in result.warnings if w["row"] == i + 2)])
            leaked = [v for v in secrets if v in said]
            assert not leaked, (name, leaked, said)
    assert model._default_manager.count() == before


def test_a_free_key_outside_the_county_gets_the_same_refusal(city_and_county):
    city, county, user = city_and_county
    other = next(c for c in city.counties if c != county.code)
    from qualitybrand.core.codes import make_uscc

    free = make_uscc("91", other, "99999999")
    result = import_rows("entities", [{"统一社会信用代码": free, "名称": "新公司", "主体类型": "企业", "区划代码": other}],
                         user=user)
    assert [e["message"] for e in result.errors] == [OUT_OF_SCOPE]
