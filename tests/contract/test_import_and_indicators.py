"""Import random cities through the real command line and compare every figure with the oracle."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.contract.citygen import ORDER, generate
from tests.contract.conftest import run
from tests.contract.oracle import Oracle, unit

ROOT = Path(__file__).resolve().parents[2]


def compare(expected: dict, values: list[dict]) -> list[str]:
    got = {(v["code"], v["region"]): v["value"] for v in values}
    problems = []
    for key, want in sorted(expected.items()):
        if key not in got:
            problems.append(f"{key}: missing (want {want})")
            continue
        have = got[key]
        if want is None or have is None:
            if want is not have:
                problems.append(f"{key}: want {want}, got {have}")
        elif isinstance(have, str) or abs(float(have) - float(want)) > 1e-6:
            problems.append(f"{key}: want {want!r}, got {have!r}")
    return problems


def summarise(problems: list[str]) -> str:
    codes: dict[str, int] = {}
    for p in problems:
        code = p.split("'")[1]
        codes[code] = codes.get(code, 0) + 1
    return f"{len(problems)} mismatches by code {codes}; first: {problems[:12]}"


PERIODS = [("2011", None), ("2012", None), ("2013", None), ("2014", None), (None, "2013-06-30"),
           (None, "2014-02-28"), (None, "2012-02-29"), (None, "2014-01-01")]


def period_bounds(year, as_of):
    if year:
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    d = dt.date.fromisoformat(as_of)
    return dt.date(d.year, 1, 1), d


def indicators_cmd(year, as_of, *extra):
    args = ["indicators", "--json", *extra]
    args += ["--year", year] if year else ["--as-of", as_of]
    code, out, err = run(*args)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("seed", [11, 23, 37, 58, 73])
def test_every_indicator_matches_the_oracle(city_factory, seed):
    city, paths, results = city_factory(seed)
    for ledger in ORDER:
        code, doc, err = results[ledger]
        assert code == 0, (ledger, doc.get("errors", [])[:3], err)
        assert doc["rows"] == len(city.rows[ledger]) and doc["created"] == len(city.rows[ledger]), (ledger, doc)
    oracle = Oracle(city)
    problems = []
    for year, as_of in PERIODS:
        start, end = period_bounds(year, as_of)
        doc = indicators_cmd(year, as_of)
        assert doc["period"] == {"start": start.isoformat(), "end": end.isoformat()}
        expected = oracle.compute(start, end)
        problems += [f"{year or as_of} {p}" for p in compare(expected, doc["values"])]
        extra = {v["code"] for v in doc["values"]} - {code for code, _ in expected}
        assert not extra, f"codes the contract does not define: {sorted(extra)}"
        regions = {v["region"] for v in doc["values"]}
        assert regions == set(city.region_codes())
        # one entry per (indicator, region); units as the catalog says
        assert len(doc["values"]) == len({(v["code"], v["region"]) for v in doc["values"]})
        bad_units = {(v["code"], v["unit"], unit(v["code"])) for v in doc["values"]
                     if unit(v["code"]) is not None and v["unit"] != unit(v["code"])}
        assert not bad_units, bad_units
        # counts are integers (JSON numbers without a fraction)
        assert not [v for v in doc["values"] if v["unit"] in ("件", "户", "张", "项", "起", "笔", "篇", "批次")
                    and v["value"] is not None and not isinstance(v["value"], int)
                    and v["code"] not in ("tm.per100", "tm.per10k", "patent.invention_per10k_pop")]
    assert not problems, summarise([p.split(" ", 1)[1] for p in problems])


def test_region_option_and_api_agree_with_the_oracle(city_factory, client):
    city, paths, results = city_factory(5)
    oracle = Oracle(city)
    expected = oracle.compute(dt.date(2013, 1, 1), dt.date(2013, 12, 31))
    county = city.counties[0]
    doc = indicators_cmd("2013", None, "--region", county, "--codes", "tm.valid,insp.pass_rate,case.fines")
    assert {v["region"] for v in doc["values"]} == {county}
    assert {v["code"] for v in doc["values"]} == {"tm.valid", "insp.pass_rate", "case.fines"}
    assert not compare({k: v for k, v in expected.items() if k[1] == county and k[0] in
                        ("tm.valid", "insp.pass_rate", "case.fines")}, doc["values"])
    # the API, with a token of a city administrator
    assert run("create_user", "cityqa", "--role", "city_admin", "--region", city.city,
               "--password", "Qa-Passw0rd-2026!")[0] == 0
    code, out, err = run("api_token", "cityqa")
    assert code == 0, err
    token = out.strip().split()[-1]
    response = client.get("/api/v1/indicators/", {"year": 2013}, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["period"] == {"start": "2013-01-01", "end": "2013-12-31"}
    problems = compare(expected, body["values"])
    assert not problems, summarise(problems)
    response = client.get("/api/v1/indicators/", {"year": 2013, "as_of": "2013-06-30", "region": city.city,
                                                   "code": ["tm.valid", "entity.count"]},
                          HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    half = oracle.compute(dt.date(2013, 1, 1), dt.date(2013, 6, 30))
    want = {k: v for k, v in half.items() if k[1] == city.city and k[0] in ("tm.valid", "entity.count")}
    values = response.json()["values"]
    assert len(values) == 2 and not compare(want, values)
    # anonymous refused
    assert client.get("/api/v1/indicators/", {"year": 2013}).status_code in (401, 403)


def test_reimport_unchanged_and_round_trip(city_factory, tmp_path):
    city, paths, results = city_factory(7)
    for ledger in ORDER:
        code, out, err = run("import_ledger", ledger, str(paths[ledger]), "--json")
        doc = json.loads(out)
        n = len(city.rows[ledger])
        assert code == 0 and (doc["created"], doc["updated"], doc["unchanged"]) == (0, 0, n), (ledger, doc)
    for ledger in ORDER:
        for ext in ("xlsx", "csv"):
            target = tmp_path / f"export-{ledger}.{ext}"
            code, out, err = run("export_ledger", ledger, str(target))
            assert code == 0, (ledger, err)
            code, out, err = run("import_ledger", ledger, str(target), "--json")
            doc = json.loads(out)
            assert code == 0 and doc["created"] == 0 and doc["updated"] == 0, (ledger, ext, doc)
            assert doc["unchanged"] == len(city.rows[ledger]), (ledger, ext, doc)
    # formula-safe: csv text beginning with = + - @ carries a quote; xlsx text is never a formula
    text = (tmp_path / "export-entities.csv").read_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-" in text
    assert "\n=" not in text and ",=" not in text
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "export-entities.xlsx").worksheets[0]
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for row in ws.iter_rows() for c in row)


def _xlsx(path, lines):
    wb = Workbook()
    for line in lines:
        wb.active.append(line)
    wb.save(path)
    return path


def test_formula_cell_read_by_cached_value(city_factory, tmp_path):
    import xlsxwriter

    city, paths, results = city_factory(4)
    e = city.rows["entities"][1]
    path = tmp_path / "formula.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["统一社会信用代码", "名称", "主体类型", "区划代码"])
    ws.write_string(1, 0, e["统一社会信用代码"])
    ws.write_formula(1, 1, '="新"&"名称"', None, "新名称")
    ws.write_string(1, 2, e["主体类型"])
    ws.write_formula(1, 3, f'="{e["_region"]}"', None, e["_region"])
    wb.close()
    code, out, err = run("import_ledger", "entities", str(path), "--json")
    assert code == 0, out
    from qualitybrand.registry.models import Entity

    assert Entity.objects.get(uscc=e["统一社会信用代码"]).name == "新名称"


def test_bad_files_exit_codes_and_error_json(city_factory, tmp_path):
    city, paths, results = city_factory(3)
    region = city.counties[1]
    # an alias header, a bad check character on Excel row 5 (title, blank, header, one good row)
    good = city.rows["entities"][0]["统一社会信用代码"]
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    path = _xlsx(tmp_path / "bad.xlsx", [["2013年市场主体台账"], [], ["信用代码", "企业名称", "主体类型", "区划代码"],
                                         [good, "甲", "企业", region], [bad, "乙", "企业", region],
                                         ["", "", "", ""], [good, "丙", "企业", region]])
    code, out, err = run("import_ledger", "entities", str(path), "--json")
    assert code == 1
    doc = json.loads(out)
    rows = {(e["row"], e["column"]) for e in doc["errors"]}
    assert (5, "统一社会信用代码") in rows, doc["errors"]
    assert (7, "统一社会信用代码") in rows, doc["errors"]  # the key twice in one file: the second row
    assert all(e["message"] for e in doc["errors"])
    # atomic: nothing written (the good row kept its old name)
    from qualitybrand.registry.models import Entity

    assert Entity.objects.get(uscc=good).name == city.rows["entities"][0]["名称"]
    # partial: good rows written
    code, out, err = run("import_ledger", "entities", str(path), "--json", "--mode", "partial")
    assert code == 1
    # missing required header: row null, one per header
    path = _xlsx(tmp_path / "nohead.xlsx", [["统一社会信用代码", "名称"], [good, "甲"]])
    code, out, err = run("import_ledger", "entities", str(path), "--json")
    doc = json.loads(out)
    assert code == 1
    assert sorted(e["column"] for e in doc["errors"] if e["row"] is None) == ["主体类型", "区划代码"]
    # unreadable file and unknown ledger: exit 2
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    assert run("import_ledger", "entities", str(junk), "--json")[0] == 2
    assert run("import_ledger", "no_such_ledger", str(path), "--json")[0] == 2
    assert run("import_ledger", "entities", str(tmp_path / "missing.csv"), "--json")[0] == 2


@pytest.mark.django_db(transaction=True)
def test_subprocess_json_and_exit_codes(tmp_path):
    """`python manage.py import_ledger ... --json` in a real process. On PostgreSQL the child process uses
    the test database itself (committed data, flushed afterwards); the in-memory SQLite test database cannot
    be shared, so there only the checks that need no tables run."""
    from django.db import connection

    settings = connection.settings_dict
    env = {**os.environ, "QB_DATA_DIR": str(tmp_path)}
    py = sys.executable

    def manage(*args):
        return subprocess.run([py, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)

    proc = manage("import_ledger", "entities", str(tmp_path / "nope.csv"), "--json")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    if proc.stdout.strip():  # --json: still one JSON object
        assert json.loads(proc.stdout)["errors"]
    if connection.vendor != "postgresql":
        return
    env["DATABASE_URL"] = (f"postgres://{settings['USER']}:{settings.get('PASSWORD') or ''}@{settings['HOST']}:"
                           f"{settings['PORT'] or 5432}/{settings['NAME']}")
    city = generate(41)
    paths = city.write(tmp_path, formats={"regions": "gbk", "programs": "xlsx"})
    proc = manage("import_ledger", "regions", str(paths["regions"]), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["ledger"] == "regions" and doc["created"] == len(city.rows["regions"]) and doc["errors"] == []
    bad = tmp_path / "bad.csv"
    bad.write_text("区划代码,名称,类型\n999999,某地,火星\n", encoding="utf-8")
    proc = manage("import_ledger", "regions", str(bad), "--json")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = json.loads(proc.stdout)["errors"]
    assert any(e["row"] == 2 and e["column"] == "类型" for e in errors), errors


def test_export_region_and_year_filters(city_factory, tmp_path):
    from openpyxl import load_workbook

    city, paths, results = city_factory(8)
    county = city.counties[1]  # has townships below it
    scope = {county} | {c for c, p in city.parent.items() if p == county}
    ent_region = {e["统一社会信用代码"]: e["_region"] for e in city.rows["entities"]}

    def exported(ledger, *args):
        target = tmp_path / f"{ledger}-{len(args)}.xlsx"
        code, out, err = run("export_ledger", ledger, str(target), *args)
        assert code == 0, err
        ws = load_workbook(target).worksheets[0]
        rows = [r for r in ws.iter_rows(values_only=True)]
        head = next(i for i, r in enumerate(rows) if r and "统一社会信用代码" in r or r and "案件编号" in r)
        return [dict(zip(rows[head], r, strict=False)) for r in rows[head + 1:] if any(v not in (None, "") for v in r)]

    got = {r["统一社会信用代码"] for r in exported("entities", "--region", county)}
    assert got == {u for u, r in ent_region.items() if r in scope}
    alias = {city.former[0]: city.former[1]}
    got = {r["案件编号"] for r in exported("cases", "--region", city.counties[0], "--year", "2013")}
    assert got == {c["案件编号"] for c in city.rows["cases"]
                   if alias.get(c["区划代码"], c["区划代码"]) == city.counties[0] and c["立案日期"].year == 2013}
    assert run("export_ledger", "cases", str(tmp_path / "x.xlsx"), "--region", "999999")[0] == 2
