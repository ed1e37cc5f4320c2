"""The complaints ledger of an imported random city against the oracle: the `complaint.overdue` warning
(warnings.md, supervision.md § Complaints) on several days, and no `insp.followup_overdue` for an
imported city (an import records no follow-up step and sets no notice deadline)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.contract.conftest import run
from tests.contract.oracle import Oracle

D = dt.date


def warnings_cmd(rule: str, day: dt.date, *extra) -> list[dict]:
    code, out, err = run("warnings", "--rules", rule, "--as-of", day.isoformat(), "--json", *extra)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == day.isoformat()
    return doc["warnings"]


def days_to_check(city) -> list[dt.date]:
    """Fixed days (holidays, year ends, period boundaries) and, per city, days just past some deadlines."""
    fixed = [D(2011, 10, 8), D(2012, 2, 1), D(2012, 6, 30), D(2013, 2, 20), D(2013, 10, 14), D(2014, 2, 10),
             D(2014, 12, 31), D(2015, 3, 1)]
    rows = sorted(city.rows["complaints"], key=lambda x: x["登记编号"])
    return fixed + [x["登记日期"] + dt.timedelta(days=n) for x, n in zip(rows[::9], (10, 12, 22, 30, 70, 90, 25, 15),
                                                                      strict=False)]


@pytest.mark.parametrize("seed", [11, 58])
def test_complaint_overdue_matches_the_oracle(city_factory, seed):
    city, paths, results = city_factory(seed)
    code, doc, err = results["complaints"]
    assert code == 0 and doc["created"] == len(city.rows["complaints"]), (doc.get("errors", [])[:3], err)
    oracle = Oracle(city)
    seen = 0
    for day in days_to_check(city):
        got = [(w["key"], w["due"], w["level"], w["region"]) for w in warnings_cmd("complaint.overdue", day)]
        want = oracle.complaints_overdue(day)
        assert got == want, (day, sorted(set(got) ^ set(want)))
        assert all(w["rule"] == "complaint.overdue" for w in warnings_cmd("complaint.overdue", day))
        seen += len(want)
    assert seen, "the random city never had an overdue complaint on the days checked"


def test_complaint_overdue_by_region_and_through_the_engine(city_factory):
    from qualitybrand.alerts.engine import compute
    from qualitybrand.core.models import Region

    city, paths, results = city_factory(23)
    oracle = Oracle(city)
    county = city.counties[1]  # its townships below it
    below = {county} | {c for c, p in city.parent.items() if p == county}
    for day in (D(2012, 10, 15), D(2013, 12, 31), D(2014, 6, 30)):
        want = oracle.complaints_overdue(day)
        alerts = compute(day, rules=["complaint.overdue"])
        assert [(a.key, a.due.isoformat(), a.level, a.region_code) for a in alerts] == want
        mine = compute(day, region=Region.objects.get(code=county), rules=["complaint.overdue"])
        assert [(a.key, a.due.isoformat(), a.level, a.region_code) for a in mine] == [w for w in want
                                                                                       if w[3] in below]
        by_cmd = warnings_cmd("complaint.overdue", day, "--region", county)
        assert [(w["key"], w["due"]) for w in by_cmd] == [(w[0], w[1]) for w in want if w[3] in below]


def test_imported_city_has_no_followup_overdue(city_factory):
    city, paths, results = city_factory(37)
    failed = [x for x in city.rows["inspections"] if x["结论"] == "不合格"]
    assert failed
    for day in (D(2012, 12, 31), D(2014, 6, 30), D(2015, 12, 31)):
        assert warnings_cmd("insp.followup_overdue", day) == []
