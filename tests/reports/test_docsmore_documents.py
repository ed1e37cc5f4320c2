"""调度简报, 质量状况分析报告, 统计报表 and 品牌画册 built for a small city made with factories: the documents are
read back (.docx text, .xlsx cells, PDF pages) and their figures compared with `compute(...)` formatted by
`format_value`; the bulletin's numbering; the statistics' layout; the album's pages."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from docx import Document

from qualitybrand.indicators import catalog
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from qualitybrand.indicators.selectors import format_value
from qualitybrand.registry.models import Program
from qualitybrand.reports import kinds, pdf
from qualitybrand.reports.documents import brand_album, bulletin, quality_analysis, statistics
from qualitybrand.reports.kinds import DocRequest, no_progress
from qualitybrand.reports.models import DocumentKind, IssuedDocument
from tests.reports.factories_docsmore import small_city

TODAY = dt.date(2014, 7, 10)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.QB_TODAY = TODAY


@pytest.fixture
def city(regions):
    return small_city(regions)


def text_of(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def table_rows(data: bytes) -> list[list[str]]:
    doc = Document(io.BytesIO(data))
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


def made(code: str, req: DocRequest) -> tuple[dict, bytes]:
    kind = kinds.get(code)
    ctx = kind.context(req)
    return ctx, kind.build(req, ctx, no_progress)


def expected(code, period, region) -> str:
    return format_value(catalog.get(code), compute([code], period, regions=[region])[(code, region.code)])


# --- 调度简报 -----------------------------------------------------------------------------------

def test_bulletin_figures_equal_the_engine(city, regions, city_user):
    region = regions["620500"]
    req = DocRequest("bulletin", region, city_user, start=dt.date(2014, 6, 1), end=dt.date(2014, 6, 30))
    ctx, data = made("bulletin", req)
    period = Period.between(dt.date(2014, 6, 1), dt.date(2014, 6, 30))
    rows = {r[0]: r for r in table_rows(data)}
    for code in ("insp.batches", "insp.pass_rate", "tm.valid", "entity.new"):
        spec = catalog.get(code)
        assert rows[spec.name][2] == expected(code, period, region), code
        assert ctx["by_code"][code]["text"] == expected(code, period, region)
    assert rows["监督抽查合格率"][2] == "50.0%"  # one of the two June batches passed
    text = text_of(data)
    assert "质量强市工作简报" in text and "第1期（2014年）" in text and "2014年6月1日至6月30日" in text
    assert "天水市市场监督管理局\t2014年7月10日" in text
    # counties ranked on the pass rate: 秦州区 100.0% before 麦积区 0.0%
    ranking = next(r for r in ctx["rankings"] if r["code"] == "insp.pass_rate")["rows"]
    assert [(r["region"], r["rank"], r["text"]) for r in ranking[:2]] == [("秦州区", 1, "100.0%"), ("麦积区", 2, "0.0%")]
    assert ranking[2]["rank"] == "—"  # no batches: not ranked


def test_bulletin_numbering(city, regions, city_user):
    region = regions["620500"]
    assert bulletin.next_issue_no(region, 2014) == 1
    for no, end, where in ((3, dt.date(2014, 5, 31), region), (7, dt.date(2013, 12, 31), region),
                           (9, dt.date(2014, 5, 31), regions["620502"])):
        IssuedDocument.objects.create(kind=DocumentKind.BULLETIN, region=where, issue_no=no, period_end=end,
                                      year=end.year)
    assert bulletin.next_issue_no(region, 2014) == 4  # other years and regions do not count
    req = DocRequest("bulletin", region, city_user, start=dt.date(2014, 6, 1), end=dt.date(2014, 6, 30))
    ctx, data = made("bulletin", req)
    assert ctx["issue_no"] == 4 and "第4期（2014年）" in text_of(data)
    req.issue_no = 12
    assert made("bulletin", req)[0]["issue"] == "第12期"


def test_bulletin_without_a_user_reads_the_region_subtree(city, regions):
    req = DocRequest("bulletin", regions["620502"], None, start=dt.date(2014, 6, 1), end=dt.date(2014, 6, 30))
    ctx, data = made("bulletin", req)
    assert ctx["office"] == "秦州区市场监督管理局"
    assert all(w["region"] in ("", "秦州区") for w in ctx["warnings"]["rows"])
    assert "五、下步工作" in text_of(data)


# --- 质量状况分析报告 -----------------------------------------------------------------------------

def test_quality_analysis_rates_and_charts(city, regions, city_user):
    region = regions["620500"]
    ctx, data = made("quality_analysis", DocRequest("quality_analysis", region, city_user, year=2013))
    period = Period.year(2013)
    text = text_of(data)
    rows = table_rows(data)
    rate = expected("insp.pass_rate", period, region)
    assert rate == "50.0%"  # 3 of 6 batches of 2013
    assert f"监督抽查合格率{rate}" in text
    by_county = {r[0]: r for r in rows if r[0] in ("秦州区", "麦积区")}
    for code in ("620502", "620503"):
        county = regions[code]
        assert by_county[county.name][2] == expected("insp.pass_rate", period, county)
    levels = {r[0]: r for r in rows if r[0] in ("国家", "省级", "市级", "县级")}
    for slug, label in (("national", "国家"), ("city", "市级"), ("county", "县级")):
        assert levels[label][2] == expected(f"insp.{slug}.pass_rate", period, region)
    products = {r[0]: r for r in rows if r[0] in ("电线电缆", "食品")}
    assert products["电线电缆"][1:] == ["4", "2", "50.0%"] and products["食品"][1:] == ["2", "1", "50.0%"]
    assert [r["entity"] for r in ctx["repeated"]] == ["麦积电缆有限公司"]
    assert "麦积电缆有限公司 | 麦积区 | 2 | 电线电缆" in text
    assert len(Document(io.BytesIO(data)).inline_shapes) == 3  # levels, products, counties
    assert any("麦积区" in c["problem"] for c in ctx["conclusions"])
    assert "导体电阻" in text or all(p["rate"] >= 50 for p in ctx["products"])
    for code in ("case.opened", "incident.count", "complaint.received"):
        assert {r["code"]: r for r in ctx["cases"] + ctx["incidents"] + ctx["complaints"]}[code]["text"] == \
            expected(code, period, region)


def test_repeated_failures_count_the_year_only(city, regions):
    assert quality_analysis.repeated_failures(regions["620500"], Period.year(2014)) == []
    assert [r["times"] for r in quality_analysis.repeated_failures(regions["620503"], Period.year(2013))] == [2]
    assert quality_analysis.repeated_failures(regions["620502"], Period.year(2013)) == []


# --- 统计报表 ------------------------------------------------------------------------------------

def test_statistics_layout_and_numbers(city, regions, city_user):
    region = regions["620500"]
    ctx, data = made("statistics", DocRequest("statistics", region, city_user, year=2013))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [ws.title for ws in book] == ["表1 市场主体与商标", "表2 专利", "表3 认证与标准", "表4 监督抽查",
                                         "表5 品牌培育", "表6 投诉举报"]
    ws = book["表4 监督抽查"]
    assert ws["A1"].value == "天水市2013年产品质量监督抽查情况统计表"
    header = [c.value for c in ws[2] if c.value]
    assert header == ["填报单位：天水市市场监督管理局", "统计期：2013年1月1日至12月31日", "单位：见各栏"]
    columns = [c.value for c in ws[3]]
    assert columns[:4] == ["区划", "监督抽查批次（批次）", "抽查合格批次（批次）", "监督抽查合格率（%）"]
    by_region = {row[0].value: row for row in ws.iter_rows(min_row=4, max_row=11)}
    assert list(by_region)[-1] == "合计（天水市）" and len(by_region) == 8  # 7 counties + the total
    assert ws.cell(row=13, column=1).value.startswith("数据来源")
    period = Period.year(2013)
    for label, region_ in (("合计（天水市）", region), ("麦积区", regions["620503"])):
        values = compute(["insp.batches", "insp.pass_rate"], period, regions=[region_])
        row = by_region[label]
        assert row[1].data_type == "n" and row[1].value == values[("insp.batches", region_.code)]
        assert row[3].data_type == "n"
        assert f"{row[3].value:.1f}%" == format_value(catalog.get("insp.pass_rate"),
                                                       values[("insp.pass_rate", region_.code)])
    assert by_region["麦积区"][3].value == 25  # 1 of 4 batches passed
    tm = {row[0].value: row for row in book["表1 市场主体与商标"].iter_rows(min_row=4, max_row=11)}
    assert tm["合计（天水市）"][6].value == compute(["tm.valid"], period, regions=[region])[("tm.valid", "620500")]
    programs = [c.value for c in book["表5 品牌培育"][3]]
    assert "省著名商标（项）" in programs or any("省著名商标" in (p or "") for p in programs)


def test_statistics_number_rounding():
    rate = catalog.get("insp.pass_rate")
    assert statistics.number(rate, 200 / 3) == 66.7 and statistics.number(rate, None) is None
    assert statistics.number(catalog.get("insp.batches"), 1234) == 1234
    assert statistics.number(catalog.get("case.fines"), 2036.485) == 2036.49


# --- 品牌画册 ------------------------------------------------------------------------------------

def test_brand_album_brands_valid_at_year_end(city, regions, city_user):
    region = regions["620500"]
    ctx = kinds.get("brand_album").context(DocRequest("brand_album", region, city_user, year=2013))
    codes = [f"rec.valid.{p.code}" for p in Program.objects.all()]
    valid = compute(codes, Period.year(2013), regions=[region])
    assert ctx["count"] == sum(v or 0 for v in valid.values()) == 2
    assert [b["mark"] for b in ctx["brands"]] == ["星火", "麦积花牛苹果"]  # 省 before 市
    assert ctx["brands"][0]["holder"] == "秦州星火机械有限公司" and ctx["brands"][0]["tier"] == "省级"
    assert [b["page"] for b in ctx["brands"]] == [3, 4]
    text = text_of(brand_album.docx(ctx))
    assert "品 牌 画 册" in text and "目  录" in text and "2016年12月31日" in text and "天缆" not in text


@pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) 未安装，无法转换 PDF")
def test_brand_album_pdf_pages(city, regions, city_user):
    req = DocRequest("brand_album", regions["620500"], city_user, year=2013)
    ctx, data = made("brand_album", req)
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages == ctx["count"] + 1 + ctx["contents_pages"] == 4


def test_brand_album_without_libreoffice(city, regions, city_user, monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    req = DocRequest("brand_album", regions["620500"], city_user, year=2013)
    kind = kinds.get("brand_album")
    with pytest.raises(pdf.PdfUnavailable, match="LibreOffice"):
        kind.build(req, kind.context(req), no_progress)


# --- the registrations ----------------------------------------------------------------------------

@pytest.mark.parametrize("code,fmt,period", [("bulletin", "docx", "period"), ("quality_analysis", "docx", "year"),
                                             ("statistics", "xlsx", "year"), ("brand_album", "pdf", "year")])
def test_kinds_registered_with_their_fields(city, regions, city_user, code, fmt, period):
    kind = kinds.get(code)
    assert (kind.fmt, kind.period) == (fmt, period)
    req = DocRequest(code, regions["620500"], city_user, year=2013, start=dt.date(2014, 6, 1),
                     end=dt.date(2014, 6, 30))
    ctx = kind.context(req)
    assert {name for name, _ in kind.fields} == set(ctx)
    assert all(meaning for _, meaning in kind.fields)


def test_brand_album_of_one_tier(city, regions, city_user):
    """An album of one tier only (the city's whole album runs to hundreds of pages)."""
    req = DocRequest("brand_album", regions["620500"], city_user, year=2013, extra={"tier": "省"})
    ctx = kinds.get("brand_album").context(req)
    assert [b["mark"] for b in ctx["brands"]] == ["星火"] and ctx["count"] == 1
    assert ctx["title"] == "天水市省级品牌画册" and ctx["tier"] == "省级"
    req.extra = {"tier": "乡"}  # not a tier: the whole album
    assert kinds.get("brand_album").context(req)["count"] == 2


def test_kinds_answer_to_other_names():
    assert kinds.get("annual-summary").code == kinds.get("年度工作总结").code == "annual_summary"
    assert kinds.get("album").code == "brand_album" and kinds.get("STATS").code == "statistics"
    assert kinds.get("nonsense") is None and kinds.get("") is None


def test_the_archive_title_of_an_album_names_its_tier(city_user, regions, settings, tmp_path):
    from qualitybrand.reports import services

    settings.MEDIA_ROOT = tmp_path / "files"
    doc = services.request_document(city_user, "brand_album", regions["620500"], year=2013, extra={"tier": "国家"},
                                    enqueue=False)
    assert doc.title == "天水市2013年度国家级品牌画册"
    whole = services.request_document(city_user, "brand_album", regions["620500"], year=2013, enqueue=False)
    assert whole.title == "天水市2013年度品牌画册"
