"""The trace_events ledger: columns, references, refusals (nothing saved), scoping, change log."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qualitybrand.core.models import ChangeLog
from qualitybrand.ledgers import engine
from qualitybrand.ledgers.engine import import_rows
from qualitybrand.tracing.models import TraceEvent
from tests.factories import EntityFactory, UserFactory, next_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms(regions):
    return {k: EntityFactory(region=regions["620503" if k == "Y" else "620502"], name=f"{k}公司")
            for k in ("P", "W", "R", "Y")}


def row(number, kind, entity, code="F1", **extra):
    out = {"事件编号": number, "事件类型": kind, "主体统一社会信用代码": entity.uscc, "产品名称": "面粉",
           "批次号": "20140101", "追溯码": code, "事件日期": "2014-01-02"}
    out.update(extra)
    return out


def test_a_chain_imports_with_region_of_the_entity_and_change_log(firms):
    rows = [row("E1", "生产", firms["P"], 数量="1000", 计量单位="袋"),
            row("E2", "销售", firms["P"], 对方统一社会信用代码=firms["W"].uscc, 数量="600"),
            row("E3", "购进", firms["Y"], 对方名称="外地批发部"),
            row("E4", "生产", firms["W"], code="B1", 投入追溯码="F1", 产品名称="面包")]
    result = import_rows("trace_events", rows)
    assert (result.created, result.errors) == (4, [])
    e2 = TraceEvent.objects.get(number="E2")
    assert (e2.entity, e2.counterparty, e2.region_id, e2.quantity) == (
        firms["P"], firms["W"], firms["P"].region_id, Decimal(600))
    assert TraceEvent.objects.get(number="E3").region_id == firms["Y"].region_id
    assert ChangeLog.objects.filter(import_batch_id=result.batch_id, action="create").count() == 4
    assert engine.get_ledger("trace_events").title == "追溯事件"


@pytest.mark.parametrize("bad, column", [
    ({"事件类型": "销售"}, "对方名称"),                                   # no counterparty
    ({"事件类型": "购进"}, "对方名称"),
    ({"投入追溯码": "X", "对方名称": "某公司"}, "投入追溯码"),                                 # input on a transfer
    ({"事件类型": "生产", "对方名称": "某公司"}, "对方统一社会信用代码"),
    ({"对方统一社会信用代码": "91620500MA00000000"}, "对方统一社会信用代码"),  # unknown code
    ({"主体统一社会信用代码": "91620500MA00000000"}, "主体统一社会信用代码"),
    ({"数量": "-1", "对方名称": "某公司"}, "数量"),
    ({"事件类型": "退货", "对方名称": "某公司"}, "事件类型"),
    ({"事件日期": "", "对方名称": "某公司"}, "事件日期"),
])
def test_bad_rows_are_refused_with_a_chinese_message_and_nothing_saved(firms, bad, column):
    good = row("G1", "生产", firms["P"], code="G")
    r = row("E1", "销售", firms["P"])
    r.update(bad)
    result = import_rows("trace_events", [good, r])
    assert result.errors and {e["column"] for e in result.errors} == {column}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e["message"]) for e in result.errors)
    assert not TraceEvent.objects.exists()


def test_self_as_counterparty_is_refused(firms):
    result = import_rows("trace_events", [row("E1", "销售", firms["P"], 对方统一社会信用代码=firms["P"].uscc)])
    assert result.errors[0]["message"] == "对方主体不能是本主体。"


def test_a_cycle_within_the_file_is_refused(firms):
    p, w, r = firms["P"], firms["W"], firms["R"]
    rows = [row("E1", "销售", p, 对方统一社会信用代码=w.uscc), row("E2", "销售", w, 对方统一社会信用代码=r.uscc),
            row("E3", "购进", p, 对方统一社会信用代码=r.uscc)]  # R → P closes P → W → R → P
    result = import_rows("trace_events", rows)
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "追溯码")]
    assert "循环" in result.errors[0]["message"] and not TraceEvent.objects.exists()


def test_a_cycle_against_stored_events_and_through_inputs_is_refused(firms):
    p, w = firms["P"], firms["W"]
    assert not import_rows("trace_events", [row("E1", "销售", p, 对方统一社会信用代码=w.uscc),
                                            row("E2", "生产", w, code="B1", 投入追溯码="F1"),
                                            row("E3", "生产", w, code="C1", 投入追溯码="B1")]).errors
    back = import_rows("trace_events", [row("E4", "销售", w, 对方统一社会信用代码=p.uscc)])
    assert "循环" in back.errors[0]["message"]
    loop = import_rows("trace_events", [row("E5", "生产", p, code="F1", 投入追溯码="C1")])
    assert loop.errors[0]["column"] == "投入追溯码" and "投入循环" in loop.errors[0]["message"]
    same = import_rows("trace_events", [row("E6", "生产", p, code="F1", 投入追溯码="F1")])
    assert same.errors[0]["message"] == "投入追溯码不能与本批次的追溯码相同。"
    assert TraceEvent.objects.count() == 3


def test_reimporting_an_event_does_not_count_its_own_edge_as_a_cycle(firms):
    p, w = firms["P"], firms["W"]
    assert not import_rows("trace_events", [row("E1", "销售", p, 对方统一社会信用代码=w.uscc)]).errors
    again = import_rows("trace_events", [row("E1", "销售", p, 对方统一社会信用代码=w.uscc, 数量="5")])
    assert (again.errors, again.updated) == ([], 1)
    # Turning the edge round replaces it: no cycle with its own former self.
    turned = import_rows("trace_events", [row("E1", "购进", p, 对方统一社会信用代码=w.uscc)])
    assert (turned.errors, turned.updated) == ([], 1)


def test_a_county_never_learns_of_another_countys_entities(firms, regions):
    county = UserFactory(role="county", region=regions["620502"])
    foreign = firms["Y"]
    unknown = next_uscc("620503")  # valid, never registered
    answers = []
    for code in (foreign.uscc, unknown):
        result = import_rows("trace_events", [row("E1", "销售", firms["P"], 对方统一社会信用代码=code)], user=county)
        answers.append(result.errors[0]["message"].replace(code, "<code>"))
    assert answers[0] == answers[1]
    as_subject = import_rows("trace_events", [row("E1", "生产", foreign)], user=county)
    assert as_subject.errors and not TraceEvent.objects.exists()
    # By name only, the cross-county sale is recorded.
    ok = import_rows("trace_events", [row("E1", "销售", firms["P"], 对方名称=foreign.name)], user=county)
    assert ok.created == 1


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_ledger_export_reimports_unchanged(firms, tmp_path, fmt):
    from qualitybrand.ledgers.engine import import_file
    from qualitybrand.ledgers.export import export_queryset

    rows = [row("E1", "生产", firms["P"], 数量="1000.5", 计量单位="袋"),
            row("E2", "销售", firms["P"], 对方统一社会信用代码=firms["W"].uscc, 数量="600"),
            row("E3", "购进", firms["Y"], 对方名称="外地批发部"),
            row("E4", "生产", firms["W"], code="B1", 投入追溯码="F1")]
    assert not import_rows("trace_events", rows).errors
    path = tmp_path / f"t.{fmt}"
    path.write_bytes(export_queryset("trace_events", TraceEvent.objects.all(), fmt))
    again = import_file("trace_events", path)
    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 4)
