"""The streaming .xlsx writer (core/xlsxstream.py): a package Excel reads, written as rows arrive."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl

from qualitybrand.core import xlsxstream


def build(rows, title="商标/列表[测试]", headers=("名称", "日期", "金额")):
    return b"".join(xlsxstream.stream(title, [title, "筛选条件：无"], list(headers), [20, 12, 14], rows))


def test_cells_read_back_with_their_types():
    data = build([
        [(" 前后空格 ", ""), (dt.date(2014, 7, 10), "date"), (Decimal("1234.50"), "amount")],
        [("A&B <c> \x07响铃", ""), (dt.datetime(2014, 7, 10, 8, 30, 15), "datetime"), (12, "int")],
        [("=SUM(A1:A2)", ""), (None, ""), (Decimal("12345678901234567.89"), "amount")],
        [("年度", ""), (None, ""), (2013, "year")],
    ])
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    assert ws.title == "商标_列表_测试_"  # characters a sheet name cannot hold are replaced
    assert ws["A1"].value == "商标/列表[测试]" and ws["A1"].font.b and ws["A2"].value == "筛选条件：无"
    assert [c.value for c in ws[3]] == ["名称", "日期", "金额"] and ws["A3"].font.b
    assert ws["A4"].value == " 前后空格 "  # blanks kept (xml:space="preserve")
    assert ws["B4"].is_date and ws["B4"].value == dt.datetime(2014, 7, 10) and ws["B4"].number_format == "yyyy-mm-dd"
    assert ws["C4"].value == 1234.5 and ws["C4"].number_format == "#,##0.00"
    assert ws["A5"].value == "A&B <c> 响铃"  # a control character XML cannot hold is dropped
    assert ws["B5"].value == dt.datetime(2014, 7, 10, 8, 30, 15) and ws["B5"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert ws["C5"].value == 12 and ws["C5"].number_format == "#,##0"
    assert ws["A6"].data_type == "s" and ws["A6"].value == "=SUM(A1:A2)"  # a string, never a formula
    assert ws["B6"].value is None
    assert ws["C6"].data_type == "s" and ws["C6"].value == "12345678901234567.89"  # beyond Excel's 15 digits
    assert ws["C7"].value == 2013 and ws["C7"].number_format == "0"
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:C7"
    assert ws.print_title_rows == "$3:$3"
    assert ws.column_dimensions["A"].width == 20


def test_an_empty_export_is_a_valid_workbook():
    ws = openpyxl.load_workbook(io.BytesIO(build([]))).worksheets[0]
    assert [c.value for c in ws[3]] == ["名称", "日期", "金额"] and ws.max_row == 3


def test_bytes_leave_before_the_rows_are_all_read():
    read = []

    def rows():
        for i in range(5 * xlsxstream.BATCH):
            read.append(i)
            yield [(f"企业{i}", ""), (dt.date(2014, 1, 1), "date"), (i, "int")]

    chunks = xlsxstream.stream("市场主体", ["市场主体"], ["名称", "日期", "数量"], [20, 12, 8], rows())
    fixed = next(chunks)  # the package's fixed parts
    first_rows = next(chunks)
    assert first_rows and len(read) < 5 * xlsxstream.BATCH  # streamed, not built whole first
    data = b"".join([fixed, first_rows, *chunks])
    assert len(read) == 5 * xlsxstream.BATCH
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.max_row == 2 + 5 * xlsxstream.BATCH  # one title line, the header and ws.cell(row=ws.max_row, column=1).value == "企业2499"
