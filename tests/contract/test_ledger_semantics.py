"""Upsert semantics of ledgers.md over a random city: moving entities take their records, absent columns
are untouched, empty cells clear and re-apply defaults, stored defaults, former codes, references."""

from __future__ import annotations

import datetime as dt
import json

from tests.contract.citygen import default_tm_expiry
from tests.contract.conftest import run
from tests.contract.oracle import Oracle
from tests.contract.test_import_and_indicators import compare, indicators_cmd, summarise


def imp(ledger, path, *extra):
    code, out, err = run("import_ledger", ledger, str(path), "--json", *extra)
    return code, (json.loads(out) if out.strip() else {}), err


def test_moving_entity_takes_its_records_and_absent_columns_stay(city_factory, tmp_path):
    city, paths, results = city_factory(61)
    ents = city.rows["entities"]
    # the entity with the most trademarks moves to another county
    counts = {}
    for t in city.rows["trademarks"]:
        counts[t["注册人统一社会信用代码"]] = counts.get(t["注册人统一社会信用代码"], 0) + 1
    mover = max(ents, key=lambda e: counts.get(e["统一社会信用代码"], 0))
    target = next(c for c in city.counties if c != mover["_region"])
    path = tmp_path / "move.csv"
    # only the required columns: 成立日期, 规模 ... are absent and must stay
    path.write_text("统一社会信用代码,名称,主体类型,区划代码\n"
                    f"{mover['统一社会信用代码']},{mover['名称']},{mover['主体类型']},{target}\n", encoding="utf-8")
    code, doc, err = imp("entities", path)
    assert code == 0 and doc["updated"] == 1, doc
    from qualitybrand.registry.models import Entity

    e = Entity.objects.get(uscc=mover["统一社会信用代码"])
    assert e.region.code == target
    assert e.established == mover["成立日期"] and e.deregistered == mover["注销日期"]
    mover["_region"] = target
    oracle = Oracle(city)
    problems = []
    for year in ("2013", "2014"):
        start, end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
        problems += compare(oracle.compute(start, end), indicators_cmd(year, None)["values"])
    assert not problems, summarise(problems)


def test_empty_cells_clear_and_reapply_defaults(city_factory, tmp_path, client):
    city, paths, results = city_factory(62)
    tm = next(t for t in city.rows["trademarks"] if t["注册日期"] and t["专用权期限至"])
    path = tmp_path / "tm.csv"
    path.write_text("注册号,商标名称,国际分类,注册人统一社会信用代码,申请日期,注册日期,专用权期限至,商标类型,地理标志\n"
                    f"{tm['注册号']},{tm['商标名称']},{'、'.join(map(str, tm['国际分类']))},"
                    f"{tm['注册人统一社会信用代码']},{tm['申请日期']},{tm['注册日期']},,,\n", encoding="utf-8")
    code, doc, err = imp("trademarks", path)
    assert code == 0 and doc["updated"] == 1, doc
    from qualitybrand.registry.models import Trademark

    t = Trademark.objects.get(number=tm["注册号"])
    assert t.expires == default_tm_expiry(tm["注册日期"])
    assert t.mark_type == "普通商标" and t.is_gi is False
    # the same file again: unchanged
    code, doc, err = imp("trademarks", path)
    assert (doc["created"], doc["updated"], doc["unchanged"]) == (0, 0, 1)


def test_default_expiry_of_a_leap_day_and_recognition_validity(city_factory, tmp_path):
    city, paths, results = city_factory(63)
    holder = city.rows["entities"][0]["统一社会信用代码"]
    path = tmp_path / "leap.csv"
    path.write_text("注册号,商标名称,国际分类,注册人统一社会信用代码,申请日期,注册日期\n"
                    f"7777777,闰日,33,{holder},2011-03-01,2012年2月29日\n"
                    f"7777778,平日,33,{holder},2011-03-01,2013/5/7\n", encoding="utf-8")
    assert imp("trademarks", path)[0] == 0
    from qualitybrand.registry.models import Recognition, Trademark

    assert Trademark.objects.get(number="7777777").expires == dt.date(2022, 2, 28)
    assert Trademark.objects.get(number="7777778").expires == dt.date(2023, 5, 6)
    tm_prog, prod_prog, ent_prog = city.programs
    path = tmp_path / "rec.csv"
    path.write_text("项目,统一社会信用代码,商标注册号,产品名称,认定年度\n"
                    f"{tm_prog['项目代码'].upper()},{holder},7777777,,2013\n"
                    f"{prod_prog['项目名称']},{holder},,新产品,2013\n"
                    f"{ent_prog['项目代码']},{holder},,,2099\n", encoding="utf-8")
    code, doc, err = imp("recognitions", path)
    assert code == 0, doc
    recs = {r.program.code: r for r in Recognition.objects.filter(entity__uscc=holder, year__in=(2013, 2099))
            .select_related("program")}
    assert recs[tm_prog["项目代码"]].valid_until == dt.date(2015, 12, 31)  # 2013 + 3 − 1
    assert recs[prod_prog["项目代码"]].valid_until is None
    assert recs[ent_prog["项目代码"]].valid_until == dt.date(2100, 12, 31)


def test_reference_errors_and_former_code_conflicts(city_factory, tmp_path):
    city, paths, results = city_factory(64)
    path = tmp_path / "regions.csv"
    # a former code that is the code of another current region is an error
    path.write_text("区划代码,名称,上级区划代码,类型,曾用代码\n"
                    f"{city.counties[1]},改名,{city.city},区,{city.counties[2]}\n", encoding="utf-8")
    code, doc, err = imp("regions", path)
    assert code == 1 and doc["errors"] and doc["errors"][0]["row"] == 2
    assert doc["errors"][0]["column"] == "曾用代码"
    # references to nothing: errors of their rows, not crashes
    path = tmp_path / "cases.csv"
    path.write_text("案件编号,案件类型,区划代码,当事人统一社会信用代码,立案日期\n"
                    "X1,其他,999999,,2013-01-01\n"
                    f"X2,其他,{city.former[0]},91350100M000100Y43,2013-01-01\n"
                    f"X3,其他,{city.former[0]},,2013-01-01\n", encoding="utf-8")
    code, doc, err = imp("cases", path)
    assert code == 1
    cells = {(e["row"], e["column"]) for e in doc["errors"]}
    assert cells == {(2, "区划代码"), (3, "当事人统一社会信用代码")}, doc["errors"]
    assert doc["created"] == 1  # what would have been written (atomic: nothing)
    from qualitybrand.supervision.models import Case

    assert not Case.objects.filter(number__in=["X1", "X2", "X3"]).exists()
    code, doc, err = imp("cases", path, "--mode", "partial")
    assert code == 1 and Case.objects.get(number="X3").region.code == city.former[1]
    # a pledge of a mark that is not the pledgor's
    other = next(t for t in city.rows["trademarks"]
                 if t["注册人统一社会信用代码"] != city.rows["entities"][0]["统一社会信用代码"])
    path = tmp_path / "pledge.csv"
    path.write_text("登记编号,出质人统一社会信用代码,质权人,商标注册号,质押金额,登记日期,到期日期\n"
                    f"P1,{city.rows['entities'][0]['统一社会信用代码']},银行,{other['注册号']},10,2013-01-01,"
                    "2014-01-01\n", encoding="utf-8")
    code, doc, err = imp("pledges", path)
    assert code == 1 and doc["errors"][0]["column"] == "商标注册号" and doc["errors"][0]["row"] == 2


def test_every_import_is_recorded_with_its_change_log(city_factory, tmp_path):
    import hashlib

    from qualitybrand.core.models import ChangeLog
    from qualitybrand.ledgers.models import ImportBatch

    city, paths, results = city_factory(65)
    for ledger in ("entities", "trademarks", "cases"):
        batch = ImportBatch.objects.filter(ledger=ledger).latest("id")
        assert batch.sha256 == hashlib.sha256(paths[ledger].read_bytes()).hexdigest()
        assert batch.file_name.endswith(paths[ledger].name) and batch.mode == "atomic"
        n = len(city.rows[ledger])
        assert (batch.rows, batch.created, batch.updated) == (n, n, 0)
        assert ChangeLog.objects.filter(import_batch_id=batch.id).count() == n
    # a refused atomic import writes no change-log rows
    path = tmp_path / "bad.csv"
    path.write_text("案件编号,案件类型,区划代码,立案日期\nQ1,其他,999999,2013-01-01\n", encoding="utf-8")
    assert imp("cases", path)[0] == 1
    batch = ImportBatch.objects.filter(ledger="cases").latest("id")
    assert not ChangeLog.objects.filter(import_batch_id=batch.id).exists()


def test_dry_run_counts_what_would_be_written(db, tmp_path):
    from qualitybrand.core.models import Region
    from tests.contract.citygen import generate

    city = generate(66)
    paths = city.write(tmp_path)
    code, doc, err = imp("regions", paths["regions"], "--dry-run")
    assert code == 0 and doc["created"] == len(city.rows["regions"]) and not Region.objects.exists()
    code, doc, err = imp("entities", paths["entities"], "--dry-run")
    assert code == 1 and not Region.objects.exists()  # the regions are not there: every row refused
    assert doc["errors"] and all(e["column"] == "区划代码" for e in doc["errors"])


def test_sheet_named_like_the_ledger_title(city_factory, tmp_path):
    from openpyxl import Workbook

    city, paths, results = city_factory(67)
    holder = city.rows["entities"][0]["统一社会信用代码"]
    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["本表为商标台账，请在“商标”工作表填写。"])
    ws = wb.create_sheet("商标")
    ws.append(["2013年商标台账"])
    ws.append(["注册号", "商标名称", "国际分类", "注册人统一社会信用代码", "申请日期"])
    ws.append(["6666661", "副表", "9", holder, "2013-01-01"])
    path = tmp_path / "two-sheets.xlsx"
    wb.save(path)
    code, doc, err = imp("trademarks", path)
    assert code == 0 and doc["created"] == 1, doc
    from qualitybrand.registry.models import Trademark

    assert Trademark.objects.get(number="6666661").name == "副表"
