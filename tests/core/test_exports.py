"""List exports: .xlsx is the download offered first (codes as text cells, so Excel never shows an
18-digit credit code as 9.16205E+17); the .csv (ledgers.md format) is labelled as being for systems."""

import io
import re

import openpyxl
import pytest

from qualitybrand.core.codes import make_uscc
from tests.accounts.factories import make_user
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def all_digit_uscc(region: str) -> str:
    """A valid credit code made of digits only: the kind Excel turns into a number."""
    for n in range(10000000, 10001000):
        code = make_uscc("91", region, str(n))
        if code.isdigit():
            return code
    raise AssertionError("no all-digit code found")


@pytest.fixture
def listed(client, regions):
    client.force_login(make_user(role="county", region=regions["620502"]))
    uscc = all_digit_uscc("620502")
    EntityFactory(region=regions["620502"], uscc=uscc, name="数字代码有限公司")
    html = client.get("/registry/entities/").content.decode()
    return uscc, html


def link(html: str, label: str) -> str:
    match = re.search(r'<a class="btn" href="([^"]+)"[^>]*>' + re.escape(label) + "</a>", html)
    assert match, f"no link {label}"
    return match.group(1).replace("&amp;", "&")


def test_default_export_is_xlsx_with_codes_as_text_cells(client, listed):
    uscc, html = listed
    assert html.index("导出 Excel") < html.index("导出 CSV") < html.index("台账格式")  # the first choice is .xlsx
    response = client.get("/registry/entities/" + link(html, "导出 Excel"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headers = [c.value for c in sheet[3]]  # below the title block
    cell = sheet.cell(row=4, column=headers.index("统一社会信用代码") + 1)
    assert cell.data_type == "s" and cell.value == uscc
    region_cell = sheet.cell(row=4, column=headers.index("区划代码") + 1)
    assert region_cell.data_type == "s" and region_cell.value == "620502"


def test_csv_is_labelled_for_systems_and_keeps_the_ledger_format(client, listed):
    uscc, html = listed
    response = client.get("/registry/entities/" + link(html, "台账格式 CSV（供系统对接）"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff统一社会信用代码,")  # ledgers.md: UTF-8 with BOM, canonical headers
    assert f"\r\n{uscc}," in text  # the code itself, no ="…" wrapper
