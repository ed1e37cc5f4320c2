"""The one GB/T 9704-2012 (党政机关公文格式) layout of the platform's .docx documents: A4, type area
156 × 225 mm (top margin 37 mm, left 28 mm), 22 lines a page, title 2号 小标宋, body 3号 仿宋_GB2312,
headings 一、 in 黑体, page numbers “— 1 —” 4号 宋体 on the outer side (UI.md § Documents).

Every app that writes a document builds it from these helpers (cultivation's notices, the credit
report), so a correction to the layout is made once. The fonts are named in the file; the reader's
Word or WPS supplies them.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT, BODY_FONT, HEADING_FONT, PAGE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "宋体"
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm type area


def cn_date(day) -> str:
    """2014年7月10日 (documents write dates this way); "—" for no date."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def font(run, name: str, size: float, bold: bool = False) -> None:
    """Name the font for every script (the East Asian one is what Word uses for Chinese)."""
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


def para(doc, text: str, *, font_name=BODY_FONT, size=16, align=None, bold=False, indent=True, space_after=0):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    font(p.add_run(text), font_name, size, bold)
    return p


def heading(doc, text: str):
    """A first-level heading (一、…) in 黑体 3号."""
    return para(doc, text, font_name=HEADING_FONT, size=16)


def _page_number(paragraph) -> None:
    """“— N —” with a PAGE field, 4号 (14 pt) 宋体."""
    font(paragraph.add_run("— "), PAGE_FONT, 14)
    run = paragraph.add_run()
    font(run, PAGE_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    font(paragraph.add_run(" —"), PAGE_FONT, 14)


def document():
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(37), Mm(28)
    section.right_margin = Mm(26)   # 210 − 28 − 156
    section.bottom_margin = Mm(35)  # 297 − 37 − 225
    section.footer_distance = Mm(28)
    # page numbers on the outer side: odd pages right, even pages left
    even_odd = OxmlElement("w:evenAndOddHeaders")
    doc.settings.element.append(even_odd)
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


def title(doc, text: str) -> None:
    para(doc, text, font_name=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=14)


def table(doc, headers: list[str], rows: list[list], size: float = 12, widths: list[float] | None = None):
    """A ruled table; `widths` in mm (summing to the 156 mm type area), else equal columns."""
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(t.rows[0].cells, headers):
        cell.text = ""
        font(cell.paragraphs[0].add_run(text), HEADING_FONT, size)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        for cell, text in zip(t.add_row().cells, row):
            cell.text = ""
            font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, size)
    if widths:
        t.autofit = False
        for column, width in zip(t.columns, widths):
            for cell in column.cells:  # Word reads the cells' widths, LibreOffice the grid's
                cell.width = Mm(width)
            column.width = Mm(width)
    return t


def finish(doc, source: str, today) -> bytes:
    """The source line (数据来源：…，截至…), the date on the right, and the file's bytes."""
    para(doc, f"数据来源：{source}，截至{cn_date(today)}。", size=12, indent=False)
    para(doc, "", indent=False)
    para(doc, cn_date(today), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
