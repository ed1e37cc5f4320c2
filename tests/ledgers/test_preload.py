"""The entity directory read while a workbook loads (ledgers/preload.py): used only when current."""

from pathlib import Path

import pytest
from django.db import connection, transaction

from qualitybrand.core.codes import make_uscc
from qualitybrand.ledgers import bulk, engine, preload
from qualitybrand.ledgers.engine import import_rows
from qualitybrand.registry.models import Trademark
from tests.factories import UserFactory

from .conftest import write_xlsx
from .test_bulk_path import entity_rows

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL looks up on a second connection")]

HEAD = ["注册号", "商标名称", "国际分类", "注册人统一社会信用代码", "申请日期"]


@pytest.fixture
def preloading(monkeypatch):
    """Every .xlsx import of an entity-owned ledger preloads (the files here are small)."""
    monkeypatch.setattr(engine, "FORK_FROM_BYTES", 0)
    monkeypatch.setattr(engine, "CHUNK", 4)
    monkeypatch.setattr(preload, "BYTES_PER_ENTITY", 1)
    calls: list[list] = []
    real = bulk.fetch_rows

    def tracked(model, fields, column_field, values):
        calls.append(sorted(values))
        return real(model, fields, column_field, values)
    monkeypatch.setattr(bulk, "fetch_rows", tracked)
    return calls


def _marks(tmp_path: Path, holders: list[str]) -> Path:
    rows = [[str(30000000 + i), f"标{i}", "9", holder, "2012-05-06"] for i, holder in enumerate(holders)]
    return write_xlsx(tmp_path / "tm.xlsx", [HEAD, *rows])


def test_holders_read_while_the_workbook_loads_spare_the_lookups(regions, tmp_path, preloading):
    import_rows("entities", entity_rows(range(1, 11)))
    known = [r["统一社会信用代码"] for r in entity_rows(range(1, 11))]
    unknown = make_uscc("91", "620502", "00000077")
    result = engine.import_file("trademarks", _marks(tmp_path, [*known, unknown, known[0]]), mode="partial")
    assert result.created == 11 and Trademark.objects.count() == 11
    assert [(e["row"], e["column"]) for e in result.errors] == [(12, "注册人统一社会信用代码")]
    assert "不在市场主体名录中" in result.errors[0]["message"]
    assert [c for c in preloading if c] == [[unknown]]  # only the holder the directory lacked was looked up


def test_a_county_user_is_still_answered_as_if_other_counties_holders_did_not_exist(regions, tmp_path,
                                                                                    preloading):
    import_rows("entities", entity_rows(range(1, 3)) + entity_rows(range(3, 5), region="620503"))
    county = UserFactory(role="county", region=regions["620502"])
    theirs = entity_rows([3], region="620503")[0]["统一社会信用代码"]
    result = engine.import_file("trademarks", _marks(tmp_path, [theirs]), user=county, mode="partial")
    assert result.created == 0 and "不在您管辖区划的市场主体名录中" in result.errors[0]["message"]


def test_a_directory_read_before_a_write_is_not_used(regions):
    import_rows("entities", entity_rows(range(1, 4)))
    current = preload.EntityPreload(1000)
    with transaction.atomic():
        assert set(current.take()) == {r["统一社会信用代码"] for r in entity_rows(range(1, 4))}
    stale = preload.EntityPreload(1000)
    stale.thread.join()
    import_rows("entities", entity_rows([9]))  # written after the directory was read
    with transaction.atomic():
        assert stale.take() == {}


def test_a_directory_larger_than_the_load_it_hides_behind_is_not_read(regions):
    import_rows("entities", entity_rows(range(1, 6)))
    too_many = preload.EntityPreload(4)
    with transaction.atomic():
        assert too_many.take() == {}


def test_only_large_workbooks_of_entity_owned_ledgers_preload(regions):
    trademarks, entities = engine.get_ledger("trademarks"), engine.get_ledger("entities")
    big = 3_000_000
    assert preload.worth_it(trademarks, Path("a.xlsx"), big, outermost=True)
    assert not preload.worth_it(trademarks, Path("a.xlsx"), big, outermost=False)  # a caller's transaction
    assert not preload.worth_it(trademarks, Path("a.csv"), big, outermost=True)  # no load to hide behind
    assert not preload.worth_it(entities, Path("a.xlsx"), big, outermost=True)
    assert not preload.worth_it(trademarks, Path("a.xlsx"), 5_000, outermost=True)
