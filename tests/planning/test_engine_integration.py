"""With the real indicator engine (skipped only while it cannot be imported)."""

import datetime as dt
import json

import pytest

pytest.importorskip("qualitybrand.indicators.engine")

from tests.factories import EntityFactory, TrademarkFactory  # noqa: E402
from tests.planning.test_commands import run  # noqa: E402

TARGETS = """
kind: targets
code: t-int
name: 集成测试目标
year: 2014
region: "620500"
items:
  - indicator: tm.applications
    target: 10
    allocations: {"620502": 4, "620503": 6}
---
kind: scheme
code: s-int
name: 集成测试考核
year: 2014
region: "620500"
assessed: ["620502", "620503"]
targets: t-int
grades: [{grade: A, min: 10}, {grade: B, min: 0}]
items:
  - {code: A1, name: 商标申请, points: 10, rule: ratio_to_target, indicator: tm.applications}
  - {code: A2, name: 有效商标, points: 5, rule: rank, indicator: tm.valid}
"""


def test_targets_and_assess_with_the_real_engine(regions, write_yaml):
    a = EntityFactory(region=regions["620502"])
    b = EntityFactory(region=regions["620503"])
    for day in (dt.date(2014, 2, 1), dt.date(2014, 5, 1), dt.date(2014, 8, 1)):
        TrademarkFactory(holder=a, applied=day, registered=None, expires=None)
    TrademarkFactory(holder=b, applied=dt.date(2014, 3, 3), registered=None, expires=None)
    assert run("load_scheme", write_yaml(TARGETS))[0] == 0
    code, out, err = run("targets", "t-int", "--as-of", "2014-06-30", "--json")
    assert code == 0, err
    rows = {(r["region"], r["indicator"]): r for r in json.loads(out)["rows"]}
    assert rows[("620502", "tm.applications")]["actual"] == 2
    assert rows[("620502", "tm.applications")]["status"] == "正常"  # 0.5 ≥ 181/365
    assert rows[("620503", "tm.applications")]["actual"] == 1
    assert rows[("620503", "tm.applications")]["status"] == "滞后"
    assert rows[("620500", "tm.applications")]["actual"] == 3
    code, out, err = run("assess", "s-int", "--json")
    assert code == 0, err
    res = {r["region"]: r for r in json.loads(out)["results"]}
    assert res["620502"]["items"]["A1"] == 7.5  # 3 / 4 × 10
    assert res["620503"]["items"]["A1"] == 1.67  # 1 / 6 × 10
    assert res["620502"]["rank"] == 1
