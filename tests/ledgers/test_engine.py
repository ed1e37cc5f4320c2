"""The engine: header detection, normalisation, modes, idempotency, refusals."""

import datetime as dt
from decimal import Decimal

import pytest

from qualitybrand.core.codes import make_uscc
from qualitybrand.core.models import ChangeLog
from qualitybrand.ledgers.engine import UsageError, import_file, import_rows
from qualitybrand.ledgers.models import ImportBatch
from qualitybrand.ledgers.readers import UnreadableFile
from qualitybrand.registry.models import Entity, Trademark

from .conftest import USCC_A, USCC_B, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEAD = ["统一社会信用代码", "名称", "主体类型", "区划代码", "成立日期"]


def errs(result):
    return [(e["row"], e["column"]) for e in result.errors]


def test_title_rows_shuffled_columns_full_width_and_date_forms(regions, tmp_path):
    u1, u2, u3 = (make_uscc("91", "620502", f"{n:08d}") for n in (11, 12, 13))
    wide = "".join(chr(ord(c) + 0xFEE0) for c in u2)
    path = write_xlsx(tmp_path / "e.xlsx", [
        ["2013年天水市市场主体台账"], [], ["单位：户"],
        ["区划代码", "主体名称", "成立日期", "主体类型", "社会信用代码", "备注"],
        ["620502", "甲（集团）公司", "2013/5/1", "企业", u1, "x"],
        [620503, "乙", "2013年5月1日", "企业", wide, None],
        [],
        ["620502", "丙", dt.datetime(2013, 5, 1), "企业", u3.lower(), None],
    ])
    result = import_file("entities", path)
    assert result.errors == []
    assert (result.rows, result.created) == (3, 3)
    assert set(Entity.objects.values_list("established", flat=True)) == {dt.date(2013, 5, 1)}
    assert Entity.objects.get(uscc=u1).name == "甲(集团)公司"
    assert Entity.objects.get(uscc=u2).region.code == "620503"


def test_gbk_csv_and_bom_csv(regions, tmp_path):
    u1 = make_uscc("91", "620502", "00000021")
    lines = [HEAD, [u1, "甘谷县某公司", "企业", "620523", "2013.5.1"]]
    result = import_file("entities", write_csv(tmp_path / "g.csv", lines, "gbk"))
    assert result.errors == [] and result.created == 1
    assert Entity.objects.get(uscc=u1).name == "甘谷县某公司"
    (tmp_path / "b.csv").write_bytes(b"\xef\xbb\xbf" + (tmp_path / "g.csv").read_bytes().decode("gbk").encode())
    result = import_file("entities", tmp_path / "b.csv")
    assert (result.unchanged, result.errors) == (1, [])


def test_all_errors_listed_at_once_and_atomic_writes_nothing(regions, tmp_path):
    good = make_uscc("91", "620502", "00000031")
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    org_broken = make_uscc("91", "620502", "00000032")
    org_broken = org_broken[:16] + ("1" if org_broken[16] != "1" else "2") + org_broken[17]
    from qualitybrand.core.codes import uscc_check_char
    org_broken = org_broken[:17] + uscc_check_char(org_broken[:17])  # valid USCC check, broken org code
    lines = [HEAD, [good, "好", "企业", "620502", "2013-01-01"],
             [bad_check, "坏", "企业", "620502", ""],
             [org_broken, "坏2", "企业", "620502", ""],
             [good, "重复", "企业", "620502", ""],
             [make_uscc("91", "620502", "00000033"), "区划", "企业", "999999", "2013-02-30"]]
    result = import_file("entities", write_csv(tmp_path / "e.csv", lines))
    assert errs(result) == [(3, "统一社会信用代码"), (4, "统一社会信用代码"), (5, "统一社会信用代码"),
                            (6, "成立日期"), (6, "区划代码")] or sorted(errs(result)) == sorted(
        [(3, "统一社会信用代码"), (4, "统一社会信用代码"), (5, "统一社会信用代码"), (6, "成立日期"), (6, "区划代码")])
    assert "校验码" in result.errors[0]["message"]
    assert "组织机构代码" in result.errors[1]["message"]
    assert "第 2 行" in result.errors[2]["message"]
    assert result.created == 1 and not result.written
    assert Entity.objects.count() == 0
    assert result.exit_code == 1
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert batch.status == "refused" and len(batch.errors) == 5


def test_partial_writes_valid_rows_and_dry_run_nothing(regions, tmp_path):
    good = make_uscc("91", "620502", "00000041")
    lines = [HEAD, [good, "好", "企业", "620502", ""], ["123", "坏", "企业", "620502", ""]]
    path = write_csv(tmp_path / "e.csv", lines)
    dry = import_file("entities", path, mode="partial", dry_run=True)
    assert (dry.created, len(dry.errors)) == (1, 1) and Entity.objects.count() == 0
    result = import_file("entities", path, mode="partial")
    assert (result.created, len(result.errors), result.exit_code) == (1, 1, 1)
    assert list(Entity.objects.values_list("uscc", flat=True)) == [good]
    assert ChangeLog.objects.filter(import_batch_id=result.batch_id, action="create").count() == 1


def test_idempotent_update_absent_column_and_empty_cell(entities):
    again = import_rows("entities", [{"统一社会信用代码": USCC_A, "名称": "天水甲公司", "主体类型": "企业",
                                      "区划代码": "620502", "成立日期": "2005-01-01"}])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    # absent column: 成立日期 untouched
    r = import_rows("entities", [{"统一社会信用代码": USCC_A, "名称": "新名", "主体类型": "企业", "区划代码": "620502"}])
    assert r.updated == 1
    e = Entity.objects.get(uscc=USCC_A)
    assert (e.name, e.established) == ("新名", dt.date(2005, 1, 1))
    # empty cell clears
    r = import_rows("entities", [{"统一社会信用代码": USCC_A, "名称": "新名", "主体类型": "企业", "区划代码": "620502",
                                  "成立日期": ""}])
    assert r.updated == 1 and Entity.objects.get(uscc=USCC_A).established is None
    log = ChangeLog.objects.filter(import_batch_id=r.batch_id).get()
    assert log.before == {"established": "2005-01-01"} and log.after == {"established": None}


def test_missing_required_header(regions, tmp_path):
    path = write_csv(tmp_path / "e.csv", [["统一社会信用代码", "名称"], ["x", "y"]])
    result = import_file("entities", path)
    assert [(e["row"], e["column"]) for e in result.errors] == [(None, "主体类型"), (None, "区划代码")]
    assert result.exit_code == 1 and result.rows == 0


def test_unreadable_files(regions, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(UnreadableFile):
        import_file("entities", tmp_path / "empty.csv")
    (tmp_path / "junk.xlsx").write_bytes(b"this is not excel" * 100)
    with pytest.raises(UnreadableFile):
        import_file("entities", tmp_path / "junk.xlsx")
    (tmp_path / "zip.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(UnreadableFile):
        import_file("entities", tmp_path / "zip.xlsx")
    (tmp_path / "bin.csv").write_bytes(bytes(range(256)) * 50)
    with pytest.raises(UnreadableFile):
        import_file("entities", tmp_path / "bin.csv")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(UnreadableFile):
        import_file("entities", tmp_path / "a.pdf")
    with pytest.raises(UsageError):
        import_file("nonsense", tmp_path / "a.pdf")
    with pytest.raises(UsageError):
        import_rows("entities", [], mode="half")
    assert Entity.objects.count() == 0


def test_large_junk_text_file_is_refused_quickly(regions, tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(("垃圾,数据,没有表头\n" * 200000).encode())
    result = import_file("entities", path)
    assert result.exit_code == 1 and result.rows == 0
    assert {e["column"] for e in result.errors} == {"统一社会信用代码", "名称", "主体类型", "区划代码"}


def test_warnings_category_digit_and_non_strict(regions, settings):
    u = make_uscc("92", "620502", "00000051")  # 个体工商户 by its second digit
    r = import_rows("entities", [{"统一社会信用代码": u, "名称": "x", "主体类型": "企业", "区划代码": "620502"}])
    assert r.errors == [] and [w["column"] for w in r.warnings] == ["统一社会信用代码"]
    settings.QB_USCC_STRICT = False
    bad = u[:17] + ("0" if u[17] != "0" else "1")
    r = import_rows("entities", [{"统一社会信用代码": bad, "名称": "x", "主体类型": "个体工商户", "区划代码": "620502"}])
    assert r.errors == [] and r.created == 1 and "校验码" in r.warnings[0]["message"]


def test_former_region_code_and_moving_entity_moves_records(entities):
    from qualitybrand.ledgers.engine import import_rows

    r = import_rows("regions", [{"区划代码": "620504", "名称": "新区", "上级区划代码": "620500", "类型": "区",
                                 "曾用代码": "620599"}])
    assert r.errors == [] and r.created == 1
    import_rows("trademarks", [{"注册号": "100", "商标名称": "甲", "国际分类": "7", "注册人统一社会信用代码": USCC_A,
                                "申请日期": "2010-01-01"}])
    r = import_rows("entities", [{"统一社会信用代码": USCC_A, "名称": "天水甲公司", "主体类型": "企业",
                                  "区划代码": "620599"}])
    assert r.errors == [] and r.updated == 1
    assert Entity.objects.get(uscc=USCC_A).region.code == "620504"
    assert Trademark.objects.get(number="100").region.code == "620504"


def test_yuan_header_and_thousands(entities):
    import_rows("trademarks", [{"注册号": "200", "商标名称": "甲", "国际分类": "7", "注册人统一社会信用代码": USCC_A,
                                "申请日期": "2010-01-01"}])
    r = import_rows("pledges", [{"登记编号": "ZY1", "出质人统一社会信用代码": USCC_A, "质权人": "银行",
                                 "商标注册号": "200", "质押金额(元)": "1,234,500", "登记日期": "2013-01-01",
                                 "到期日期": "2014-01-01"}])
    assert r.errors == [], r.errors
    from qualitybrand.registry.models import Pledge

    p = Pledge.objects.get()
    assert p.amount == Decimal("123.45")
    assert list(p.trademarks.values_list("number", flat=True)) == ["200"]
    again = import_rows("pledges", [{"登记编号": "ZY1", "出质人统一社会信用代码": USCC_A, "质权人": "银行",
                                     "商标注册号": "200", "质押金额": "123.45", "登记日期": "2013-01-01",
                                     "到期日期": "2014-01-01"}])
    assert (again.unchanged, again.errors) == (1, [])


def test_county_user_only_own_region(entities, county_user):
    rows = [{"统一社会信用代码": USCC_A, "名称": "改名", "主体类型": "企业", "区划代码": "620502"},
            {"统一社会信用代码": make_uscc("91", "620503", "00000061"), "名称": "外区", "主体类型": "企业",
             "区划代码": "620503"}]
    r = import_rows("entities", rows, user=county_user, mode="partial")
    assert (r.updated, r.created) == (1, 0)
    assert [(e["row"], e["column"]) for e in r.errors] == [(3, "区划代码")]


def test_import_rows_accepts_python_values(entities):
    r = import_rows("trademarks", [{"注册号": 300, "商标名称": "甲", "国际分类": [7, 9], "注册人统一社会信用代码": USCC_A,
                                    "申请日期": dt.date(2010, 1, 1), "地理标志": False}])
    assert r.errors == [] and Trademark.objects.get(number="300").classes == [7, 9]


def test_database_error_is_reported_not_raised(regions, monkeypatch):
    from django.db import IntegrityError

    from qualitybrand.ledgers import bulk

    def boom(*args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(bulk, "insert", boom)
    r = import_rows("entities", [{"统一社会信用代码": USCC_A, "名称": "x", "主体类型": "企业", "区划代码": "620502"}])
    assert r.exit_code == 1 and not r.written and "撤回" in r.errors[0]["message"]
    assert Entity.objects.count() == 0


def test_program_code_too_long_is_an_error(regions):
    r = import_rows("programs", [{"项目代码": "a" * 60, "项目名称": "x", "对象类型": "企业", "级别": "市"}])
    assert [e["column"] for e in r.errors] == ["项目代码"]


def test_formula_cells_read_by_cached_value_and_named_sheet(regions, tmp_path):
    import xlsxwriter

    u = make_uscc("91", "620502", "00000091")
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("说明").write(0, 0, "这是说明页")
    ws = wb.add_worksheet("市场主体")
    ws.write_row(0, 0, HEAD)
    ws.write_formula(1, 0, f'="{u}"', None, u)
    ws.write_row(1, 1, ["公式公司", "企业"])
    ws.write_formula(1, 3, "=620500+2", None, 620502)
    wb.close()
    result = import_file("entities", path)
    assert result.errors == [] and Entity.objects.get(uscc=u).region.code == "620502"


def test_a_county_import_answers_references_outside_its_region_as_missing(entities, county_user):
    """county_user is 秦州区 (620502); USCC_B is an entity of 麦积区 (620503)."""
    import_rows("trademarks", [{"注册号": "700", "商标名称": "乙标", "国际分类": "3", "注册人统一社会信用代码": USCC_B,
                                "申请日期": "2010-01-01"}])
    made_up = make_uscc("91", "620503", "00000077")
    marks = [{"注册号": str(800 + i), "商标名称": "标", "国际分类": "3", "注册人统一社会信用代码": code,
              "申请日期": "2010-01-01"} for i, code in enumerate([USCC_B, made_up])]
    r = import_rows("trademarks", marks, user=county_user, mode="partial")
    messages = [e["message"].replace(USCC_B, "CODE").replace(made_up, "CODE") for e in r.errors]
    assert len(messages) == 2 and messages[0] == messages[1] and "不在您管辖区划的市场主体名录中" in messages[0]
    import_rows("programs", [{"项目代码": "famous", "项目名称": "市知名商标", "对象类型": "商标", "级别": "市"}])
    recognitions = [{"项目": "famous", "统一社会信用代码": USCC_A, "商标注册号": number, "认定年度": 2013}
                    for number in ("700", "999")]
    r = import_rows("recognitions", recognitions, user=county_user, mode="partial")
    messages = [e["message"].replace("700", "N").replace("999", "N") for e in r.errors]
    assert len(messages) == 2 and messages[0] == messages[1] and "不在您管辖区划的商标名录中" in messages[0]


def test_a_column_named_twice_is_imported_once_with_a_warning(regions, tmp_path):
    from qualitybrand.ledgers.engine import import_file

    path = write_csv(tmp_path / "e.csv", [["统一社会信用代码", "名称", "主体类型", "区划代码", "企业名称"],
                                          [USCC_A, "天水甲公司", "企业", "620502", "别的名字"]])
    r = import_file("entities", path)
    assert (r.errors, r.created) == ([], 1)
    assert Entity.objects.get().name == "天水甲公司"
    assert [(w["row"], w["column"], w["value"]) for w in r.warnings] == [(1, "名称", "企业名称")]
    assert "第 E 列" in r.warnings[0]["message"] and "只导入了第 B 列" in r.warnings[0]["message"]


@pytest.mark.parametrize("cell, stored, problem", [
    ("C13", "13", None), ("i6510", "6510", None), ("C", "C", None), ("3512", "3512", None),
    ("A13", None, "大类 13 属于 C 门类"), ("T99", None, "没有 99 这个大类"), ("C1", None, "门类字母"),
])
def test_industry_codes_are_read_with_or_without_their_section_letter(regions, cell, stored, problem):
    r = import_rows("entities", [{"统一社会信用代码": USCC_A, "名称": "甲", "主体类型": "企业", "区划代码": "620502",
                                  "行业代码": cell}])
    if problem is None:
        assert r.errors == [] and Entity.objects.get().industry_code == stored
    else:
        assert [e["column"] for e in r.errors] == ["行业代码"] and problem in r.errors[0]["message"]


def test_a_row_with_a_bad_cell_still_has_its_dates_put_in_order(regions):
    from qualitybrand.registry.choices import CASE_TYPES

    r = import_rows("cases", [{"案件编号": "A1", "案件类型": CASE_TYPES[0][0], "区划代码": "620502",
                               "立案日期": "2013-05-01", "结案日期": "2013-04-01", "涉案货值": "abc"}])
    assert sorted(e["column"] for e in r.errors) == ["涉案货值", "结案日期"]
    r = import_rows("cases", [{"案件编号": "A1", "案件类型": CASE_TYPES[0][0], "区划代码": "620502",
                               "立案日期": "2013-05-01", "结案日期": "2013-06-01", "涉案货值": "abc"}])
    assert [e["column"] for e in r.errors] == ["涉案货值"]
