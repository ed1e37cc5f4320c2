"""Small helpers of the 调度简报, 质量状况分析报告, 统计报表 and 品牌画册 modules (kept here, not in a shared
module, so these kinds run on their own): the issuing office's name, the counties of a region, figures from
the engine formatted with `format_value`, and .docx pieces the GB/T 9704 helpers may not have yet (a picture,
a page break, a red rule, second-level headings)."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from qualitybrand.core import gbdocx
from qualitybrand.indicators import catalog
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.selectors import format_value

RED = "C00000"
SUB_HEADING_FONT = "楷体_GB2312"


class SystemReader:
    """The reader of a document made without a user (the `report` command): the whole region tree, as the
    scoped selectors answer a superuser; the documents then keep to the request's region themselves."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    role = ""
    region = None
    region_id = None
    entity_id = None
    pk = id = None


def reader(req):
    return req.user if req.user is not None else SystemReader()


def office(req) -> str:
    """The issuing office (版头, 填报单位): the request's, else the region's 市场监督管理局."""
    return req.office or f"{req.region.name}市场监督管理局"


def counties(region) -> list:
    """The region's direct children that report figures (districts and counties, not 乡镇街道)."""
    from qualitybrand.core.models import Region

    return list(Region.objects.filter(parent=region).exclude(kind="乡镇街道").order_by("code"))


def figures(codes: list[str], period, regions: list) -> dict[str, dict[str, dict]]:
    """`{code: {region_code: {"value", "text"}}}` from one engine call; text by `format_value`."""
    specs = catalog.specs_by_code()
    values = compute(codes, period, regions=regions)
    out: dict[str, dict[str, dict]] = {}
    for code in codes:
        spec = specs.get(code)
        out[code] = {r.code: {"value": values[(code, r.code)], "text": format_value(spec, values[(code, r.code)])}
                     for r in regions}
    return out


def spec_of(code: str):
    return catalog.specs_by_code().get(code)


def name_of(code: str) -> str:
    spec = spec_of(code)
    return spec.name if spec else code


def unit_of(code: str) -> str:
    spec = spec_of(code)
    return spec.unit if spec else ""


def change_text(code: str, now, before) -> str:
    """同比 change in words: "增长 12.5%" / "下降 3.0%" / for rates "提高 1.2 个百分点"; "" if not comparable."""
    if now is None or before is None:
        return ""
    spec = spec_of(code)
    if spec is not None and spec.unit == "%":
        diff = float(now) - float(before)
        if abs(diff) < 0.05:
            return "持平"
        word = "提高" if diff > 0 else "下降"
        return f"{word}{format_value(_Points(), abs(diff))}个百分点"
    if not before:
        return ""
    pct = (float(now) - float(before)) * 100 / float(before)
    if abs(pct) < 0.05:
        return "持平"
    word = "增长" if pct > 0 else "下降"
    return f"{word}{format_value(_Percent(), abs(pct))}"


class _Percent:
    unit, measure = "%", "ratio"


class _Points:
    unit, measure = "", "ratio"


def percent_text(value) -> str:
    """A computed share (e.g. a pooled pass rate of a product group) formatted as the indicators' %."""
    return format_value(_Percent(), value)


# --- .docx pieces -----------------------------------------------------------------------------

def picture(doc, png: bytes, width_mm: float = 150) -> None:
    """A centred chart; gbdocx.picture when the shared helpers have it."""
    helper = getattr(gbdocx, "picture", None)
    if helper is not None:
        helper(doc, png, width_mm)
        return
    doc.add_picture(io.BytesIO(png), width=Mm(width_mm))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def page_break(doc) -> None:
    helper = getattr(gbdocx, "page_break", None)
    if helper is not None:
        helper(doc)
        return
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def heading(doc, text: str):
    """A first-level heading 一、… kept on the page of what follows it."""
    p = gbdocx.heading(doc, text)
    p.paragraph_format.keep_with_next = True
    return p


def sub_heading(doc, text: str):
    """A second-level heading （一）… in 楷体, kept on the page of what follows it."""
    helper = getattr(gbdocx, "heading", None)
    try:
        p = helper(doc, text, level=2)
    except TypeError:  # gbdocx.heading without levels yet
        p = gbdocx.para(doc, text, font_name=SUB_HEADING_FONT, size=16)
    if p is not None:
        p.paragraph_format.keep_with_next = True
    return p


def red_rule(paragraph, size_eighths: int = 18) -> None:
    """A red line under a paragraph (the 版头's separator line)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", "4"), ("w:color", RED)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def colour(paragraph, hex_rgb: str = RED) -> None:
    from docx.shared import RGBColor

    for run in paragraph.runs:
        run.font.color.rgb = RGBColor.from_string(hex_rgb)


def repeat_header(table) -> None:
    """The first row repeated on every page (GB/T 9704 tables across pages)."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def table(doc, headers, rows, widths, size: float = 12):
    t = gbdocx.table(doc, headers, rows, size=size, widths=widths)
    repeat_header(t)
    return t


def to_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def signature(doc, office_name: str, day) -> None:
    """发文机关署名 and 成文日期, right-aligned (gbdocx.signature when present)."""
    helper = getattr(gbdocx, "signature", None)
    if helper is not None:
        try:
            helper(doc, office_name, day)
            return
        except TypeError:
            pass
    gbdocx.para(doc, "", indent=False)
    gbdocx.para(doc, office_name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    gbdocx.para(doc, gbdocx.cn_date(day), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
