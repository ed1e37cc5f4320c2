"""core/xlsxbook.py, the one writer of document and statistics .xlsx, read back with openpyxl: the 表头
(title, 填报单位/统计期/单位), header cells, numbers stored as numbers, text never a formula, the header
row repeated on every printed page, valid and unique sheet names — and planning's notice tables on it."""

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl

from qualitybrand.core import xlsxbook


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def one_sheet(**options):
    book = xlsxbook.Book()
    book.sheet("表1 商标", title="商标注册情况统计表", columns=["区划", "有效注册商标", "增长率", "日期"],
               rows=[["秦州区", 512, Decimal("12.5"), dt.date(2013, 12, 31)], ["=1+1", 3.25, None, "+86 0938"]],
               **options)
    return load(book.to_bytes())["表1 商标"]


def test_title_info_and_header_cells():
    ws = one_sheet(unit_name="天水市市场监督管理局", period="2013年", unit="件", notes=["数据来源：平台"])
    assert ws["A1"].value == "商标注册情况统计表" and ws["A1"].font.b
    assert "A1:D1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "填报单位：天水市市场监督管理局"
    assert ws["C2"].value == "统计期：2013年" and ws["D2"].value == "单位：件"
    header = [c for c in ws[3]]
    assert [c.value for c in header] == ["区划", "有效注册商标", "增长率", "日期"]
    assert all(c.font.b and c.border.bottom.style == "thin" for c in header)
    assert ws["A7"].value == "数据来源：平台"  # one blank row under the table
    assert ws.freeze_panes == "A4"


def test_numbers_are_numbers_and_text_is_never_a_formula():
    ws = one_sheet()
    assert ws["B4"].value == 512 and ws["B4"].data_type == "n"
    assert ws["C4"].value == 12.5 and ws["C4"].data_type == "n"
    assert ws["B5"].value == 3.25 and ws["B5"].data_type == "n"
    assert ws["D4"].is_date and ws["D4"].value == dt.datetime(2013, 12, 31)
    assert ws["A5"].value == "=1+1" and ws["A5"].data_type == "s"
    assert ws["D5"].value == "+86 0938" and ws["D5"].data_type == "s"
    assert ws["C5"].value is None


def test_header_row_repeated_in_print_and_a4():
    ws = one_sheet()
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage  # A4, one page wide


def test_lines_replace_the_info_row_and_notes_follow_the_table():
    ws = one_sheet(lines=["区划：天水市（620500）", ""], notes=["数据来源：平台"], note_gap=0, freeze_columns=1)
    assert ws["A2"].value == "区划：天水市（620500）" and ws["A3"].value is None
    assert ws["A4"].value == "区划" and ws.print_title_rows == "$4:$4"
    assert ws["A7"].value == "数据来源：平台" and ws.freeze_panes == "B5"
    ws = one_sheet(lines=[])
    assert ws["A2"].value == "区划" and ws.print_title_rows == "$2:$2"


def test_sheet_names_valid_and_unique():
    book = xlsxbook.Book()
    for name in ("排名", "排名", "a/b:c*d?[e]", "很长的名字" * 10, "很长的名字" * 10):
        book.sheet(name, title=name, columns=["x"], rows=[[1]])
    names = load(book.to_bytes()).sheetnames
    assert names[:3] == ["排名", "排名(2)", "a_b_c_d__e_"]
    assert len(set(n.lower() for n in names)) == 5
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_planning_notice_tables_on_the_writer():
    from qualitybrand.planning import exports

    round_obj = SimpleNamespace(
        region=SimpleNamespace(name="天水市"), kind="年终考核", as_of=dt.date(2014, 1, 20),
        document={"name": "2013年度考核方案", "vetoes": [], "items": [{"code": "A1", "name": "商标"}]},
        snapshot={"results": [{"rank": 1, "name": "秦州区", "total": "92.5", "grade": "A", "vetoed": [],
                               "items": {"A1": "7.5"}}]})
    book = load(exports.notice_xlsx(round_obj, [{"name": "秦州区", "item": "A1", "item_name": "商标",
                                                 "points": Decimal(10), "score": Decimal("7.5"),
                                                 "lost": Decimal("2.5")}]))
    assert book.sheetnames == ["排名", "各项得分", "失分情况"]
    ranking = book["排名"]
    assert ranking["A2"].value == "填报单位：天水市质量强市工作领导小组办公室"
    assert [c.value for c in ranking[3]] == ["名次", "县区", "总分", "等次", "一票否决"]
    assert [c.value for c in ranking[4]] == [1, "秦州区", 92.5, "A", "—"] and ranking["C4"].data_type == "n"
    assert [c.value for c in book["各项得分"][3]] == ["县区", "总分", "等次", "名次", "A1 商标"]
    assert book["各项得分"]["E4"].value == 7.5
    assert [c.value for c in book["失分情况"][4]] == ["秦州区", "A1 商标", 10, 7.5, 2.5]
    assert all(book[n].print_title_rows == "$3:$3" for n in book.sheetnames)
