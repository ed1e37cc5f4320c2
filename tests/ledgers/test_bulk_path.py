"""The bulk write path: ids drawn before the insert, chunks written one behind, change-log JSON."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection

from qualitybrand.core.changelog import jsonable
from qualitybrand.core.codes import make_uscc
from qualitybrand.core.models import ChangeLog
from qualitybrand.ledgers import bulk, engine
from qualitybrand.ledgers.engine import import_rows
from qualitybrand.registry.models import Entity, Trademark

pytestmark = pytest.mark.django_db


def entity_rows(numbers, region="620502"):
    return [{"统一社会信用代码": make_uscc("91", region, f"{n:08d}"), "名称": f"企业{n}", "主体类型": "企业",
             "区划代码": region, "成立日期": "2010-01-02"} for n in numbers]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(engine, "CHUNK", 3)


def test_every_record_of_a_many_chunk_import_has_its_own_change_log_row(regions, small_chunks):
    Entity.objects.create(uscc=make_uscc("91", "620502", "00000999"), name="先有", kind="企业",
                          region=regions["620502"])
    result = import_rows("entities", entity_rows(range(1, 11)))
    assert (result.errors, result.created) == ([], 10)
    logged = {e.object_id: e for e in ChangeLog.objects.filter(import_batch_id=result.batch_id)}
    entities = Entity.objects.exclude(name="先有")
    assert len(logged) == 10 == entities.count()
    for entity in entities:
        entry = logged[str(entity.pk)]
        assert entry.action == "create"
        assert entry.after["uscc"] == entity.uscc and entry.after["name"] == entity.name
        assert entry.after["established"] == "2010-01-02"
        assert entry.region_path == entity.region.path


def test_new_ids_continue_after_the_existing_ones_and_a_second_import_follows(regions, small_chunks):
    import_rows("entities", entity_rows(range(1, 5)))
    first = list(Entity.objects.order_by("id").values_list("id", flat=True))
    import_rows("entities", entity_rows(range(5, 9)))
    second = list(Entity.objects.exclude(id__in=first).values_list("id", flat=True))
    assert len(second) == 4 and min(second) > max(first)
    # The ORM still creates records after the engine assigned ids itself.
    made = Entity.objects.create(uscc=make_uscc("91", "620502", "00000777"), name="手工", kind="企业",
                                 region=regions["620502"])
    assert made.pk > max(second)


def test_an_error_in_a_late_chunk_leaves_nothing_written_in_atomic_mode(regions, small_chunks):
    rows = entity_rows(range(1, 10))
    rows[7]["成立日期"] = "2013-02-30"
    result = import_rows("entities", rows)
    assert [e["row"] for e in result.errors] == [9]
    assert not result.written
    assert Entity.objects.count() == 0
    assert not ChangeLog.objects.filter(import_batch_id=result.batch_id).exists()


def test_partial_mode_writes_the_valid_rows_of_every_chunk(regions, small_chunks):
    rows = entity_rows(range(1, 10))
    rows[1]["主体类型"] = "公司"
    rows[7]["成立日期"] = "2013-02-30"
    result = import_rows("entities", rows, mode="partial")
    assert (result.created, len(result.errors)) == (7, 2)
    assert Entity.objects.count() == 7
    assert ChangeLog.objects.filter(import_batch_id=result.batch_id).count() == 7


def test_trademarks_over_several_chunks_refer_to_their_holders(regions, small_chunks):
    import_rows("entities", entity_rows(range(1, 4)))
    marks = [{"注册号": str(1000 + i), "商标名称": f"标{i}", "国际分类": "3,5",
              "注册人统一社会信用代码": make_uscc("91", "620502", f"{i % 3 + 1:08d}"),
              "申请日期": "2011-01-01", "注册日期": "2012-02-29"} for i in range(8)]
    result = import_rows("trademarks", marks)
    assert (result.errors, result.created) == ([], 8)
    for mark in Trademark.objects.select_related("holder"):
        assert mark.holder.uscc == make_uscc("91", "620502", f"{(int(mark.number) - 1000) % 3 + 1:08d}")
        assert mark.classes == [3, 5] and mark.expires == dt.date(2022, 2, 28)
        entry = ChangeLog.objects.get(model="registry.trademark", object_id=str(mark.pk))
        assert entry.after["holder"] == mark.holder_id and entry.after["classes"] == [3, 5]


def test_record_encoder_writes_what_json_dumps_writes():
    encode = bulk.record_encoder([("name", "name"), ("region_id", "region"), ("day", "day"), ("n", "n"),
                                  ("tags", "tags"), ("ok", "ok"), ("absent", "absent")])
    record = {"name": "甲\"乙\\丙\n", "region_id": 3, "day": dt.date(2013, 5, 1), "n": Decimal("1.50"),
              "tags": ["a", 1], "ok": False}
    expected = json.dumps({"name": record["name"], "region": 3, "day": "2013-05-01", "n": jsonable(Decimal("1.50")),
                           "tags": ["a", 1], "ok": False}, ensure_ascii=False)
    assert encode(record).text == expected


def test_change_log_json_columns_carry_no_sqlite_check():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL stores jsonb, which validates by its type")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'core_changelog'")
        assert "JSON_VALID" not in cursor.fetchone()[0]


def test_postgresql_array_literal_escapes_quotes_and_backslashes():
    assert bulk.pg_array(['a"b', "c\\d", "甲"]) == '{"a\\"b","c\\\\d","甲"}'
    assert bulk.pg_array(["9162", "A1", 7]) == "{9162,A1,7}"  # codes need no quotes
    assert bulk.pg_array(["null", "A1"]) == '{"null","A1"}'  # an unquoted NULL would be NULL
    assert bulk.pg_array(["", "A1"]) == '{"","A1"}'


@pytest.fixture
def forked(monkeypatch):
    monkeypatch.setattr(engine, "FORK_FROM_BYTES", 0)
    monkeypatch.setattr(engine, "CHUNK", 4)


def test_a_file_parsed_in_a_child_process_gives_the_errors_and_records_of_the_in_process_path(
        regions, tmp_path, monkeypatch):
    from .conftest import write_xlsx

    rows = [[r["统一社会信用代码"], r["名称"], r["主体类型"], r["区划代码"], r["成立日期"]]
            for r in entity_rows(range(1, 12))]
    rows[2][4] = "2013-13-01"
    rows[9][2] = "公司"
    path = write_xlsx(tmp_path / "e.xlsx", [["统一社会信用代码", "名称", "主体类型", "区划代码", "成立日期"], *rows])
    monkeypatch.setattr(engine, "CHUNK", 4)
    monkeypatch.setattr(engine, "FORK_FROM_BYTES", None)
    in_process = engine.import_file("entities", path, dry_run=True)
    monkeypatch.setattr(engine, "FORK_FROM_BYTES", 0)
    in_child = engine.import_file("entities", path, mode="partial")
    assert [(e["row"], e["column"], e["message"]) for e in in_child.errors] == [
        (e["row"], e["column"], e["message"]) for e in in_process.errors]
    assert [e["row"] for e in in_child.errors] == [4, 11]
    assert in_child.created == 9 == Entity.objects.count()


def test_a_csv_that_breaks_late_is_refused_from_the_child_process_with_nothing_written(regions, tmp_path, forked):
    from qualitybrand.ledgers.readers import UnreadableFile

    lines = ["统一社会信用代码,名称,主体类型,区划代码"]
    lines += [f"{r['统一社会信用代码']},{r['名称']},企业,620502" for r in entity_rows(range(1, 30001))]
    path = tmp_path / "e.csv"
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe\xfd,x,y,z\n")
    assert path.stat().st_size > (1 << 20)  # the encoding is sniffed from the first megabyte only
    with pytest.raises(UnreadableFile, match="无法按 utf-8 解码"):
        engine.import_file("entities", path)
    assert Entity.objects.count() == 0


def test_an_imports_shared_change_log_columns_keep_quotes_in_the_username_and_one_time(regions, small_chunks):
    from tests.factories import UserFactory

    user = UserFactory(username="o'brien", role="city_admin", region=regions["620500"])
    result = import_rows("entities", entity_rows(range(1, 8)), user=user)
    entries = ChangeLog.objects.filter(import_batch_id=result.batch_id)
    assert entries.count() == 7
    assert {(e.username, e.user_id, e.model, e.reason) for e in entries} == {
        ("o'brien", user.pk, "registry.entity", "导入市场主体")}
    assert len({e.time for e in entries}) == 1
    assert bulk._sqlite_literal("a'b") == "'a''b'" and bulk._sqlite_literal(None) == "NULL"


def _track_lookup_connections(monkeypatch) -> list:
    opened: list = []
    real = bulk._lookup_connection

    def tracked():
        opened.append(real())
        return opened[-1]
    monkeypatch.setattr(bulk, "_lookup_connection", tracked)
    return opened


@pytest.mark.django_db(transaction=True)
def test_an_import_that_is_its_own_transaction_looks_keys_up_on_a_second_connection(regions, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL copies in the background")
    monkeypatch.setattr(engine, "CHUNK", 4)
    opened = _track_lookup_connections(monkeypatch)
    assert import_rows("entities", entity_rows(range(1, 11))).created == 10
    again = import_rows("entities", entity_rows(range(1, 11)))
    assert (again.errors, again.created, again.unchanged) == ([], 0, 10)  # found the committed rows
    marks = [{"注册号": str(1000 + i), "商标名称": f"标{i}", "国际分类": "3",
              "注册人统一社会信用代码": make_uscc("91", "620502", f"{i % 10 + 1:08d}"),
              "申请日期": "2011-01-01"} for i in range(12)]
    result = import_rows("trademarks", marks)
    assert (result.errors, result.created) == ([], 12)
    assert Trademark.objects.filter(holder__uscc=make_uscc("91", "620502", "00000001")).count() == 2
    assert len(opened) == 3 and all(c is not None and c.closed for c in opened)


def test_an_import_inside_a_callers_transaction_looks_keys_up_on_its_own_connection(regions, monkeypatch):
    opened = _track_lookup_connections(monkeypatch)
    import_rows("entities", entity_rows(range(1, 4)))
    again = import_rows("entities", entity_rows(range(1, 4)))
    assert (again.created, again.unchanged, opened) == (0, 3, [])


def test_uscc_check_characters_are_checked_while_parsing_and_still_refused_in_the_row(
        regions, tmp_path, forked):
    from .conftest import write_xlsx

    good = [r["统一社会信用代码"] for r in entity_rows(range(1, 7))]
    bad = good[2][:17] + ("0" if good[2][17] != "0" else "1")
    lines = [["统一社会信用代码", "名称", "主体类型", "区划代码"],
             *[[code, f"企业{i}", "企业", "620502"] for i, code in enumerate([*good[:2], bad, *good[3:]])]]
    result = engine.import_file("entities", write_xlsx(tmp_path / "e.xlsx", lines), mode="partial")
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "统一社会信用代码")]
    assert "校验码错误" in result.errors[0]["message"]
    assert result.created == 5


def test_a_precheck_marks_the_rows_whose_value_passed():
    from qualitybrand.ledgers import parsing
    from qualitybrand.ledgers.spec import Column

    col = Column("代码", "code", precheck=lambda v: v.startswith("A"))
    plan = [(0, col.header, {}, col.cell_parser(), [True], col.precheck)]
    rows = parsing.rows_of(parsing.parse_columns(plan, [(2, ["A1"]), (3, ["B2"]), (4, [None])]), ["代码"])
    assert [r.passed for r in rows] == [frozenset({"代码"}), frozenset(), frozenset()]


@pytest.mark.django_db(transaction=True)
def test_a_lookup_connection_that_fails_is_reported_and_nothing_is_written(regions, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL looks up on a second connection")
    opened = _track_lookup_connections(monkeypatch)
    real_fetch = bulk.fetch_by

    def broken(*args, **kwargs):
        opened[-1].close()  # e.g. the server dropped the connection mid-import
        return real_fetch(*args, **kwargs)
    monkeypatch.setattr(bulk, "fetch_by", broken)
    result = import_rows("entities", entity_rows(range(1, 4)))
    assert not result.written and "写入数据库失败" in result.errors[0]["message"]
    assert Entity.objects.count() == 0


def test_a_value_alike_in_every_row_is_stored_as_given(regions):
    """SQLite writes such columns as literals in the statement (bulk._fold_constant_columns): quotes and
    percent signs, which Django's placeholder conversion would otherwise eat, survive."""
    import_rows("entities", entity_rows([1]))
    holder = make_uscc("91", "620502", "00000001")
    name = "50%s 的'商标'%%"
    rows = [{"注册号": str(20000000 + i), "商标名称": name, "国际分类": "3,5", "注册人统一社会信用代码": holder,
             "申请日期": "2011-02-03", "注册日期": "2012-02-03", "地理标志": "否"} for i in range(bulk.FOLD_FROM)]
    result = import_rows("trademarks", rows)
    assert (result.errors, result.created) == ([], bulk.FOLD_FROM)
    stored = {repr(r) for r in Trademark.objects.values_list("name", "classes", "applied", "is_gi",
                                                             "madrid_countries", "cancelled")}
    assert stored == {repr((name, [3, 5], dt.date(2011, 2, 3), False, [], None))}
    assert Trademark.objects.filter(number="20000007", expires=dt.date(2022, 2, 2)).exists()
    assert bulk._sqlite_literal("7%") == "'7%%'"  # Django turns %% back into %


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL statistics")
def test_a_large_import_refreshes_the_row_count_and_key_statistics(regions, monkeypatch):
    monkeypatch.setattr(engine, "ANALYZE_AFTER", 5)
    import_rows("entities", entity_rows(range(1, 8)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'registry_entity'")
        assert cursor.fetchone()[0] == 7
        cursor.execute("SELECT attname FROM pg_stats WHERE tablename = 'registry_entity'")
        assert {r[0] for r in cursor.fetchall()} == {"uscc"}  # the key only: autovacuum does the rest


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite writes alike columns as literals")
def test_rows_alike_in_every_column_are_all_inserted(db):
    """Nothing to bind would insert no row at all: the first column always stays bound."""
    from qualitybrand.core.models import ChangeLog as Log

    fields = [Log._meta.get_field(n) for n in ("action", "model", "object_id", "reason")]
    bulk.insert(Log, fields, [["create", "registry.entity", "7", "同一行"] for _ in range(bulk.FOLD_FROM)],
                fixed={Log._meta.get_field("time"): dt.datetime(2014, 1, 2, tzinfo=dt.UTC),
                       **{Log._meta.get_field(n): "" for n in ("username", "request_id", "object_repr",
                                                                 "region_path")}})
    assert Log.objects.filter(object_id="7", reason="同一行").count() == bulk.FOLD_FROM
