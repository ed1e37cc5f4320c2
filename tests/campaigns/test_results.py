"""A campaign's figures come from the registries over its period and counties (the engine, or the
category-filtered computation), agree with the records behind them, and respect the scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qualitybrand.campaigns import results as res
from qualitybrand.core.models import Region
from qualitybrand.core.services import save_region
from tests.campaigns import factories as f
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(regions):
    """Inspections and cases in 秦州区 (one in a township below it), 麦积区 and 甘谷县 (not in the campaign),
    inside and outside the period, of two categories."""
    town = save_region(None, code="620502001", name="大城街道", kind="乡镇街道", parent=regions["620502"])
    q, m, g = regions["620502"], regions["620503"], regions["620523"]
    bad = EntityFactory(region=q)
    f.inspection(q, conclusion="不合格", entity=bad)
    f.inspection(q, conclusion="不合格", entity=bad, category="电线电缆（低压）")
    f.inspection(town, conclusion="合格")
    f.inspection(q, conclusion="合格", category="化肥")
    f.inspection(q, conclusion="不合格", sampled=dt.date(2014, 7, 1))          # after the period
    f.inspection(m, conclusion="合格")
    f.inspection(g, conclusion="不合格")                                       # not a participant
    f.case(q, party=bad, goods="10.50", transferred=True)
    f.case(q, goods="2.25", opened=dt.date(2013, 12, 1), closed=dt.date(2014, 5, 1), fines="3.00")
    f.case(m, goods="1.00", opened=dt.date(2014, 2, 28))                       # before the period
    f.case(g, goods="99.00")
    return {"q": q, "m": m, "town": town}


def test_figures_are_the_engines_over_the_period(ledger):
    c = f.campaign()
    counties = list(c.counties.all())
    r = res.results(c, counties, whole=True)
    q = next(row for row in r.rows if row.region.code == "620502").values
    assert q["insp.batches"] == 4 and q["insp.failed_entities"] == 1
    assert q["insp.pass_rate"] == pytest.approx(50.0)
    assert q["case.opened"] == 1 and Decimal(str(q["case.goods_value"])) == Decimal("10.5")
    assert Decimal(str(q["case.fines"])) == Decimal("3") and q["case.transferred"] == 1
    m = next(row for row in r.rows if row.region.code == "620503").values
    assert m["insp.batches"] == 1 and m["case.opened"] == 0
    assert r.total.values["insp.batches"] == 5 and r.total.values["insp.pass_rate"] == pytest.approx(60.0)
    assert r.total.values["case.goods_value"] == Decimal("10.5") and not r.filtered


def test_category_filter(ledger):
    c = f.campaign(categories="电线电缆")
    r = res.results(c, list(c.counties.all()), whole=True)
    q = next(row for row in r.rows if row.region.code == "620502").values
    assert r.filtered and q["insp.batches"] == 3 and q["insp.failed_entities"] == 1
    assert q["insp.pass_rate"] == pytest.approx(100 / 3)
    # the case of the entity inspected for 电线电缆 counts; the other party was never inspected
    assert q["case.opened"] == 1 and q["case.goods_value"] == Decimal("10.50") and q["case.fines"] == 0
    assert r.total.values["insp.batches"] == 4


def test_engine_and_filtered_paths_agree_without_a_real_filter(ledger):
    """Keywords every category matches (and every case's party inspected once, long before) filter
    nothing: both computations must then agree."""
    from qualitybrand.supervision.models import Case

    for k in Case.objects.select_related("party"):
        f.inspection(k.region, entity=k.party, category="化肥", sampled=dt.date(2010, 1, 1))
    plain = f.campaign()
    every = f.campaign(categories="电线电缆、化肥")
    a = res.results(plain, list(plain.counties.all()), whole=True)
    b = res.results(every, list(every.counties.all()), whole=True)
    for code in res.CODES:
        for ra, rb in zip(a.rows, b.rows, strict=True):
            va, vb = ra.values.get(code), rb.values.get(code)
            assert (va is None and vb is None) or pytest.approx(float(va or 0)) == float(vb or 0), code


@pytest.mark.parametrize("categories", ["", "电线电缆"])
@pytest.mark.parametrize("code", res.CODES)
def test_drilldown_records_match_the_figure(ledger, code, categories):
    c = f.campaign(categories=categories)
    r = res.results(c, list(c.counties.all()), whole=True)
    for row in r.rows:
        recs = list(res.records(c, code, [row.region]))
        value = row.values.get(code)
        if code == "insp.failed_entities":
            assert len({i.entity_id for i in recs}) == value
        elif code == "insp.pass_rate":
            passed = sum(1 for i in recs if i.conclusion == "合格")
            assert value is None if not recs else value == pytest.approx(passed * 100 / len(recs))
        elif code == "case.goods_value":
            assert sum((k.goods_value or 0 for k in recs), Decimal(0)) == Decimal(str(value))
        elif code == "case.fines":
            assert sum((k.fines or 0 for k in recs), Decimal(0)) == Decimal(str(value))
        else:
            assert len(recs) == value


def test_township_rolls_up_to_its_county(ledger):
    c = f.campaign(counties=["620502"])
    recs = res.records(c, "insp.batches", [Region.objects.get(code="620502")])
    assert any(i.region.code == "620502001" for i in recs)


def test_partial_reader_gets_no_total(ledger):
    c = f.campaign()
    r = res.results(c, [Region.objects.get(code="620502")], whole=False)
    assert r.total is None and [row.region.code for row in r.rows] == ["620502"]
    assert r.as_json()["total"] is None


def test_reported_figures_summed(ledger, city_user):
    from qualitybrand.campaigns import services

    c = f.campaign()
    services.save_report(city_user, c, "620502", {"officers": "100", "entities_checked": "30", "dens_destroyed": "1"})
    services.save_report(city_user, c, "620503", {"officers": "50", "entities_checked": "20", "dens_destroyed": "0"})
    r = res.results(c, list(c.counties.all()), whole=True)
    assert (r.total.reported.officers, r.total.reported.entities_checked, r.total.reported.dens_destroyed) == (150, 50, 1)
    doc = r.as_json()
    assert doc["total"]["officers"] == 150 and doc["counties"][0]["insp.batches"] == 4


def test_format():
    assert res.fmt("insp.pass_rate", 92.345) == "92.3%"
    assert res.fmt("case.goods_value", Decimal("1234.5")) == "1,234.50 万元"
    assert res.fmt("insp.batches", 1234) == "1,234 批次"
    assert res.fmt("case.opened", None) == "—"
