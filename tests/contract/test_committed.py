"""The same comparisons with committed data (transaction=True): here the engine's cache and, on
PostgreSQL, its parallel family queries are live, as they are for the outside testers' real runs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from tests.contract.citygen import generate
from tests.contract.conftest import import_city, run
from tests.contract.oracle import Oracle
from tests.contract.test_import_and_indicators import compare, indicators_cmd, summarise


@pytest.mark.django_db(transaction=True)
def test_cached_and_parallel_figures_follow_every_write(tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    city = generate(91)
    paths, results = import_city(city, tmp_path)
    assert all(r[0] == 0 for r in results.values()), {k: v[1].get("errors") for k, v in results.items()}
    oracle = Oracle(city)
    year = (dt.date(2013, 1, 1), dt.date(2013, 12, 31))
    problems = compare(oracle.compute(*year), indicators_cmd("2013", None)["values"])
    # the same call again (served from the cache) is identical
    problems += compare(oracle.compute(*year), indicators_cmd("2013", None)["values"])
    assert not problems, summarise(problems)

    # a write: an entity moves; every figure follows at once
    mover = max(city.rows["entities"], key=lambda e: sum(
        1 for t in city.rows["trademarks"] if t["注册人统一社会信用代码"] == e["统一社会信用代码"]))
    target = next(c for c in city.counties if c != mover["_region"])
    path = tmp_path / "move.csv"
    path.write_text("统一社会信用代码,名称,主体类型,区划代码\n"
                    f"{mover['统一社会信用代码']},{mover['名称']},{mover['主体类型']},{target}\n", encoding="utf-8")
    assert run("import_ledger", "entities", str(path), "--json")[0] == 0
    mover["_region"] = target
    problems = compare(Oracle(city).compute(*year), indicators_cmd("2013", None)["values"])
    assert not problems, summarise(problems)

    # a new office indicator appears in the whole catalog at once
    doc = {"kind": "indicator", "code": "custom.qa_formula", "name": "公式", "unit": "件", "type": "formula",
           "formula": "tm.valid * 2"}
    ypath = tmp_path / "ind.yaml"
    ypath.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert run("load_scheme", str(ypath))[0] == 0
    values = {(v["code"], v["region"]): v["value"] for v in indicators_cmd("2013", None)["values"]}
    assert values[("custom.qa_formula", city.city)] == 2 * values[("tm.valid", city.city)]

    # a county's value counts once a city reviewer approves it
    from qualitybrand.accounts.models import User
    from qualitybrand.indicators.models import IndicatorValue
    from qualitybrand.indicators.services import review_indicator_value
    from qualitybrand.ledgers.engine import import_rows

    assert run("create_user", "qa_c", "--role", "county", "--region", city.counties[0], "--password",
               "Qa-Passw0rd-2026!")[0] == 0
    assert run("create_user", "qa_a", "--role", "city_admin", "--region", city.city, "--password",
               "Qa-Passw0rd-2026!")[0] == 0
    res = import_rows("indicator_values", [{"指标代码": "svc.satisfaction", "区划代码": city.counties[0], "年度": 2013,
                                             "数值": 81.5}], user=User.objects.get(username="qa_c"))
    assert res.as_json()["created"] == 1, res.as_json()
    one = ["--region", city.counties[0], "--codes", "svc.satisfaction"]
    assert indicators_cmd("2013", None, *one)["values"][0]["value"] is None
    value = IndicatorValue.objects.get(code="svc.satisfaction")
    review_indicator_value(User.objects.get(username="qa_a"), value, approve=True)
    assert indicators_cmd("2013", None, *one)["values"][0]["value"] == 81.5
    code, out, err = run("indicators", "--year", "2013", "--json")
    assert json.loads(out)["values"]
