"""追踪 / 溯源 walks (selectors.downstream / upstream): edges, dedupe, processing, named holders, guards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qualitybrand.tracing import selectors
from qualitybrand.tracing.trees import walk
from tests.factories import EntityFactory
from tests.tracing.factories import event

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def chain(regions):
    """Mill P makes flour F1; sells to wholesaler W (recorded twice: 销售 by P and 购进 by W); W sells to
    retailers R1 (秦州区) and R2 (麦积区) and to a market stall known by name; bakery K buys F1 from R1 and
    bakes bread B1 from it, sold to R2."""
    qz, mj = regions["620502"], regions["620503"]
    e = {k: EntityFactory(region=qz if k != "R2" else mj, name=f"{k}公司") for k in ("P", "W", "R1", "R2", "K")}
    event("生产", e["P"], "F1", quantity=Decimal(1000), day=D(2014, 1, 2))
    event("销售", e["P"], "F1", counterparty=e["W"], quantity=Decimal(600), day=D(2014, 1, 5))
    event("购进", e["W"], "F1", counterparty=e["P"], quantity=Decimal(600), day=D(2014, 1, 6))
    event("销售", e["W"], "F1", counterparty=e["R1"], quantity=Decimal(200), day=D(2014, 1, 9))
    event("销售", e["W"], "F1", counterparty=e["R1"], quantity=Decimal(50), day=D(2014, 1, 20))
    event("购进", e["R2"], "F1", counterparty=e["W"], quantity=Decimal(100), day=D(2014, 1, 10))
    event("销售", e["W"], "F1", name="城东菜市场摊位", quantity=Decimal(30), day=D(2014, 1, 11))
    event("购进", e["K"], "F1", counterparty=e["R1"], quantity=Decimal(20), day=D(2014, 1, 21))
    event("生产", e["K"], "B1", source="F1", quantity=Decimal(80), day=D(2014, 1, 22), product="面包")
    event("销售", e["K"], "B1", counterparty=e["R2"], quantity=Decimal(40), day=D(2014, 1, 23), product="面包")
    return e


def by_holder(holders):
    return {(h.trace_code, h.name): h for h in holders}


def test_downstream_reaches_every_holder_once_with_depth_parent_quantity_and_date(chain):
    got = by_holder(selectors.downstream(["F1"]))
    assert set(got) == {("F1", "P公司"), ("F1", "W公司"), ("F1", "R1公司"), ("F1", "R2公司"),
                        ("F1", "城东菜市场摊位"), ("F1", "K公司"), ("B1", "K公司"), ("B1", "R2公司")}
    p, w, r1 = got[("F1", "P公司")], got[("F1", "W公司")], got[("F1", "R1公司")]
    assert (p.depth, p.parent_entity_id, p.quantity, p.first_date) == (0, None, Decimal(1000), D(2014, 1, 2))
    # 销售 and 购进 of the same edge count once: the buyer's own record (its 购进 on the 6th) wins.
    assert (w.depth, w.parent_entity_id, w.quantity, w.first_date) == (1, chain["P"].pk, Decimal(600), D(2014, 1, 6))
    # Two deliveries on one edge add up; the first date is the first delivery.
    assert (r1.depth, r1.quantity, r1.first_date) == (2, Decimal(250), D(2014, 1, 9))
    stall = got[("F1", "城东菜市场摊位")]
    assert (stall.entity_id, stall.region_id, stall.depth, stall.quantity) == (None, None, 2, Decimal(30))
    assert got[("F1", "R2公司")].region_id == chain["R2"].region_id
    # Processing: the bread is a new unit at the bakery, one hop further, then sold on.
    bread = got[("B1", "K公司")]
    assert (bread.depth, bread.parent_entity_id, bread.quantity) == (4, chain["K"].pk, Decimal(80))
    assert (got[("B1", "R2公司")].depth, got[("B1", "R2公司")].quantity) == (5, Decimal(40))


def test_downstream_tree_rows_are_an_indented_tree_in_path_order(chain):
    rows = walk("down", ["F1"])
    assert rows[0].depth == 0 and rows[0].entity_id == chain["P"].pk
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.depth <= before.depth + 1
    assert len(rows) == 8  # no row doubled by the twice-recorded edge P → W


def test_upstream_goes_back_through_inputs(chain):
    got = by_holder(selectors.upstream(["B1"]))
    assert set(got) == {("B1", "K公司"), ("F1", "K公司"), ("F1", "R1公司"), ("F1", "W公司"), ("F1", "P公司")}
    assert got[("F1", "K公司")].depth == 1
    assert (got[("F1", "R1公司")].depth, got[("F1", "R1公司")].quantity) == (2, Decimal(20))
    assert got[("F1", "P公司")].depth == 4


def test_upstream_from_a_named_holder_of_a_unit(chain):
    got = by_holder(selectors.upstream(["B1"], holder_ids=[chain["R2"].pk]))
    assert got[("B1", "R2公司")].depth == 0
    assert got[("B1", "K公司")].depth == 1
    assert got[("F1", "P公司")].depth == 5


def test_downstream_from_a_given_holder_only_covers_its_branch(chain):
    got = by_holder(selectors.downstream(["F1"], holder_ids=[chain["R1"].pk]))
    assert set(got) == {("F1", "R1公司"), ("F1", "K公司"), ("B1", "K公司"), ("B1", "R2公司")}


def test_unit_without_production_starts_at_its_first_seller(regions):
    a, b = EntityFactory(region=regions["620502"]), EntityFactory(region=regions["620502"])
    event("购进", a, "X9", name="外地供应商", quantity=Decimal(5))
    event("销售", a, "X9", counterparty=b, quantity=Decimal(5))
    got = selectors.downstream(["X9"])
    assert [(h.name, h.depth) for h in got] == [("外地供应商", 0), (a.name, 1), (b.name, 2)]


def test_a_cycle_that_got_into_the_table_still_ends(regions):
    a, b = EntityFactory(region=regions["620502"]), EntityFactory(region=regions["620502"])
    event("生产", a, "C1")
    event("销售", a, "C1", counterparty=b)
    event("销售", b, "C1", counterparty=a)
    event("生产", b, "C2", source="C1")
    event("生产", b, "C1", source="C2")
    rows = walk("down", ["C1"])
    assert rows and max(r.depth for r in rows) < 10
    assert walk("up", ["C1"])


def test_has_events_and_unknown_codes(chain):
    assert selectors.has_events("F1") and not selectors.has_events("NOPE") and not selectors.has_events("")
    assert selectors.downstream(["NOPE"]) == [] and selectors.downstream([]) == []
