"""insp.followup.closed_rate and insp.followup.recheck_pass_rate against a hand computation."""

import datetime as dt

import pytest

from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from qualitybrand.supervision import services_followup as svc
from tests.supervision.factories import batch, pdf

pytestmark = pytest.mark.django_db


def _through(i, *, notice, report=None, recheck=None, result="合格"):
    svc.issue_notice(None, i, today=notice)
    if report:
        svc.submit_report(None, i, pdf(), today=report)
    if recheck:
        svc.record_recheck(None, i, result, on=recheck, items="标志" if result == "不合格" else "", today=recheck)


def test_rates_by_hand(regions):
    qz, mj = regions["620502"], regions["620503"]
    # 秦州区: 4 failed batches sampled in 2013 (+ one passed, one failed in 2012)
    a, b, c, d = (batch(qz, sampled=dt.date(2013, m, 10)) for m in (2, 4, 6, 11))
    batch(qz, sampled=dt.date(2013, 3, 1), conclusion="合格")
    old = batch(qz, sampled=dt.date(2012, 11, 1))
    _through(a, notice=dt.date(2013, 3, 1), report=dt.date(2013, 3, 20), recheck=dt.date(2013, 4, 2))  # closed 2013
    _through(b, notice=dt.date(2013, 5, 1), report=dt.date(2013, 11, 1), recheck=dt.date(2014, 1, 8))  # closed 2014
    _through(c, notice=dt.date(2013, 7, 1), report=dt.date(2013, 8, 1), recheck=dt.date(2013, 8, 20),
             result="不合格")                                                                        # open at 2013 end
    svc.open_case(None, c, number="案-1", today=dt.date(2013, 9, 1))                                  # closed 2013
    _through(old, notice=dt.date(2012, 12, 1), report=dt.date(2013, 1, 5), recheck=dt.date(2013, 1, 20))
    # 麦积区: 1 failed batch, never followed up
    batch(mj, sampled=dt.date(2013, 5, 5))
    del d
    values = compute(["insp.followup.closed_rate", "insp.followup.recheck_pass_rate"], Period.year(2013))
    # closed on 2013-12-31 among 2013's failed batches: 秦州 a, c of a, b, c, d → 2/4; 麦积 0/1; city 2/5
    assert values[("insp.followup.closed_rate", "620502")] == 50.0
    assert values[("insp.followup.closed_rate", "620503")] == 0.0
    assert values[("insp.followup.closed_rate", "620500")] == 40.0
    assert values[("insp.followup.closed_rate", "620521")] is None  # no failed batch: no rate
    # rechecks dated in 2013: a 合格, c 不合格, old 合格 (its batch is from 2012: the recheck counts) → 2/3
    assert values[("insp.followup.recheck_pass_rate", "620502")] == pytest.approx(200 / 3)
    assert values[("insp.followup.recheck_pass_rate", "620500")] == pytest.approx(200 / 3)
    assert values[("insp.followup.recheck_pass_rate", "620503")] is None
    # a year later: b's recheck (2014-01-08) is the only one in 2014; 2014 has no failed batches
    later = compute(["insp.followup.closed_rate", "insp.followup.recheck_pass_rate"], Period.year(2014))
    assert later[("insp.followup.recheck_pass_rate", "620502")] == 100.0
    assert later[("insp.followup.closed_rate", "620502")] is None
    # as of mid-2013 (D = 2013-06-30): of the batches sampled by then (a, b, c) only a is closed
    mid = compute(["insp.followup.closed_rate"], Period.as_of(dt.date(2013, 6, 30)))
    assert mid[("insp.followup.closed_rate", "620502")] == pytest.approx(100 / 3)


def test_one_statement_for_several_periods(regions):
    from qualitybrand.indicators import batch as ind_batch
    from qualitybrand.indicators.engine import FAMILIES, Tree

    i = batch(regions["620502"], sampled=dt.date(2013, 2, 10))
    _through(i, notice=dt.date(2013, 3, 1), report=dt.date(2013, 3, 20), recheck=dt.date(2014, 4, 2))
    batch(regions["620503"], sampled=dt.date(2014, 5, 5))
    tree = Tree([regions["620500"]])
    periods = [Period.year(2014), Period.as_of(dt.date(2013, 7, 10)), Period.year(2013)]
    together = ind_batch.batched("followup", periods, tree)
    assert together == [FAMILIES["followup"](p, tree) for p in periods]
    assert together[0]["insp.followup.rechecked"] == {regions["620502"].pk: 1}
