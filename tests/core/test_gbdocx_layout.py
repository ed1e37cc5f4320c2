"""The GB/T 9704 layout of core/gbdocx.py, read back from the produced .docx (python-docx and its XML):
page, margins, 版头, title and body sizes, the line pitch, headings by level, tables (repeated header
row, widths within the 156 mm type area), the signature on the right and the page numbers on both
odd and even pages — and the same layout in planning's 通报 and cultivation's 公示 as they are made."""

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from qualitybrand.core import gbdocx

OFFICE = "天水市质量强市工作领导小组办公室"
DAY = dt.date(2014, 7, 10)


def read(data: bytes):
    return Document(io.BytesIO(data))


def east_asian(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def red_head(doc):
    """The 版头's paragraphs (inside the content control tagged 版头)."""
    sdts = [s for s in doc.element.body.iterchildren(qn("w:sdt"))
            if s.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")) == "版头"]
    return [p for s in sdts for p in s.iter(qn("w:p"))]


def assert_layout(doc) -> None:
    """What every document in the layout has, whatever its content."""
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] \
        == [37, 35, 28, 26]
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt in twentieths: 22 lines a page
    title = doc.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22) and east_asian(title.runs[0]) == "方正小标宋简体"
    body = [p for p in doc.paragraphs[1:] if p.runs and p.runs[0].font.size == Pt(16)]
    assert body
    for p in body:
        assert p.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert p.paragraph_format.line_spacing == Pt(28.95)
        assert east_asian(p.runs[0]) in ("仿宋_GB2312", "黑体", "楷体_GB2312")
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(widths) <= Mm(156).twips + len(widths) and sum(widths) >= Mm(155).twips
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, side in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert "PAGE" in p._p.xml and p.text == "—  —" and p.alignment == side
        assert p.runs[0].font.size == Pt(14) and east_asian(p.runs[0]) == "宋体"


def assert_signed(doc, office: str, date_text: str) -> None:
    texts = [p.text for p in doc.paragraphs]
    at = texts.index(office)
    signed, dated = doc.paragraphs[at], doc.paragraphs[at + 1]
    assert dated.text == date_text
    assert signed.alignment == dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def sample(**head) -> bytes:
    doc = gbdocx.document(**head)
    gbdocx.title(doc, "关于2013年度质量强市工作考核结果的通报")
    gbdocx.para(doc, "各县区人民政府，市直有关部门：", indent=False)
    gbdocx.para(doc, "根据考核方案，现将结果通报如下。")
    gbdocx.heading(doc, "一、考核结果")
    gbdocx.heading(doc, "（一）总体情况", level=2)
    gbdocx.heading(doc, "1. 得分", level=3)
    gbdocx.table(doc, ["名次", "县区", "总分"], [[1, "秦州区", "92.5"], [2, "麦积区", "90"]], widths=[30, 60, 60])
    gbdocx.table(doc, ["县区", "失分"], [["秦州区", "2.5"]])
    gbdocx.signature(doc, OFFICE, DAY)
    return gbdocx.to_bytes(doc)


def test_page_margins_title_body_tables_and_page_numbers():
    doc = read(sample(office=OFFICE, number="天质强办〔2014〕3号"))
    assert_layout(doc)
    assert doc.paragraphs[0].text == "关于2013年度质量强市工作考核结果的通报"
    assert doc.paragraphs[2].paragraph_format.first_line_indent == Pt(32)  # two characters
    assert_signed(doc, OFFICE, "2014年7月10日")


def test_red_head_office_number_and_red_line():
    doc = read(sample(office=OFFICE, number="天质强办〔2014〕3号"))
    mark, number = red_head(doc)
    mark_run = mark.findall(f"{qn('w:r')}")[0]
    assert "".join(t.text for t in mark.iter(qn("w:t"))) == f"{OFFICE}文件"
    assert mark_run.find(f"{qn('w:rPr')}/{qn('w:color')}").get(qn("w:val")) == "FF0000"
    assert mark_run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "方正小标宋简体"
    assert mark.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "center"
    assert "".join(t.text for t in number.iter(qn("w:t"))) == "天质强办〔2014〕3号"
    assert number.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "center"
    line = number.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert line.get(qn("w:val")) == "single" and line.get(qn("w:color")) == "FF0000"
    # the style LibreOffice reads carries the same look
    style = doc.styles["版头"]
    assert style.font.color.rgb == gbdocx.RED and style.font.name == "方正小标宋简体"
    assert doc.core_properties.author == OFFICE


def test_red_head_as_given_and_in_black():
    doc = read(sample(office="天水市秦州区市场监督管理局", mark="天水市秦州区市场监督管理局", red_head=False))
    mark, number = red_head(doc)
    assert "".join(t.text for t in mark.iter(qn("w:t"))) == "天水市秦州区市场监督管理局"
    assert mark.find(f".//{qn('w:color')}").get(qn("w:val")) == "000000"
    assert number.find(f".//{qn('w:bottom')}").get(qn("w:color")) == "000000"


def test_no_office_no_red_head():
    doc = read(sample())
    assert red_head(doc) == [] and doc.paragraphs[0].runs[0].font.size == Pt(22)
    assert_layout(doc)


def test_headings_by_level():
    doc = read(sample())
    by_text = {p.text: p for p in doc.paragraphs}
    one, two, three = by_text["一、考核结果"], by_text["（一）总体情况"], by_text["1. 得分"]
    assert east_asian(one.runs[0]) == "黑体" and not one.runs[0].font.bold
    assert east_asian(two.runs[0]) == "楷体_GB2312" and not two.runs[0].font.bold
    assert east_asian(three.runs[0]) == "仿宋_GB2312" and three.runs[0].font.bold
    assert all(p.runs[0].font.size == Pt(16) for p in (one, two, three))


@pytest.mark.parametrize(("widths", "expected_mm"), [
    ([30, 60, 60], [31.2, 62.4, 62.4]),  # scaled to 156 mm
    ([100, 200, 300], [26, 52, 78]),
    (None, [52, 52, 52]),  # equal split
    ([10], [52, 52, 52]),  # too few widths: equal split
])
def test_table_widths_fit_the_type_area(widths, expected_mm):
    doc = gbdocx.document()
    table = gbdocx.table(doc, ["a", "b", "c"], [["1", "2", "3"]], widths=widths)
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert [round(w / 56.6929, 1) for w in grid] == expected_mm  # twips → mm
    cells = [c.width.mm for c in table.rows[1].cells]
    assert [round(w, 1) for w in cells] == expected_mm
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_table_header_repeat_can_be_turned_off():
    doc = gbdocx.document()
    table = gbdocx.table(doc, ["a"], [["1"]], repeat_header=False)
    assert table.rows[0]._tr.trPr is None or table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is None


def test_signature_positions():
    doc = gbdocx.document()
    gbdocx.signature(doc, OFFICE, DAY)
    office, date = doc.paragraphs[-2], doc.paragraphs[-1]
    assert date.text == "2014年7月10日"
    # a long office name: two characters from the right, the date centred under it
    assert office.paragraph_format.right_indent == Pt(32)
    assert date.paragraph_format.right_indent == Pt(16 * (2 + (16 - 6.5) / 2))
    doc = gbdocx.document()
    gbdocx.signature(doc, "市质监局", DAY)  # shorter than the date: the date four characters in
    assert doc.paragraphs[-1].paragraph_format.right_indent == Pt(64)


def test_picture_and_page_break():
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (600, 300), "white").save(png, format="PNG")
    doc = gbdocx.document()
    gbdocx.picture(doc, png.getvalue())
    gbdocx.page_break(doc)
    gbdocx.picture(doc, png.getvalue(), width_mm=400)  # never wider than the type area
    doc = read(gbdocx.to_bytes(doc))
    shapes = doc.inline_shapes
    assert len(shapes) == 2 and all(round(s.width.mm) == 156 for s in shapes)
    assert any(br.get(qn("w:type")) == "page" for br in doc.element.body.iter(qn("w:br")))


def test_finish_keeps_its_form_and_signs_with_an_office():
    doc = gbdocx.document()
    gbdocx.title(doc, "信用报告")
    plain = read(gbdocx.finish(doc, "平台", DAY))
    assert plain.paragraphs[-1].text == "2014年7月10日"
    assert plain.paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    doc = gbdocx.document(office=OFFICE)
    gbdocx.title(doc, "公示")
    signed = read(gbdocx.finish(doc, "平台", DAY, office=OFFICE))
    assert_signed(signed, OFFICE, "2014年7月10日")
    assert signed.paragraphs[-1].text == "数据来源：平台，截至2014年7月10日。"


def test_planning_notice_in_the_layout():
    from qualitybrand.planning import exports

    region = SimpleNamespace(name="天水市", code="620500")
    round_obj = SimpleNamespace(
        region=region, kind="年终考核", as_of=dt.date(2014, 1, 20), frozen_at=dt.datetime(2014, 2, 1, 9),
        document={"name": "2013年度质量强市工作考核方案", "vetoes": [], "items": []},
        snapshot={"results": [{"rank": 1, "name": "秦州区", "total": "92.5", "grade": "A", "vetoed": [],
                               "items": {}}]})
    notice = SimpleNamespace(doc_number="天质强办发〔2014〕3号", title="关于2013年度考核结果的通报", body="",
                             published_at=DAY)
    losses = [{"name": "秦州区", "item": "A1", "item_name": "商标", "points": "10", "score": "7.5", "lost": "2.5"}]
    doc = read(exports.notice_docx(round_obj, notice, losses))
    assert_layout(doc)
    mark, number = red_head(doc)
    assert "".join(t.text for t in mark.iter(qn("w:t"))) == f"{OFFICE}文件"
    assert "".join(t.text for t in number.iter(qn("w:t"))) == "天质强办发〔2014〕3号"
    assert doc.paragraphs[0].text == "关于2013年度考核结果的通报"
    assert [c.text for c in doc.tables[0].rows[1].cells] == ["1", "秦州区", "92.5", "A", "—"]
    assert [c.text for c in doc.tables[1].rows[1].cells] == ["秦州区", "A1 商标", "10", "7.5", "2.5"]
    assert_signed(doc, OFFICE, "2014年7月10日")


def test_award_notice_in_the_layout(monkeypatch):
    from qualitybrand.cultivation import documents

    rows = [{"no": 1, "entity": "天水长城果汁有限公司", "uscc": "91620502MA00000001", "program": "政府质量奖",
             "region": "秦州区", "score": 612.5, "state": "公示中", "notice": "2014年7月10日至2014年7月17日"}]
    monkeypatch.setattr(documents, "award_rows", lambda user, call: rows)
    monkeypatch.setattr(documents.clock, "today", lambda: DAY)
    call = SimpleNamespace(year=2014, name="2014年度政府质量奖评审", region=SimpleNamespace(name="天水市"))
    doc = read(documents.award_notice_docx(None, call))
    assert_layout(doc)
    assert "".join(t.text for t in red_head(doc)[0].iter(qn("w:t"))) == f"{OFFICE}文件"
    assert "公示期：2014年7月10日至2014年7月17日" in doc.paragraphs[1].text
    assert doc.tables[0].rows[1].cells[1].text == "天水长城果汁有限公司"
    assert_signed(doc, OFFICE, "2014年7月10日")
