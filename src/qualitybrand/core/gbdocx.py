"""The one GB/T 9704-2012 (党政机关公文格式) layout of the platform's .docx documents (reports.md § Documents):
A4, margins 37/35/28/26 mm (top, bottom, left, right) giving the 156 × 225 mm type area, a line grid of
22 lines a page (line pitch ≈ 28.95 pt) and 28 characters a line (body runs condensed 0.25 pt), the 版头 (the issuing office in red 小标宋,
the 文号 centred under it, a red separator line the width of the type area), title 2号 小标宋, body 3号
仿宋_GB2312 at that fixed line spacing, headings by level (一、 黑体; （一） 楷体_GB2312; 1. 仿宋 bold), tables
fitted to the 156 mm width with their header row repeated on every page, 发文机关署名 and 成文日期 on the
right, page numbers “— 1 —” 4号 宋体 on the outer side (odd pages right, even pages left).

Every app that writes a document builds it from these helpers, so a correction to the layout is made once:

    doc = gbdocx.document(office="天水市质量强市工作领导小组办公室", number="天质强办〔2014〕3号")
    gbdocx.title(doc, "关于……的通报")
    gbdocx.para(doc, "各县区人民政府：", indent=False)
    gbdocx.heading(doc, "一、考核结果")            # level=2: （一）…  level=3: 1. …
    gbdocx.table(doc, ["县区", "得分"], [["秦州区", "92.5"]], widths=[60, 40])   # scaled to 156 mm
    gbdocx.picture(doc, png_bytes)                 # a chart, 156 mm wide
    gbdocx.signature(doc, "天水市质量强市工作领导小组办公室", day)
    data = gbdocx.to_bytes(doc)

The fonts are named in the file for every script (East Asian included); the reader's Word or WPS supplies
them, the PDF preview (LibreOffice) substitutes the CJK font installed on the server.
The 版头 is one block content control (w:sdt tagged “版头”) at the top of the body, so `doc.paragraphs[0]`
is still the title for a reader of the text.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

TITLE_FONT, BODY_FONT, HEADING_FONT, PAGE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "宋体"
KAI_FONT = "楷体_GB2312"
HEADING_FONTS = {1: (HEADING_FONT, False), 2: (KAI_FONT, False), 3: (BODY_FONT, True)}  # 一、 / （一） / 1.
RED = RGBColor(0xFF, 0x00, 0x00)
TEXT_WIDTH_MM = 156  # 210 − 28 − 26
TEXT_HEIGHT_MM = 225  # 297 − 37 − 35
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm type area (225 mm = 637.8 pt; 637.8 / 22 ≈ 28.99, GB/T's 28.95)
BODY_SIZE = 16  # 3号
TITLE_SIZE = 22  # 2号
PAGE_SIZE = 14  # 4号
_CHAR_PITCH_PT = TEXT_WIDTH_MM / 25.4 * 72 / CHARS_PER_LINE  # 15.79 pt: 28 characters in 156 mm


def cn_date(day) -> str:
    """2014年7月10日 (documents write dates this way); "—" for no date."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def office_name(region) -> str:
    """The office of the quality-and-brand strategy of a region: 天水市质量强市工作领导小组办公室."""
    name = getattr(region, "name", region) or ""
    return f"{name}质量强市工作领导小组办公室"


def font(run, name: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    """Name the font for every script (the East Asian one is what Word uses for Chinese)."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


# the order of a w:pPr's children (ECMA-376 CT_PPrBase), for inserting one where it belongs
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
              "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _no_grid(paragraph) -> None:
    """Leave the document grid (for text that is not body text: tables, the 版头, the page numbers)."""
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:snapToGrid")) is None:
        el = OxmlElement("w:snapToGrid")
        el.set(qn("w:val"), "0")
        ppr.insert_element_before(el, *_PPR_ORDER[_PPR_ORDER.index("w:snapToGrid") + 1:])


def para(doc, text: str, *, font_name=BODY_FONT, size=BODY_SIZE, align=None, bold=False, indent=True,
         space_after=0):
    """A paragraph at the fixed line pitch; `indent` = the first line indented by two characters."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    if size != BODY_SIZE:
        _no_grid(p)
    run = p.add_run(text)
    font(run, font_name, size, bold)
    if size == BODY_SIZE:
        condense(run)
    return p


def condense(run) -> None:
    """28 characters of 3号 in the 156 mm line: each character 0.25 pt closer (字符间距紧缩 0.25 磅; 28 × 15.75 pt
    = 441 pt ≤ 442.2 pt). Word's character grid would do it, but LibreOffice, which renders the previews,
    spreads a character over two grid cells, so the grid holds lines only."""
    run._element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(-(BODY_SIZE - _CHAR_PITCH_PT + 0.04) * 20)))
    rpr = run._element.rPr
    rpr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                              "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em",
                              "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def heading(doc, text: str, level: int = 1):
    """A heading of the body: level 1 “一、” in 黑体, level 2 “（一）” in 楷体_GB2312, level 3 “1.” in 仿宋
    bold — all 3号, indented two characters like the body."""
    name, bold = HEADING_FONTS.get(level, HEADING_FONTS[1])
    p = para(doc, text, font_name=name, bold=bold)
    p.paragraph_format.keep_with_next = True
    return p


def title(doc, text: str) -> None:
    """The title, 2号 小标宋, centred (a blank line after it)."""
    para(doc, text, font_name=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
         space_after=14)


def _page_number(paragraph) -> None:
    """“— N —” with a PAGE field, 4号 (14 pt) 宋体."""
    _no_grid(paragraph)
    font(paragraph.add_run("— "), PAGE_FONT, PAGE_SIZE)
    run = paragraph.add_run()
    font(run, PAGE_FONT, PAGE_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    font(paragraph.add_run(" —"), PAGE_FONT, PAGE_SIZE)


def _grid(section) -> None:
    """22 lines a page and 28 characters a line (Word's 文档网格, “指定行和字符网格”)."""
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))  # twentieths of a point
    if qn("w:charSpace") in grid.attrib:
        del grid.attrib[qn("w:charSpace")]


def document(*, office: str | None = None, number: str | None = None, red_head: bool = True,
             mark: str | None = None):
    """A new document in the layout. With `office`, the 版头: the 发文机关标志 (`mark`, by default the office's
    name + “文件”) in 小标宋, the 文号 (`number`) centred under it and the separator line under that — red,
    or black when `red_head` is False (a copy printed in black)."""
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(37), Mm(28)
    section.right_margin = Mm(26)   # 210 − 28 − 156
    section.bottom_margin = Mm(35)  # 297 − 37 − 225
    section.header_distance = Mm(15)
    section.footer_distance = Mm(24)  # the number's line 7 mm under the type area
    _grid(section)
    # page numbers on the outer side: odd pages right, even pages left, one character in from the edge
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(PAGE_SIZE)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(PAGE_SIZE)
    _page_number(even)
    _body_font(doc)
    if office:
        doc.core_properties.author = office
        _red_head(doc, mark or (office if office.endswith("文件") else f"{office}文件"), number,
                  RED if red_head else RGBColor(0, 0, 0))
    return doc


def _body_font(doc) -> None:
    """3号 仿宋_GB2312 as the document's default and the Normal style's (the grid's character pitch is
    counted from the default size)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rprs = [doc.styles["Normal"].element.get_or_add_rPr()]
    if defaults is not None and defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr")) is not None:
        rprs.append(defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr")))
    for rpr in rprs:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), BODY_FONT)
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(BODY_SIZE * 2))


def _red_head(doc, mark: str, number: str | None, color: RGBColor) -> None:
    """The 版头 as one content control at the top of the body: the mark (as large as fits one line, at most
    小初 36 pt), a blank line, the 文号 centred with the separator line 4 mm under it (the paragraph's bottom
    border across the type area), and two blank lines before the title."""
    width_pt = TEXT_WIDTH_MM / 25.4 * 72
    size = min(36, int(width_pt / max(_width_chars(mark), 1)))
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.paragraph_format.space_before, head.paragraph_format.space_after = Pt(0), Pt(0)
    head.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    head.paragraph_format.line_spacing = Pt(max(size * 1.3, LINE_PITCH.pt))
    _no_grid(head)
    style = doc.styles.add_style("版头", WD_STYLE_TYPE.PARAGRAPH)  # LibreOffice reads the look from the style
    style.base_style = doc.styles["Normal"]
    style.font.name, style.font.size, style.font.color.rgb = TITLE_FONT, Pt(size), color
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TITLE_FONT)
    head.style = style
    font(head.add_run(mark), TITLE_FONT, size, color=color)
    line = para(doc, number or "", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    line.paragraph_format.space_before = LINE_PITCH
    line.paragraph_format.space_after = LINE_PITCH * 2
    _no_grid(line)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "11"), ("color", str(color))):
        bottom.set(qn(f"w:{key}"), value)  # 1.5 pt, 11 pt (≈ 4 mm) under the 文号
    borders.append(bottom)
    line._p.get_or_add_pPr().insert_element_before(borders, *_PPR_ORDER[_PPR_ORDER.index("w:pBdr") + 1:])
    # wrap both paragraphs in one block content control tagged 版头
    sdt, pr, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
    for name in ("w:alias", "w:tag"):
        el = OxmlElement(name)
        el.set(qn("w:val"), "版头")
        pr.append(el)
    sdt.append(pr)
    sdt.append(content)
    head._p.addprevious(sdt)
    content.append(head._p)
    content.append(line._p)


def _width_chars(text: str) -> float:
    """The width of a text in characters (ASCII letters and digits count as half a character)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


_FIGURE = re.compile(r"^(?:[-+]?[\d,]*\.?\d+%?|—)$")  # figures and “—” are centred in their cells


def table(doc, headers: list[str], rows: list[list], size: float = 12, widths: list[float] | None = None, *,
          repeat_header: bool = True):
    """A ruled table fitted to the 156 mm type area: `widths` (mm, any scale) are scaled to it, else the
    columns are equal. The header row (黑体, centred) repeats at the top of every page (`repeat_header`),
    no row is split by a page end, figures are centred."""
    cols = max(len(headers), 1)
    t = doc.add_table(rows=1, cols=cols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(t.rows[0].cells, headers):
        cell.text = ""
        font(cell.paragraphs[0].add_run(str(text)), HEADING_FONT, size)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        for cell, text in zip(t.add_row().cells, row):
            cell.text = ""
            font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, size)
            if _FIGURE.match(str(text)):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r in t.rows:
        r._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never cut by a page end
        for cell in r.cells:
            for p in cell.paragraphs:
                _no_grid(p)
    if repeat_header:
        t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # after cantSplit (schema order)
    _fit(t, column_widths(cols, widths))
    return t


def column_widths(cols: int, widths: list[float] | None = None) -> list[int]:
    """Column widths (EMU) summing to at most 156 mm: `widths` scaled to the type area, else equal."""
    total = Mm(TEXT_WIDTH_MM)
    given = [max(float(w), 0.0) for w in (widths or [])][:cols]
    if len(given) < cols or sum(given) <= 0:
        return [int(total // cols)] * cols
    scale = total / sum(given)
    return [int(w * scale) for w in given]


def _fit(t, widths: list[int]) -> None:
    t.autofit = False  # fixed layout: Word keeps the widths
    tblpr = t._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(Emu(w).twips for w in widths)))
    for gridcol, width in zip(t._tbl.tblGrid.gridCol_lst, widths):
        gridcol.w = Emu(width)  # LibreOffice reads the grid
    for column, width in zip(t.columns, widths):
        for cell in column.cells:  # Word reads the cells' widths
            cell.width = Emu(width)


def picture(doc, png_bytes: bytes, width_mm: float = TEXT_WIDTH_MM):
    """A picture (a chart rendered on the server), centred, at most the type area wide."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(0), Pt(6)
    _no_grid(p)
    p.add_run().add_picture(io.BytesIO(png_bytes), width=Mm(min(width_mm, TEXT_WIDTH_MM)))
    return p


def page_break(doc) -> None:
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)


def signature(doc, office: str, day) -> None:
    """发文机关署名 and 成文日期 (2014年7月10日) on the right, after a blank line (GB/T 9704 § 7.3.5.2): the
    date four characters from the right edge and the office centred over it; an office name longer than
    the date is two characters from the edge and the date centred under it."""
    date = cn_date(day)
    w_office, w_date = _width_chars(office), _width_chars(date)
    if w_office > w_date:
        right_office, right_date = 2, 2 + (w_office - w_date) / 2
    else:
        right_office, right_date = 4 + (w_date - w_office) / 2, 4
    para(doc, "", indent=False)
    for text, right in ((office, right_office), (date, right_date)):
        p = para(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(right * BODY_SIZE)
        p.paragraph_format.keep_with_next = text == office


def to_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def finish(doc, source: str, today, *, office: str | None = None) -> bytes:
    """The end of a document and its bytes: without `office`, the source line (数据来源：…，截至…) and the
    date on the right; with it, the 署名 and 成文日期 (`signature`) and the source line under them."""
    if office:
        signature(doc, office, today)
        para(doc, "", indent=False)
        para(doc, f"数据来源：{source}，截至{cn_date(today)}。", size=12, indent=False)
        return to_bytes(doc)
    para(doc, f"数据来源：{source}，截至{cn_date(today)}。", size=12, indent=False)
    para(doc, "", indent=False)
    para(doc, cn_date(today), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return to_bytes(doc)


def stamp_number(data: bytes, number: str) -> bytes:
    """The .docx `data` with its 文号 line in the 版头 set to `number` (签发: the number is given when the
    document is issued, after it was made). Unchanged when the document has no 版头."""
    doc = Document(io.BytesIO(data))
    for sdt in doc.element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is None or tag.get(qn("w:val")) != "版头":
            continue
        paragraphs = sdt.findall(f"{qn('w:sdtContent')}/{qn('w:p')}")
        if len(paragraphs) < 2:
            break
        line = paragraphs[1]
        for run in line.findall(qn("w:r")):
            line.remove(run)
        from docx.text.paragraph import Paragraph

        font(Paragraph(line, None).add_run(number), BODY_FONT, 16)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    return data
