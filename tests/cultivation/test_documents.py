import io

from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook

from qualitybrand.cultivation import documents, services
from qualitybrand.cultivation.models import State
from tests.cultivation.factories import make_application
from tests.factories import TrademarkFactory


def test_recommendation_list_docx_and_xlsx(call, programs, entity, users):
    for _ in range(2):
        app = make_application(call, programs["city"], entity, TrademarkFactory(holder=entity), state=State.CITY)
        services.transition(users["city_admin"], app, "推荐")
    make_application(call, programs["city"], entity, TrademarkFactory(holder=entity), state=State.COUNTY)
    data = documents.recommendation_docx(users["city_admin"], call)
    doc = Document(io.BytesIO(data))
    sec = doc.sections[0]
    assert [round(x.mm) for x in (sec.top_margin, sec.left_margin, sec.page_width)] == [37, 28, 210]
    title = doc.paragraphs[0]
    assert title.text == "2014年度品牌培育认定推荐名单"
    assert title.runs[0].font.name == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert doc.paragraphs[1].runs[0].font.name == "仿宋_GB2312" and doc.paragraphs[1].runs[0].font.size == Pt(16)
    assert "共推荐 2 个" in doc.paragraphs[1].text
    assert len(doc.tables[0].rows) == 3
    assert "PAGE" in sec.footer._element.xml and "— " in sec.footer.paragraphs[0].text
    wb = load_workbook(io.BytesIO(documents.recommendation_xlsx(users["city_admin"], call)))
    ws = wb.active
    assert ws["A1"].value == "2014年度推荐名单" and ws.max_row == 5
    # a county sees only its own region's part
    assert len(documents.recommendation_rows(users["county"], call)) == 2


def test_award_notice(call, programs, entity, users):
    app = make_application(call, programs["award"], entity, state=State.SITE_REVIEW)
    services.transition(users["city_admin"], app, "公示")
    doc = Document(io.BytesIO(documents.award_notice_docx(users["city_admin"], call)))
    assert "公示期：2014年7月10日至2014年7月17日" in doc.paragraphs[1].text
    assert doc.tables[0].rows[1].cells[1].text == entity.name
