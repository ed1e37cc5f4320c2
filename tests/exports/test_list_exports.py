"""Exports of the registry and supervision lists (core/listing.py + core/exports.py): what the page
shows, with its filters and scope, as typed .xlsx and streamed .csv."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse

from tests.api.factories import InspectionFactory, PledgeFactory
from tests.exports.conftest import body, csv_rows, download_name, sheet, table
from tests.factories import EntityFactory, TrademarkFactory

pytestmark = pytest.mark.django_db


def page_names(client, url, params) -> list[str]:
    """The first column of every row the list page shows (all on one page)."""
    response = client.get(url, {**params, "page_size": 100})
    assert response.status_code == 200
    return [row[0]["text"] for row in response.context["rows"]]


@pytest.fixture
def marks(regions):
    mine = EntityFactory(region=regions["620502"], name="秦州甲食品有限公司")
    other = EntityFactory(region=regions["620503"], name="麦积乙果业有限公司")
    out = {
        "old": TrademarkFactory(holder=mine, name="秦州老字号", applied=dt.date(2009, 5, 4)),
        "new": TrademarkFactory(holder=mine, name="秦州新品", applied=dt.date(2013, 2, 1),
                                registered=dt.date(2014, 1, 7), expires=dt.date(2024, 1, 6)),
        "pending": TrademarkFactory(holder=mine, name="秦州申请中", applied=dt.date(2013, 9, 9), registered=None,
                                    expires=None),
        "other": TrademarkFactory(holder=other, name="麦积苹果", applied=dt.date(2013, 3, 3)),
    }
    return mine, other, out


def test_trademark_export_is_the_page_with_names_dates_and_a_title(users, login, marks):
    mine, _other, m = marks
    client = login(users["county"])
    params = {"year": "2013", "ordering": "name"}
    shown = page_names(client, "/registry/trademarks/", params)
    assert sorted(shown) == ["秦州新品", "秦州申请中"]  # the year filter and the county's scope

    response = client.get("/registry/trademarks/", {**params, "export": "xlsx"})
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert download_name(response) == "商标_秦州区_2014-07-10.xlsx"
    assert 'filename="export_2014-07-10.xlsx"' in response["Content-Disposition"]  # the ASCII fallback
    ws = sheet(response)
    assert ws["A1"].value == "商标"
    assert "筛选条件：" in ws["A2"].value and "年度：2013" in ws["A2"].value
    assert "导出日期：2014年7月10日" in ws["A2"].value and "范围：秦州区" in ws["A2"].value
    headers, rows = table(ws)
    assert headers[:7] == ["商标名称", "注册号", "国际分类", "注册人", "注册人统一社会信用代码", "区划", "区划代码"]
    assert [r["商标名称"].value for r in rows] == shown  # the same rows, in the page's order
    new = next(r for r in rows if r["商标名称"].value == "秦州新品")
    assert new["注册人"].value == "秦州甲食品有限公司" and new["注册人统一社会信用代码"].value == mine.uscc
    assert new["区划"].value == "秦州区" and new["区划代码"].value == "620502"
    assert new["注册号"].data_type == "s" and new["注册号"].value == m["new"].number
    applied = new["申请日期"]
    assert applied.is_date and applied.value.date() == dt.date(2013, 2, 1) and applied.number_format == "yyyy-mm-dd"
    assert new["专用权期限至"].value.date() == dt.date(2024, 1, 6)
    assert new["状态"].value == "有效"
    pending = next(r for r in rows if r["商标名称"].value == "秦州申请中")
    assert pending["注册日期"].value is None and pending["状态"].value == "申请中"


def _names_of(rows):
    return [r[0].value for r in rows]


@pytest.mark.parametrize("url,params,make", [
    ("/registry/entities/", {"kind": "企业"}, lambda r, n: EntityFactory(region=r, name=n)),
    ("/registry/pledges/", {}, lambda r, n: PledgeFactory(number=n, pledgor=EntityFactory(region=r))),
    ("/supervision/inspections/", {"conclusion": "不合格"},
     lambda r, n: InspectionFactory(number=n, entity=EntityFactory(region=r), conclusion="不合格",
                                    failed_items="标志")),
])
def test_export_rows_equal_the_filtered_scoped_page_rows(url, params, make, users, login, regions):
    for i in range(3):
        make(regions["620502"], f"秦州{i}号")
        make(regions["620521"], f"秦州下级{i}号") if "620521" in regions else None
        make(regions["620503"], f"麦积{i}号")
    client = login(users["county"])
    shown = page_names(client, url, params)
    assert shown and not any(n.startswith("麦积") for n in shown)
    headers, rows = table(sheet(client.get(url, {**params, "export": "xlsx"})))
    assert [r[headers[0]].value for r in rows] == shown
    text = csv_rows(client.get(url, {**params, "export": "csv"}))
    assert text[2] == headers and [r[0] for r in text[3:]] == shown


def test_amounts_are_numbers_and_ints_are_numbers(users, login, regions):
    PledgeFactory(number="ZY-A", pledgor=EntityFactory(region=regions["620502"], name="出质企业"),
                  amount=Decimal("1234.5"))
    client = login(users["county"])
    headers, rows = table(sheet(client.get("/registry/pledges/", {"export": "xlsx"})))
    amount = rows[0]["质押金额(万元)"]
    assert amount.data_type == "n" and amount.value == 1234.5 and amount.number_format == "#,##0.00"
    assert rows[0]["出质人"].value == "出质企业" and rows[0]["出质人统一社会信用代码"].value
    assert rows[0]["登记日期"].is_date
    csv_text = csv_rows(client.get("/registry/pledges/", {"export": "csv"}))
    assert csv_text[3][csv_text[2].index("质押金额(万元)")] == "1234.50"
    assert csv_text[3][csv_text[2].index("登记日期")] == "2013-03-01"


def test_csv_streams_with_title_block(users, login, marks):
    client = login(users["county"])
    response = client.get("/registry/trademarks/", {"export": "csv", "year": "2013"})
    assert isinstance(response, StreamingHttpResponse) and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert download_name(response) == "商标_秦州区_2014-07-10.csv"
    rows = csv_rows(response)
    assert rows[0] == ["商标"] and rows[1][0].startswith("筛选条件：年度：2013")
    assert rows[2][:4] == ["商标名称", "注册号", "国际分类", "注册人"]
    assert {r[0] for r in rows[3:]} == {"秦州新品", "秦州申请中"}


def export_text(response, fmt) -> str:
    if fmt == "csv":
        return body(response).decode("utf-8")
    return "\n".join(str(c.value) for row in sheet(response).iter_rows() for c in row if c.value is not None)


def test_a_county_export_holds_no_other_county_row(users, login, marks):
    _mine, other, _m = marks
    client = login(users["county"])
    for fmt in ("xlsx", "csv"):
        # the whole city asked for, or the other county by name: the export stays in the county
        for params in ({}, {"region": "620500"}, {"search": "麦积"}, {"region": "620503"}):
            response = client.get("/registry/trademarks/", {**params, "export": fmt})
            assert response.status_code in (200, 400), params
            if response.status_code == 400:
                continue  # refused as on the page: nothing exported
            text = export_text(response, fmt)
            assert "麦积苹果" not in text and "麦积乙果业" not in text and other.uscc not in text
            assert ("秦州新品" in text) == (params.get("search") is None and params.get("region") != "620503")


def test_city_export_names_the_filtered_region(users, login, marks):
    client = login(users["city"])
    response = client.get("/registry/trademarks/", {"region": "620503", "export": "xlsx"})
    assert download_name(response) == "商标_麦积区_2014-07-10.xlsx"
    ws = sheet(response)
    assert "麦积区（620503）及下级" in ws["A2"].value
    assert [r["商标名称"].value for r in table(ws)[1]] == ["麦积苹果"]
    everything = client.get("/registry/trademarks/", {"export": "xlsx"})
    assert download_name(everything) == "商标_天水市_2014-07-10.xlsx"
    assert "筛选条件：无（全部记录）" in sheet(everything)["A2"].value


def test_formula_like_text_is_never_a_formula(users, login, regions):
    EntityFactory(region=regions["620502"], name="=HYPERLINK(\"http://x\",\"点我\")")
    client = login(users["county"])
    ws = sheet(client.get("/registry/entities/", {"export": "xlsx"}))
    cell = table(ws)[1][0]["名称"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    rows = csv_rows(client.get("/registry/entities/", {"export": "csv"}))
    assert rows[3][0].startswith("'=HYPERLINK")


def test_ledger_format_is_offered_and_unchanged(users, login, regions):
    entity = EntityFactory(region=regions["620502"], name="台账企业")
    client = login(users["county"])
    html = client.get("/registry/entities/").content.decode()
    for label in ("导出 Excel", "导出 CSV", "台账格式", "台账格式 CSV（供系统对接）"):
        assert f">{label}</a>" in html
    ledger = client.get("/registry/entities/", {"export": "ledger-csv"})
    text = body(ledger).decode("utf-8")
    assert text.startswith("\ufeff统一社会信用代码,名称,主体类型,区划代码")  # ledgers.md: header first
    assert f"\r\n{entity.uscc},台账企业,企业,620502" in text
    assert download_name(ledger) == "市场主体台账_秦州区_2014-07-10.csv"
    ws = sheet(client.get("/registry/entities/", {"export": "ledger-xlsx"}))
    assert [c.value for c in ws[1]][:2] == ["统一社会信用代码", "名称"]


def test_bad_filters_export_nothing_and_say_why(users, login):
    response = login(users["county"]).get("/registry/trademarks/", {"export": "xlsx", "year": "abcd"})
    assert response.status_code == 400 and "年度" in response.content.decode()


def test_entity_status_as_the_page_shows_it_in_a_few_queries(users, login, regions,
                                                               django_assert_max_num_queries):
    EntityFactory(region=regions["620502"], name="甲存续", kind="企业")
    EntityFactory(region=regions["620502"], name="乙注销", kind="企业", deregistered=dt.date(2014, 1, 2))
    EntityFactory(region=regions["620502"], name="丙将注销", kind="企业", deregistered=dt.date(2015, 1, 2))
    for i in range(40):
        EntityFactory(region=regions["620502"], name=f"丁{i:02d}", kind="企业")
    client = login(users["county"])
    page = client.get("/registry/entities/", {"ordering": "name", "page_size": 100})
    shown = {row[0]["text"]: row[-1]["text"] for row in page.context["rows"]}
    assert shown["乙注销"] == "已注销" and shown["丙将注销"] == "存续"
    with django_assert_max_num_queries(8):  # the same few queries for 43 rows as for 3: none per row
        response = client.get("/registry/entities/", {"ordering": "name", "export": "xlsx"})
        ws = sheet(response)
    exported = {r["名称"].value: r["状态"].value for r in table(ws)[1]}
    assert exported == shown
