"""The office's own indicators (indicators.md): formula and reported custom.* codes loaded by load_scheme,
compared with the oracle's own formula evaluator and sum aggregation."""

from __future__ import annotations

import datetime as dt
import json
import random

import yaml

from tests.contract.conftest import run
from tests.contract.oracle import Oracle, evaluate
from tests.contract.test_import_and_indicators import compare, indicators_cmd, summarise

FORMULAS = {
    "custom.per100": "tm.valid / entity.count * 100",
    "custom.std_nat_ind": "std.published.national + std.published.industry",
    "custom.zero_div": "(insp.passed + 1) / (case.opened - case.opened)",
    "custom.mixed": "(custom.rep_sum * 2 - pop.resident) / 4 + tm.valid",
    "custom.nested": "custom.std_nat_ind * 3 - 1.5 + -entity.new",
    "custom.fines_per_case": "case.fines / case.closed",
}


def test_formula_and_custom_reported_indicators(city_factory, tmp_path):
    city, paths, results = city_factory(29)
    rnd = random.Random(29)
    docs = [{"kind": "indicator", "code": "custom.rep_sum", "name": "自报合计", "unit": "项", "type": "reported",
             "owner": "科技", "aggregation": "sum", "range": [0, 1000]},
            {"kind": "indicator", "code": "custom.rep_none", "name": "自报比例", "unit": "%", "type": "reported",
             "owner": "科技", "aggregation": "none", "range": [0, 100]}]
    docs += [{"kind": "indicator", "code": code, "name": f"公式{n}", "unit": "项", "type": "formula",
              "formula": formula} for n, (code, formula) in enumerate(FORMULAS.items())]
    path = tmp_path / "ind.yaml"
    path.write_text(yaml.safe_dump_all(docs, allow_unicode=True), encoding="utf-8")
    code, out, err = run("load_scheme", str(path))
    assert code == 0, err
    # values for the custom reported indicators: every leaf in 2013, all but one leaf in 2014
    leaves = city.counties + [city.zone]
    lines = ["指标代码,区划代码,年度,数值"]
    extra = []
    for year in (2013, 2014):
        for leaf in leaves[: len(leaves) - (year - 2013)]:
            value = rnd.randint(0, 50)
            lines.append(f"custom.rep_sum,{leaf},{year},{value}")
            extra.append({"指标代码": "custom.rep_sum", "区划代码": leaf, "年度": year, "数值": value})
        lines.append(f"CUSTOM.REP_NONE,{leaves[0]},{year},{year - 1950}.5")
        extra.append({"指标代码": "custom.rep_none", "区划代码": leaves[0], "年度": year, "数值": year - 1950.5 + 1})
    csv_path = tmp_path / "custom_values.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("import_ledger", "indicator_values", str(csv_path), "--json")
    assert code == 0, out
    oracle = Oracle(city)
    city.rows["indicator_values"] += extra
    problems = []
    for year in ("2013", "2014"):
        start, end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
        base = oracle.compute(start, end)
        custom = {}
        for r in city.region_codes():
            custom[("custom.rep_sum", r)] = oracle.reported("custom.rep_sum", int(year), "sum")[r]
            custom[("custom.rep_none", r)] = oracle.reported("custom.rep_none", int(year), "none")[r]
        values = {**base, **custom}

        def lookup(code, r, values=values):
            if code in FORMULAS:
                return evaluate(FORMULAS[code], lambda name, r=r, values=values: lookup(name, r, values))
            return values[(code, r)]

        for code in FORMULAS:
            for r in city.region_codes():
                v = lookup(code, r)
                custom[(code, r)] = None if v is None else float(v)
        custom = {k: (float(v) if v is not None else None) for k, v in custom.items()}
        doc = indicators_cmd(year, None, "--codes", ",".join(["custom.rep_sum", "custom.rep_none", *FORMULAS]))
        problems += compare(custom, doc["values"])
        # the formula equal to a catalog ratio is equal everywhere
        per100 = {(c, r): v for (c, r), v in base.items() if c == "tm.per100"}
        problems += compare({("custom.per100", r): v for (c, r), v in per100.items()},
                            [v for v in doc["values"] if v["code"] == "custom.per100"])
    assert not problems, summarise(problems)


def test_formula_cycles_are_refused(db, tmp_path):
    for docs in (
        [{"kind": "indicator", "code": "custom.loop", "name": "自引用", "unit": "项", "type": "formula",
          "formula": "custom.loop + 1"}],
        [{"kind": "indicator", "code": "custom.a", "name": "甲", "unit": "项", "type": "formula",
          "formula": "custom.b * 2"},
         {"kind": "indicator", "code": "custom.b", "name": "乙", "unit": "项", "type": "formula",
          "formula": "custom.a + tm.valid"}],
    ):
        path = tmp_path / "loop.yaml"
        path.write_text(yaml.safe_dump_all(docs, allow_unicode=True), encoding="utf-8")
        code, out, err = run("load_scheme", str(path))
        assert code == 1, (docs, out, err)
        assert "Traceback" not in err
    code, out, err = run("indicators", "--year", "2013", "--codes", "custom.loop", "--json")
    assert code == 2  # not loaded: an unknown code


def test_indicators_command_usage_errors(db):
    assert run("indicators", "--json")[0] == 2
    assert run("indicators", "--year", "2013", "--as-of", "2014-01-01", "--json")[0] == 2
    assert run("indicators", "--as-of", "2013-02-30", "--json")[0] == 2
    assert run("indicators", "--year", "2013", "--codes", "no.such", "--json")[0] == 2
    assert run("indicators", "--year", "2013", "--region", "999999", "--json")[0] == 2


def test_indicators_on_a_fresh_database(db):
    """A fresh database (after migrate) holds reference data only: the command answers with no values."""
    code, out, err = run("indicators", "--year", "2013", "--as-of", "2013-03-01", "--json")
    assert code == 0 and json.loads(out) == {"period": {"start": "2013-01-01", "end": "2013-03-01"},
                                             "values": []}
