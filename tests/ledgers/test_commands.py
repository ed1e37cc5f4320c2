"""import_ledger / export_ledger / ledger_template, round trips, undo."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from qualitybrand.core.models import ChangeLog
from qualitybrand.ledgers.engine import import_file, import_rows
from qualitybrand.ledgers.export import export_queryset
from qualitybrand.ledgers.models import ImportBatch
from qualitybrand.ledgers.services import undo_batch
from qualitybrand.registry.models import Entity, Trademark

from .conftest import USCC_A, USCC_B, write_csv

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_import_ledger_json_and_exit_codes(regions, tmp_path):
    path = write_csv(tmp_path / "e.csv", [["统一社会信用代码", "名称", "主体类型", "区划代码"],
                                          [USCC_A, "甲", "企业", "620502"], ["bad", "乙", "企业", "620502"]])
    code, out, _ = run("import_ledger", "entities", str(path), "--json", "--mode", "partial")
    data = json.loads(out)
    assert code == 1
    assert {k: data[k] for k in ("ledger", "rows", "created", "updated", "unchanged")} == {
        "ledger": "entities", "rows": 2, "created": 1, "updated": 0, "unchanged": 0}
    assert data["errors"][0]["row"] == 3 and data["errors"][0]["column"] == "统一社会信用代码"
    code, out, _ = run("import_ledger", "entities", str(path), "--json", "--dry-run")
    assert code == 1 and json.loads(out)["unchanged"] == 1
    ok = write_csv(tmp_path / "ok.csv", [["统一社会信用代码", "名称", "主体类型", "区划代码"], [USCC_A, "甲", "企业", "620502"]])
    code, out, _ = run("import_ledger", "entities", str(ok), "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 1
    assert run("import_ledger", "nope", str(ok))[0] == 2
    assert run("import_ledger", "entities", str(tmp_path / "missing.csv"))[0] == 2
    assert run("import_ledger", "entities", str(ok), "--mode", "half")[0] == 2
    assert run("import_ledger", "entities", str(ok), "--user", "nobody")[0] == 2
    (tmp_path / "x.xlsx").write_bytes(b"junk")
    code, _, err = run("import_ledger", "entities", str(tmp_path / "x.xlsx"))
    assert code == 2 and "Excel" in err
    code, out, _ = run("import_ledger", "entities", str(tmp_path / "x.xlsx"), "--json")
    assert code == 2 and json.loads(out)["errors"][0]["row"] is None
    missing = write_csv(tmp_path / "m.csv", [["名称"], ["x"]])
    code, out, _ = run("import_ledger", "entities", str(missing), "--json")
    assert code == 1 and all(e["row"] is None for e in json.loads(out)["errors"])


def _fill(entities):
    import_rows("programs", [{"项目代码": "famous", "项目名称": "市知名商标", "对象类型": "商标", "级别": "市",
                              "有效期(年)": 3, "奖励金额(万元)": "1.5"}])
    import_rows("trademarks", [
        {"注册号": "100", "商标名称": "-甲", "国际分类": "7,9", "注册人统一社会信用代码": USCC_A, "申请日期": "2010-01-01",
         "注册日期": "2011-01-01", "马德里国际注册号": "M1", "国际注册日期": "2012-01-01", "指定国家": "美国、日本"},
        {"注册号": "200", "商标名称": "@乙", "国际分类": "30", "注册人统一社会信用代码": USCC_B, "申请日期": "2010-01-01"}])
    import_rows("recognitions", [{"项目": "famous", "统一社会信用代码": USCC_A, "商标注册号": "100", "认定年度": 2013}])
    import_rows("pledges", [{"登记编号": "Z1", "出质人统一社会信用代码": USCC_A, "质权人": "银行", "商标注册号": "100",
                             "质押金额": "100", "登记日期": "2013-01-01", "到期日期": "2014-01-01"}])
    import_rows("cases", [{"案件编号": "K1", "案件类型": "其他", "区划代码": "620502", "立案日期": "2013-01-01",
                           "涉案货值": "0.25"}])
    import_rows("indicator_values", [{"指标代码": "env.air_good_days", "区划代码": "620502", "年度": 2013,
                                      "数值": "300.5"}])
    import_rows("blacklist", [{"统一社会信用代码": USCC_B, "列入日期": "2013-01-01", "列入事由": "r", "决定机关": "a",
                               "移出日期": "2014-01-01", "移出方式": "信用修复"}])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_every_ledger(entities, tmp_path, fmt):
    _fill(entities)
    from qualitybrand.ledgers.engine import LEDGERS

    for name, spec in LEDGERS.items():
        qs = spec.model._default_manager.all()
        n = qs.count()
        path = tmp_path / f"{name}.{fmt}"
        path.write_bytes(export_queryset(name, qs, fmt))
        result = import_file(name, path)
        assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, n), name


def test_amounts_are_exported_as_numbers_that_sum_in_excel(entities, tmp_path):
    _fill(entities)
    from python_calamine import CalamineWorkbook

    from qualitybrand.registry.models import Program

    path = tmp_path / "p.xlsx"
    path.write_bytes(export_queryset("programs", Program.objects.all(), "xlsx"))
    data = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    column = data[0].index("奖励金额(万元)")
    assert data[1][column] == 1.5
    csv_text = export_queryset("programs", Program.objects.all(), "csv").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(csv_text)))[1][column] == "1.5"


def test_export_is_formula_safe(entities, tmp_path):
    _fill(entities)
    code, _, _ = run("export_ledger", "trademarks", str(tmp_path / "t.csv"))
    assert code == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "t.csv").read_text("utf-8-sig"))))
    assert rows[1][1] == "'-甲" and rows[2][1] == "'@乙"
    code, _, _ = run("export_ledger", "trademarks", str(tmp_path / "t.xlsx"), "--region", "620503")
    from python_calamine import CalamineWorkbook

    data = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx")).get_sheet_by_index(0).to_python()
    assert [r[1] for r in data[1:]] == ["@乙"]
    assert run("export_ledger", "trademarks", str(tmp_path / "t.pdf"))[0] == 2
    assert run("export_ledger", "trademarks", str(tmp_path / "t.csv"), "--year", "20x3")[0] == 2
    code, _, _ = run("export_ledger", "trademarks", str(tmp_path / "y.csv"), "--year", "2010")  # the year of 申请日期, as the list filter
    assert len((tmp_path / "y.csv").read_text("utf-8-sig").strip().splitlines()) == 3  # both marks were filed in 2010


def test_template(tmp_path):
    code, _, _ = run("ledger_template", "trademarks", str(tmp_path / "t.xlsx"))
    assert code == 0
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx"))
    assert "填写说明" in wb.sheet_names
    assert wb.get_sheet_by_index(0).to_python()[0][0] == "注册号"


def test_undo_restores_and_refuses_after_later_change(entities):
    r = import_rows("entities", [
        {"统一社会信用代码": USCC_A, "名称": "改名", "主体类型": "企业", "区划代码": "620503"},
        {"统一社会信用代码": "91350100M000100Y43", "名称": "新", "主体类型": "企业", "区划代码": "620502"}])
    import_rows("trademarks", [{"注册号": "1", "商标名称": "x", "国际分类": "1", "注册人统一社会信用代码": USCC_B,
                                "申请日期": "2010-01-01"}])
    assert r.created == 1 and r.updated == 1
    batch = ImportBatch.objects.get(pk=r.batch_id)
    undo_batch(batch)
    e = Entity.objects.get(uscc=USCC_A)
    assert (e.name, e.region.code) == ("天水甲公司", "620502")
    assert not Entity.objects.filter(uscc="91350100M000100Y43").exists()
    assert ImportBatch.objects.get(pk=r.batch_id).status == "undone"
    assert ChangeLog.objects.filter(reason__startswith="撤销导入").count() == 2
    # a later change blocks the undo
    r1 = import_rows("entities", [{"统一社会信用代码": USCC_A, "名称": "一", "主体类型": "企业", "区划代码": "620502"}])
    import_rows("entities", [{"统一社会信用代码": USCC_A, "名称": "二", "主体类型": "企业", "区划代码": "620502"}])
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        undo_batch(ImportBatch.objects.get(pk=r1.batch_id))
    assert Entity.objects.get(uscc=USCC_A).name == "二"
    assert Trademark.objects.count() == 1
