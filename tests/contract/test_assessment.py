"""Random target sets and schemes as YAML → load_scheme, targets --json, assess --json, compared with an
independent implementation of /work/shared/spec/assessment.md over the oracle's indicator values."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
import yaml

from tests.contract.conftest import run
from tests.contract.oracle import Oracle, kind

RATIO_CODES = {"tm.per100", "tm.per10k", "tm.owner_rate", "patent.invention_share", "patent.service_share",
               "patent.invention_per10k_pop", "insp.pass_rate", "insp.national.pass_rate"}
FLOW_COUNTS = ["tm.applications", "tm.registrations", "patent.applications", "insp.batches", "case.closed",
               "case.fines", "pledge.amount", "service.person_times", "publicity.count", "incident.count"]
STOCKS = ["tm.valid", "entity.count", "cert.valid", "pledge.outstanding", "patent.invention_valid"]
RATIOS = ["insp.pass_rate", "tm.per100", "patent.invention_share", "tm.owner_rate"]
Q2 = Decimal("0.01")


def D(v) -> Decimal:
    return Decimal(str(v))


# ---------------------------------------------------------------- independent targets
def expected_progress(doc, values, day):
    rows = {}
    days = 366 if calendar.isleap(day.year) else 365
    time_ratio = D(day.timetuple().tm_yday) / D(days)
    for item in doc["items"]:
        code = item["indicator"]
        pairs = [(doc["region"], item["target"])] + list(item.get("allocations", {}).items())
        for region, target in pairs:
            actual = values.get((code, region))
            actual = 0 if actual is None else actual
            ratio = D(actual) / D(target)
            if item.get("lower_is_better"):
                status = "滞后" if D(actual) > D(target) else ("已完成" if (day.month, day.day) == (12, 31) else "正常")
            elif kind(code) == "flow" and code not in RATIO_CODES:
                status = "已完成" if ratio >= 1 else ("正常" if ratio >= time_ratio else "滞后")
            else:
                status = "已完成" if ratio >= 1 else "滞后"
            rows[(region, code)] = (target, actual, float(ratio), status)
    return rows


# ---------------------------------------------------------------- independent scoring
def r2(x: Decimal) -> Decimal:
    return x.quantize(Q2, rounding=ROUND_HALF_UP)


def ranks(values: dict[str, object], reverse: bool) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4); None last."""
    known = [v for v in values.values() if v is not None]
    out = {}
    for r, v in values.items():
        if v is None:
            out[r] = len(known) + 1
        else:
            out[r] = 1 + sum(1 for w in known if (w > v if reverse else w < v))
    return out


def expected_assessment(scheme, regions, values, targets, manual):
    n = len(regions)
    items = {r: {} for r in regions}
    missing = {r: [] for r in regions}
    for item in scheme["items"]:
        rule, code, ind = item["rule"], item["code"], item.get("indicator")
        pts = D(item.get("points", 0))
        if rule == "rank":
            rk = ranks({r: values.get((ind, r)) for r in regions}, item.get("order", "desc") == "desc")
        for r in regions:
            v = values.get((ind, r)) if ind else None
            if rule == "ratio_to_target":
                s = Decimal(0) if v is None else pts * min(D(v) / D(targets[(ind, r)]), Decimal(1))
            elif rule == "linear":
                if v is None:
                    s = Decimal(0)
                else:
                    f = (D(v) - D(item["zero_at"])) / (D(item["full_at"]) - D(item["zero_at"]))
                    s = pts * min(max(f, Decimal(0)), Decimal(1))
            elif rule == "rank":
                if v is None:
                    s = Decimal(0)
                elif n == 1:
                    s = pts
                else:
                    s = pts * D(n - rk[r]) / D(n - 1)
            elif rule == "manual":
                got = manual.get(r, {}).get(code)
                if got is None:
                    missing[r].append(code)
                s = D(got or 0)
            elif rule == "deduction":
                s = Decimal(0) if v is None else -min(D(item["per_unit"]) * D(v), D(item["cap"]))
            else:
                s = Decimal(0) if v is None else min(D(item["per_unit"]) * D(v), D(item["cap"]))
            items[r][code] = r2(s)
    grades = scheme["grades"]
    order = [g["grade"] for g in grades]
    out = {}
    for r in regions:
        total = max(Decimal(0), sum(items[r].values(), Decimal(0)))
        grade = next((g["grade"] for g in grades if D(g["min"]) <= total), None)
        vetoed = []
        for v in scheme.get("vetoes", []):
            x = values.get((v["indicator"], r))
            if x is not None and D(x) > D(v["above"]):
                vetoed.append(v["code"])
                if grade is None or order.index(v["grade"]) > order.index(grade):
                    grade = v["grade"]
        out[r] = {"total": total, "grade": grade, "vetoed": vetoed, "items": items[r], "missing": missing[r]}
    keyed = {r: (1 if out[r]["vetoed"] else 0, -out[r]["total"]) for r in regions}
    for r in regions:
        out[r]["rank"] = 1 + sum(1 for q in regions if keyed[q] < keyed[r])
    return out


# ---------------------------------------------------------------- random documents
def random_documents(rnd: random.Random, city, oracle_values, year, tag):
    children = list(city.counties) + [city.zone]
    form = rnd.choice(["children", "list", "with_city"])
    assessed = {"children": children, "list": rnd.sample(children, 3),
                "with_city": [city.city] + rnd.sample(children, 2)}[form]
    pick = rnd.sample(FLOW_COUNTS, 3) + rnd.sample(STOCKS, 1) + rnd.sample(RATIOS, 1)
    items = []
    for i, code in enumerate(pick):
        target = rnd.choice([rnd.randint(1, 40), round(rnd.uniform(0.5, 90), 1)])
        alloc_regions = [r for r in (assessed if i == 0 else rnd.sample(children, rnd.randint(0, len(children))))
                         if r != city.city]
        item = {"indicator": code, "target": target,
                "allocations": {r: rnd.choice([rnd.randint(1, 12), round(rnd.uniform(0.5, 9), 2)])
                                for r in alloc_regions}}
        if not item["allocations"]:
            del item["allocations"]
        if i == 3 and rnd.random() < 0.5:
            item["lower_is_better"] = True
        items.append(item)
    targets = {"kind": "targets", "code": f"t-{tag}", "name": f"目标{tag}", "year": year, "region": city.city,
               "items": items}
    lin = rnd.choice(RATIOS)
    scheme = {
        "kind": "scheme", "code": f"s-{tag}", "name": f"考核{tag}", "year": year, "region": city.city,
        "assessed": "children" if form == "children" else assessed, "targets": f"t-{tag}",
        "grades": [{"grade": "A", "min": 90}, {"grade": "B", "min": rnd.choice([70, 75.5])},
                   {"grade": "C", "min": 40}, {"grade": "D", "min": 0}],
        "items": [
            {"code": "A1", "name": "目标完成", "points": rnd.choice([10, 12.5]), "rule": "ratio_to_target",
             "indicator": pick[0]},
            {"code": "A2", "name": "线性", "points": 10, "rule": "linear", "indicator": lin,
             **rnd.choice([{"zero_at": 50, "full_at": 100}, {"zero_at": 3, "full_at": 0.5},
                           {"zero_at": 0, "full_at": 7}])},
            {"code": "A3", "name": "排名降序", "points": 7, "rule": "rank", "indicator": pick[1], "order": "desc"},
            {"code": "A4", "name": "排名升序", "points": 6, "rule": "rank", "indicator": rnd.choice(RATIOS),
             "order": "asc"},
            {"code": "A5", "name": "机制建设", "points": 15, "rule": "manual", "evidence": "required"},
            {"code": "A6", "name": "人工二", "points": 5, "rule": "manual"},
            {"code": "D1", "name": "事故扣分", "rule": "deduction", "indicator": "incident.count",
             "per_unit": rnd.choice([1.5, 2, 3.333]), "cap": rnd.choice([4, 10])},
            {"code": "B1", "name": "加分", "rule": "bonus", "indicator": rnd.choice(["std.published", "cert.valid"]),
             "per_unit": 0.75, "cap": 3},
        ],
        "vetoes": [{"code": "V1", "name": "重大事故", "indicator": "incident.serious", "above": 0, "grade": "C"},
                   {"code": "V2", "name": "案件", "indicator": "case.transferred", "above": 1, "grade": "D"}],
    }
    manual = {}
    for r in assessed:
        scores = {}
        if rnd.random() < 0.8:
            scores["A5"] = rnd.choice([15, 12.5, 0, 7.25])
        if rnd.random() < 0.5:
            scores["A6"] = rnd.choice([5, 2.5])
        if scores:
            manual[r] = scores
    return targets, scheme, manual, assessed


@pytest.mark.parametrize("seed", [101, 202, 303, 404])
def test_targets_and_assessment_match_independent_scoring(city_factory, tmp_path, seed):
    city, paths, results = city_factory(seed)
    assert all(r[0] == 0 for r in results.values())
    oracle = Oracle(city)
    rnd = random.Random(seed)
    for n, (year, as_of) in enumerate([(2013, None), (2014, "2014-05-20")]):
        tag = f"{seed}-{n}"
        start, end = dt.date(year, 1, 1), dt.date.fromisoformat(as_of) if as_of else dt.date(year, 12, 31)
        values = oracle.compute(start, end)
        targets, scheme, manual, assessed = random_documents(rnd, city, values, year, tag)
        path = tmp_path / f"{tag}.yaml"
        path.write_text(yaml.safe_dump_all([targets, scheme], allow_unicode=True), encoding="utf-8")
        code, out, err = run("load_scheme", str(path))
        assert code == 0, err
        assert run("load_scheme", str(path))[0] == 0  # idempotent

        day = end
        code, out, err = run("targets", targets["code"], "--as-of", day.isoformat(), "--json")
        assert code == 0, err
        doc = json.loads(out)
        assert doc["code"] == targets["code"] and doc["as_of"] == day.isoformat()
        want = expected_progress(targets, values, day)
        got = {(r["region"], r["indicator"]): r for r in doc["rows"]}
        assert set(got) == set(want)
        bad = []
        for key, (target, actual, ratio, status) in want.items():
            g = got[key]
            if (abs(g["target"] - target) > 1e-9 or abs(g["actual"] - actual) > 1e-6
                    or abs(g["ratio"] - ratio) > 1e-9 or g["status"] != status):
                bad.append((key, g, (target, actual, ratio, status)))
        assert not bad, bad[:5]

        manual_path = tmp_path / f"{tag}-manual.yaml"
        manual_path.write_text(yaml.safe_dump(manual, allow_unicode=True), encoding="utf-8")
        args = ["assess", scheme["code"], "--manual", str(manual_path), "--json"]
        if as_of:
            args += ["--as-of", as_of]
        code, out, err = run(*args)
        assert code == 0, err
        doc = json.loads(out)
        assert doc["scheme"] == scheme["code"]
        tmap = {}
        for item in targets["items"]:
            tmap[(item["indicator"], city.city)] = item["target"]
            for r, t in item.get("allocations", {}).items():
                tmap[(item["indicator"], r)] = t
        want = expected_assessment(scheme, assessed, values, tmap, manual)
        got = {r["region"]: r for r in doc["results"]}
        assert set(got) == set(assessed)
        bad = []
        for r, w in want.items():
            g = got[r]
            if (D(g["total"]) != w["total"] or g["grade"] != w["grade"] or g["rank"] != w["rank"]
                    or sorted(g["vetoed"]) != sorted(w["vetoed"])
                    or {k: D(v) for k, v in g["items"].items()} != w["items"]
                    or sorted(g.get("missing", [])) != sorted(w["missing"])):
                bad.append((r, g, w))
        assert not bad, bad[:3]
        # results come ordered by rank
        assert [r["rank"] for r in doc["results"]] == sorted(r["rank"] for r in doc["results"])


def test_assessment_usage_errors(city_factory, tmp_path):
    city, paths, results = city_factory(9)
    doc = {"kind": "targets", "code": "bad", "name": "坏", "year": 2013, "region": city.city,
           "items": [{"indicator": "tm.valid", "target": 0}]}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert run("load_scheme", str(path))[0] == 1  # a target of 0 is refused
    doc["items"][0]["target"] = 5
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert run("load_scheme", str(path))[0] == 0
    assert run("targets", "bad", "--as-of", "2014-01-01", "--json")[0] == 2  # outside the set's year
    scheme = {"kind": "scheme", "code": "s-missing", "name": "缺目标", "year": 2013, "region": city.city,
              "assessed": "children", "targets": "bad",
              "grades": [{"grade": "A", "min": 0}],
              "items": [{"code": "A1", "name": "x", "points": 10, "rule": "ratio_to_target",
                         "indicator": "tm.valid"}]}
    path.write_text(yaml.safe_dump(scheme, allow_unicode=True), encoding="utf-8")
    code, out, err = run("load_scheme", str(path))
    if code == 0:  # a missing target is an error of the scheme, reported before scoring
        assert run("assess", "s-missing", "--json")[0] == 1
    else:
        assert code == 1


def _run_scheme(tmp_path, scheme, manual, targets=None):
    path = tmp_path / f"{scheme['code']}.yaml"
    path.write_text(yaml.safe_dump_all([d for d in (targets, scheme) if d], allow_unicode=True), encoding="utf-8")
    code, out, err = run("load_scheme", str(path))
    assert code == 0, err
    mpath = tmp_path / f"{scheme['code']}-manual.yaml"
    mpath.write_text(yaml.safe_dump(manual, allow_unicode=True), encoding="utf-8")
    code, out, err = run("assess", scheme["code"], "--manual", str(mpath), "--json")
    assert code == 0, err
    return {r["region"]: r for r in json.loads(out)["results"]}


def _check(got, want):
    bad = []
    for r, w in want.items():
        g = got[r]
        if (D(g["total"]) != w["total"] or g["grade"] != w["grade"] or g["rank"] != w["rank"]
                or sorted(g["vetoed"]) != sorted(w["vetoed"])
                or {k: D(v) for k, v in g["items"].items()} != w["items"]):
            bad.append((r, g, w))
    assert not bad, bad[:3]


def test_assessment_edge_cases(city_factory, tmp_path):
    """Ties, all-null ranks, half-up rounding away from zero, the floor at zero, several vetoes, n = 1."""
    city, paths, results = city_factory(303)
    oracle = Oracle(city)
    values = oracle.compute(dt.date(2013, 1, 1), dt.date(2013, 12, 31))
    assessed = list(city.counties) + [city.zone]
    tm_prog = city.programs[0]["项目代码"]
    scheme = {
        "kind": "scheme", "code": "edge", "name": "边界", "year": 2013, "region": city.city,
        "assessed": "children",
        "grades": [{"grade": "优秀", "min": 30}, {"grade": "良好", "min": 10}, {"grade": "一般", "min": 0}],
        "items": [
            {"code": "R1", "name": "全为空", "points": 5, "rule": "rank", "indicator": f"rec.share.{tm_prog}"},
            {"code": "R2", "name": "并列", "points": 9, "rule": "rank", "indicator": "incident.major",
             "order": "asc"},
            {"code": "R3", "name": "并列降序", "points": 4.5, "rule": "rank", "indicator": "tm.gi"},
            {"code": "L1", "name": "空值", "points": 10, "rule": "linear", "indicator": "env.air_good_days",
             "zero_at": 250, "full_at": 330},
            {"code": "B1", "name": "半数进位", "rule": "bonus", "indicator": "publicity.count", "per_unit": 0.005,
             "cap": 100},
            {"code": "D1", "name": "负数进位", "rule": "deduction", "indicator": "incident.count", "per_unit": 2.345,
             "cap": 1000},
            {"code": "D2", "name": "扣到零", "rule": "deduction", "indicator": "case.opened", "per_unit": 0.125,
             "cap": 0.375},
            {"code": "M1", "name": "人工", "points": 20, "rule": "manual"},
        ],
        "vetoes": [{"code": "V1", "name": "一", "indicator": "incident.count", "above": 0, "grade": "良好"},
                   {"code": "V2", "name": "二", "indicator": "incident.serious", "above": 0, "grade": "一般"},
                   {"code": "V3", "name": "空", "indicator": f"rec.share.{tm_prog}", "above": -1, "grade": "一般"}],
    }
    manual = {r: {"M1": 20 if i % 2 else 0.005} for i, r in enumerate(assessed)}
    got = _run_scheme(tmp_path, scheme, manual)
    _check(got, expected_assessment(scheme, assessed, values, {}, manual))
    # n = 1: a rank item gives full points to a region with a value
    one = dict(scheme, code="edge-one", assessed=[city.counties[0]])
    manual = {city.counties[0]: manual[city.counties[0]]}
    got = _run_scheme(tmp_path, one, manual)
    _check(got, expected_assessment(one, [city.counties[0]], values, {}, manual))


def test_progress_default_date_and_lower_is_better(city_factory, tmp_path, settings):
    city, paths, results = city_factory(304)
    oracle = Oracle(city)
    targets = {"kind": "targets", "code": "tlb", "name": "低", "year": 2013, "region": city.city,
               "items": [{"indicator": "incident.count", "target": 3, "lower_is_better": True,
                          "allocations": {c: 1 for c in city.counties}},
                         {"indicator": "tm.applications", "target": 4}]}
    path = tmp_path / "tlb.yaml"
    path.write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")
    assert run("load_scheme", str(path))[0] == 0
    for today, expect_day in (("2013-07-10", dt.date(2013, 7, 10)), ("2015-01-05", dt.date(2013, 12, 31))):
        settings.QB_TODAY = dt.date.fromisoformat(today)
        code, out, err = run("targets", "tlb", "--json")
        assert code == 0, err
        doc = json.loads(out)
        assert doc["as_of"] == expect_day.isoformat()
        values = oracle.compute(dt.date(2013, 1, 1), expect_day)
        want = expected_progress(targets, values, expect_day)
        got = {(r["region"], r["indicator"]): r["status"] for r in doc["rows"]}
        assert got == {k: v[3] for k, v in want.items()}


def test_scheme_and_manual_file_checks(city_factory, tmp_path):
    city, paths, results = city_factory(305)
    base = {"kind": "scheme", "code": "chk", "name": "检查", "year": 2013, "region": city.city,
            "assessed": "children", "grades": [{"grade": "A", "min": 60}, {"grade": "B", "min": 0}],
            "items": [{"code": "M1", "name": "人工", "points": 10, "rule": "manual"},
                      {"code": "L1", "name": "线性", "points": 10, "rule": "linear", "indicator": "tm.valid",
                       "zero_at": 0, "full_at": 10}]}

    def load(doc):
        path = tmp_path / "chk.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        return run("load_scheme", str(path))

    assert load(dict(base, items=base["items"] + [{"code": "R1", "name": "比", "points": 5,
                                                    "rule": "ratio_to_target", "indicator": "tm.valid"}]))[0] == 1
    assert load(dict(base, vetoes=[{"code": "V1", "name": "否", "indicator": "incident.major", "above": 0,
                                    "grade": "Z"}]))[0] == 1
    assert load(dict(base, items=[dict(base["items"][1], indicator="no.such")]))[0] == 1
    assert load(dict(base, items=[dict(base["items"][0], rule="magic")]))[0] == 1
    assert load(base)[0] == 0
    manual = tmp_path / "m.yaml"
    manual.write_text(yaml.safe_dump({city.counties[0]: {"M1": 11}}), encoding="utf-8")
    code, out, err = run("assess", "chk", "--manual", str(manual), "--json")
    assert code == 1 and "M1" in err  # a reviewer's score lies in [0, points]
    manual.write_text(yaml.safe_dump({city.counties[0]: {"M1": -1}}), encoding="utf-8")
    assert run("assess", "chk", "--manual", str(manual), "--json")[0] == 1
    assert run("assess", "chk", "--as-of", "2014-01-01", "--json")[0] == 2
    assert run("assess", "nope", "--json")[0] == 2
    manual.write_text("{: bad", encoding="utf-8")
    assert run("assess", "chk", "--manual", str(manual), "--json")[0] == 2
    code, out, err = run("assess", "chk", "--json")
    assert code == 0
    doc = json.loads(out)
    assert all(r["missing"] == ["M1"] for r in doc["results"])


def test_load_scheme_is_idempotent_and_versions_changes(city_factory, tmp_path):
    from qualitybrand.planning.models import Scheme, TargetSet

    city, paths, results = city_factory(306)
    targets = {"kind": "targets", "code": "ver", "name": "版本", "year": 2013, "region": city.city,
               "items": [{"indicator": "tm.valid", "target": 5}]}
    scheme = {"kind": "scheme", "code": "ver-s", "name": "版本", "year": 2013, "region": city.city,
              "assessed": "children", "grades": [{"grade": "A", "min": 0}],
              "items": [{"code": "L1", "name": "线性", "points": 10, "rule": "linear", "indicator": "tm.valid",
                         "zero_at": 0, "full_at": 10}]}
    path = tmp_path / "ver.yaml"
    path.write_text(yaml.safe_dump_all([targets, scheme], allow_unicode=True), encoding="utf-8")
    assert run("load_scheme", str(path))[0] == 0
    assert run("load_scheme", str(path))[0] == 0
    assert TargetSet.objects.get(code="ver").version == 1 and Scheme.objects.get(code="ver-s").version == 1
    targets["items"][0]["target"] = 6
    path.write_text(yaml.safe_dump_all([targets, scheme], allow_unicode=True), encoding="utf-8")
    assert run("load_scheme", str(path))[0] == 0
    assert TargetSet.objects.get(code="ver").version == 2 and Scheme.objects.get(code="ver-s").version == 1
    # a file with one bad document loads nothing
    scheme["items"][0]["points"] = 20
    targets["items"][0]["target"] = -1
    path.write_text(yaml.safe_dump_all([targets, scheme], allow_unicode=True), encoding="utf-8")
    assert run("load_scheme", str(path))[0] == 1
    assert TargetSet.objects.get(code="ver").version == 2 and Scheme.objects.get(code="ver-s").version == 1
    path.write_text("kind: [unclosed", encoding="utf-8")
    assert run("load_scheme", str(path))[0] == 2
    assert run("load_scheme", str(tmp_path / "none.yaml"))[0] == 2
