"""Documents: the recommendation list (推荐名单) and the award notice (质量奖公示/通报), as .docx in the
GB/T 9704-2012 layout (A4, top margin 37 mm, left 28 mm, title 2号 小标宋, body 3号 仿宋_GB2312,
page numbers “— 1 —” 4号 宋体 on the outer side) and as .xlsx."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from qualitybrand.core import clock

from . import rules
from .models import State

TITLE_FONT, BODY_FONT, HEADING_FONT, PAGE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "宋体"


def recommendation_rows(user, call) -> list[dict]:
    from .selectors import applications_for

    apps = applications_for(user, {"call": call.pk}).filter(state__in=[State.RECOMMENDED, State.RECOGNISED,
                                                                       State.NOTICE])
    apps = sorted(apps, key=lambda a: (a.program_id, a.region.code, a.entity.name))
    return [{"no": i, "entity": a.entity.name, "uscc": a.entity.uscc, "program": a.program.name,
             "object": a.object_label or "—", "region": a.region.name, "state": a.state,
             "score": a.panel_score} for i, a in enumerate(apps, 1)]


def award_rows(user, call) -> list[dict]:
    from .selectors import applications_for

    apps = [a for a in applications_for(user, {"call": call.pk}).filter(
        state__in=[State.NOTICE, State.RECOGNISED]) if rules.is_scored(a.program)]
    apps.sort(key=lambda a: (a.program_id, -(a.panel_score or 0)))
    return [{"no": i, "entity": a.entity.name, "uscc": a.entity.uscc, "program": a.program.name,
             "region": a.region.name, "score": a.panel_score, "state": a.state,
             "notice": f"{rules.cn(a.notice_start)}至{rules.cn(a.notice_end)}" if a.notice_start else "—"}
            for i, a in enumerate(apps, 1)]


# --- docx ---------------------------------------------------------------------------------------

def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _para(doc, text: str, *, font=BODY_FONT, size=16, align=None, bold=False, indent=True, space_after=0):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.95)  # 22 lines in the 225 mm type area
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold)
    return p


def _page_number(paragraph) -> None:
    """“— N —” with a PAGE field, 4号 (14 pt) 宋体."""
    _font(paragraph.add_run("— "), PAGE_FONT, 14)
    run = paragraph.add_run()
    _font(run, PAGE_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _font(paragraph.add_run(" —"), PAGE_FONT, 14)


def _document():
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(37), Mm(28)
    section.right_margin = Mm(26)   # 210 − 28 − 156
    section.bottom_margin = Mm(35)  # 297 − 37 − 225
    section.footer_distance = Mm(28)
    # page numbers on the outer side: odd pages right, even pages left
    settings = doc.settings.element
    even_odd = OxmlElement("w:evenAndOddHeaders")
    settings.append(even_odd)
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _page_number(even)
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(16)
    style.element.get_or_add_rPr()
    return doc


def _title(doc, text: str) -> None:
    _para(doc, text, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=14)


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 12)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, 12)


def _finish(doc, source: str) -> bytes:
    today = clock.today()
    _para(doc, f"数据来源：{source}，截至{rules.cn(today)}。", size=12, indent=False)
    _para(doc, "", indent=False)
    _para(doc, rules.cn(today), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def recommendation_docx(user, call) -> bytes:
    rows = recommendation_rows(user, call)
    doc = _document()
    _title(doc, f"{call.year}年度品牌培育认定推荐名单")
    by_program: dict[str, int] = {}
    for r in rows:
        by_program[r["program"]] = by_program.get(r["program"], 0) + 1
    summary = "，".join(f"{k} {v} 个" for k, v in by_program.items()) or "无"
    _para(doc, f"根据“{call.name}”的安排，经企业申报、县区初审和市级审核，共推荐 {len(rows)} 个"
               f"（{summary}），名单如下：")
    _table(doc, ["序号", "申报单位", "统一社会信用代码", "项目", "商标/产品", "县区"],
           [[r["no"], r["entity"], r["uscc"], r["program"], r["object"], r["region"]] for r in rows])
    return _finish(doc, "质量强市与品牌战略综合管理平台申报审核记录")


def award_notice_docx(user, call) -> bytes:
    rows = award_rows(user, call)
    doc = _document()
    _title(doc, f"{call.year}年度政府质量奖评审结果公示")
    notice = next((r["notice"] for r in rows if r["notice"] != "—"), "—")
    _para(doc, f"按照“{call.name}”的安排，经企业申报、县区初审、市级审核、专家资料评审和现场评审，"
               f"拟授予以下 {len(rows)} 家单位政府质量奖，现予公示。公示期：{notice}。"
               "对公示对象有异议的，请在公示期内以书面形式向市质量强市工作领导小组办公室反映。")
    _table(doc, ["序号", "单位名称", "统一社会信用代码", "奖项", "评审得分", "县区"],
           [[r["no"], r["entity"], r["uscc"], r["program"], f"{r['score']:.2f}" if r["score"] is not None else "—",
             r["region"]] for r in rows])
    return _finish(doc, "质量强市与品牌战略综合管理平台专家评审记录")


# --- xlsx ---------------------------------------------------------------------------------------

def _xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(headers)
    thin = Side(style="thin")
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for row in rows:
        ws.append([_safe(v) for v in row])
    ws.append([f"数据来源：质量强市与品牌战略综合管理平台，截至{rules.cn(clock.today())}。"])
    for i, width in enumerate([6, 36, 22, 16, 24, 12, 10][:len(headers)], 1):
        ws.column_dimensions[chr(64 + i)].width = width
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _safe(value):
    """Formula-safe text cells."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def recommendation_xlsx(user, call) -> bytes:
    rows = recommendation_rows(user, call)
    return _xlsx(f"{call.year}年度推荐名单", ["序号", "申报单位", "统一社会信用代码", "项目", "商标/产品", "县区", "状态"],
                 [[r["no"], r["entity"], r["uscc"], r["program"], r["object"], r["region"], r["state"]] for r in rows])


def award_notice_xlsx(user, call) -> bytes:
    rows = award_rows(user, call)
    return _xlsx(f"{call.year}年度政府质量奖评审结果", ["序号", "单位名称", "统一社会信用代码", "奖项", "评审得分", "县区",
                                                "状态"],
                 [[r["no"], r["entity"], r["uscc"], r["program"], float(r["score"]) if r["score"] is not None else None,
                   r["region"], r["state"]] for r in rows])
