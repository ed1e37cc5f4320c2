"""The change-log rows of imported new records, written by the database (ledgers/dblog.py), say exactly
what the engine's own Python path says: same label, region path and values."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from qualitybrand.core.models import ChangeLog, Region
from qualitybrand.ledgers import bulk, dblog, engine
from qualitybrand.ledgers.spec import Ledger
from tests.contract.citygen import ORDER, generate


def _numbers(spec, after: dict) -> dict:
    """Decimals as numbers: the Python path logs the parsed cell (999.5), the table stores 999.50000000."""
    names = {f.name for f in spec.model._meta.concrete_fields if f.get_internal_type() == "DecimalField"}
    return {k: Decimal(v) if k in names and v is not None else v for k, v in after.items()}


def _python_entry(spec, record) -> tuple[str, str, dict]:
    """What the Python path logs for a new record with these stored values."""
    concrete = [f for f in spec.model._meta.concrete_fields if not f.primary_key]
    values = {f.attname: getattr(record, f.attname) for f in concrete}
    pairs = [(f.attname, f.name) for f in concrete if f.name not in ("path", "depth")]
    pairs += [(n, n) for n in spec.extra_fields]
    values.update(spec.fetch_extra([record.pk]).get(record.pk, {}))
    after = json.loads(bulk.record_encoder(pairs)(values).text)
    region_id = values.get("region_id")
    path = Region.objects.get(pk=region_id).path if region_id else ""
    return spec.object_repr(values)[:200], path, _numbers(spec, after)


@pytest.mark.parametrize("in_database", [True, False], ids=["database", "python"])
def test_created_records_are_logged_alike_either_way(db, monkeypatch, in_database):
    monkeypatch.setattr(engine, "LOG_IN_DATABASE", in_database)
    city = generate(11)
    compared: dict[str, int] = {}
    for ledger in ORDER:
        result = engine.import_rows(ledger, city.rows[ledger], mode="partial")
        spec = engine.get_ledger(ledger)
        if type(spec).create is not Ledger.create:  # regions: the ledger writes its records and log itself
            continue
        entries = ChangeLog.objects.filter(import_batch_id=result.batch_id, action="create")
        assert entries.count() == result.created, ledger
        records = spec.model._base_manager.in_bulk([int(e.object_id) for e in entries])
        for entry in entries:
            repr_, path, after = _python_entry(spec, records[int(entry.object_id)])
            assert (entry.object_repr, entry.region_path, _numbers(spec, entry.after)) == (repr_, path, after), ledger
            assert entry.reason == f"导入{spec.title}" and entry.username == "系统"
        compared[ledger] = entries.count()
    by_database = {n for n in ORDER if dblog.created_log_statement(engine.get_ledger(n), _pairs(n))}
    assert {"entities", "trademarks", "patents", "inspections"} <= by_database
    assert all(compared[n] > 0 for n in by_database), compared


def _pairs(ledger: str) -> list[tuple[str, str]]:
    spec = engine.get_ledger(ledger)
    return [(f.attname, f.name) for f in spec.model._meta.concrete_fields
            if not f.primary_key and f.name not in ("path", "depth")]


def test_rows_refused_in_a_partial_import_leave_no_log_rows(db, monkeypatch):
    """Ids drawn for rows that later fail are never inserted: the id range logged holds only real rows."""
    city = generate(12)
    for ledger in ORDER[:ORDER.index("trademarks")]:
        engine.import_rows(ledger, city.rows[ledger])
    rows = [dict(r) for r in city.rows["trademarks"]]
    for r in rows[1::3]:
        r["国际分类"] = "46"  # outside 1–45: refused in the check after ids were drawn
    result = engine.import_rows("trademarks", rows, mode="partial")
    assert result.errors and result.created == len(rows) - len(rows[1::3])
    logged = ChangeLog.objects.filter(import_batch_id=result.batch_id)
    assert logged.count() == result.created
    numbers = {r["注册号"] for r in rows[0::3] + rows[2::3]}
    assert {e.after["number"] for e in logged} == numbers
