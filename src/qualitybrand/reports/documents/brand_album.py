"""品牌画册 (brand album, PDF; reports.md § Documents, seed 000): a cover, the contents, then one page per
recognised brand valid at the year's end (registry Recognition: program, tier, holder, products or trademark,
region, validity) — built as a .docx with page breaks (GB/T 9704 helpers) and converted to PDF with
`reports.pdf.to_pdf`; without LibreOffice the build raises `PdfUnavailable` (its message says what to install).

Valid at the year's end is the engine's rule for `rec.valid.*` (indicators.md): recognised in that year or
before, and no end of validity or one not before 31 December; the number of brand pages therefore equals
the sum of `rec.valid.*` for the region. The registry keeps no photo of a brand (no image field on
Recognition, Trademark or Entity), so a page shows the mark as text."""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import Q
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from qualitybrand.core import clock, gbdocx
from qualitybrand.reports import pdf
from qualitybrand.reports.documents import _docsmore_util as u
from qualitybrand.reports.kinds import DocRequest, Kind, register

LEVEL_ORDER = {"国家": 0, "省": 1, "市": 2, "县": 3}
KIND_ORDER = {"商标": 0, "产品": 1, "企业": 2}
CONTENTS_ROWS = 26  # rows of the contents on one page (its pages are counted before the brand pages)


def recognitions(region, day: dt.date):
    """The recognitions of the region's subtree valid on `day` (the rule of the engine's rec.valid.*)."""
    from qualitybrand.registry.models import Recognition

    return (Recognition.objects.filter(region__path__startswith=region.path, year__lte=day.year)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .select_related("program", "entity", "trademark", "region"))


def _brand(r) -> dict:
    p = r.program
    tm = r.trademark
    mark = tm.name if tm is not None else (r.product_name or r.entity.name)
    if p.object_kind == "产品" and r.product_name:
        products = r.product_name
    elif tm is not None:
        products = "第" + "、".join(str(c) for c in (tm.classes or [])) + "类" if tm.classes else "—"
    else:
        products = "—"
    return {
        "mark": mark, "program": p.name, "program_code": p.code, "kind": p.object_kind,
        "tier": f"{p.level}级" if p.level != "国家" else "国家级", "holder": r.entity.name, "uscc": r.entity.uscc,
        "products": products, "trademark": f"{tm.name}（注册号 {tm.number}）" if tm is not None else "—",
        "region": r.region.name, "region_code": r.region.code, "year": r.year,
        "valid_until": gbdocx.cn_date(r.valid_until) if r.valid_until else "长期有效",
        "granting_body": p.granting_body or "—", "method": r.method,
    }


TIERS = ("国家", "省", "市")


def tier_of(req: DocRequest) -> str:
    """An album of one tier only (`extra["tier"]` 国家/省/市): a city's whole album runs to hundreds of pages."""
    tier = str((req.extra or {}).get("tier") or "").strip().removesuffix("级")
    return tier if tier in TIERS else ""


def context(req: DocRequest) -> dict:
    year = req.year or clock.today().year - 1
    day = dt.date(year, 12, 31)
    found = recognitions(req.region, day)
    tier = tier_of(req)
    if tier:
        found = found.filter(program__level=tier)
    rows = [_brand(r) for r in found]
    rows.sort(key=lambda b: (LEVEL_ORDER.get(b["tier"][:-1] if b["tier"] != "国家级" else "国家", 9),
                             KIND_ORDER.get(b["kind"], 9), b["program_code"], b["region_code"], b["holder"],
                             b["mark"]))
    contents_pages = max(1, math.ceil(len(rows) / CONTENTS_ROWS))
    for i, b in enumerate(rows, start=1):
        b["no"] = i
        b["page"] = 1 + contents_pages + i
    programs: dict[str, int] = {}
    for b in rows:
        programs[b["program"]] = programs.get(b["program"], 0) + 1
    tier_label = f"{tier}级" if tier else ""
    return {"title": f"{req.region.name}{tier_label}品牌画册", "subtitle": f"{year}年度", "tier": tier_label, "office": u.office(req),
            "region": req.region.name, "region_code": req.region.code, "year": year,
            "as_of": gbdocx.cn_date(day), "date": gbdocx.cn_date(clock.today()), "count": len(rows),
            "programs": [{"program": k, "count": v} for k, v in programs.items()],
            "contents_pages": contents_pages, "brands": rows}


def _centre(doc, text: str, size: float, font=gbdocx.TITLE_FONT, space_before: float = 0, colour: str = ""):
    p = gbdocx.para(doc, text, font_name=font, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    p.paragraph_format.line_spacing = Pt(max(size * 1.5, 28.95))
    p.paragraph_format.space_before = Pt(space_before)
    if colour:
        u.colour(p, colour)
    return p


def _cover(doc, ctx) -> None:
    _centre(doc, ctx["region"], 26, space_before=110, colour="1F5FA8")
    _centre(doc, "品 牌 画 册", 42, space_before=12, colour=u.RED)
    _centre(doc, ctx["subtitle"], 18, font=gbdocx.BODY_FONT, space_before=18)
    _centre(doc, f"收录截至{ctx['as_of']}有效的认定品牌{ctx['count']}个", 14, font=gbdocx.BODY_FONT,
            space_before=6)
    _centre(doc, ctx["office"], 16, font=gbdocx.BODY_FONT, space_before=150)
    _centre(doc, ctx["date"], 14, font=gbdocx.BODY_FONT)


def _contents(doc, ctx) -> None:
    brands = ctx["brands"]
    chunks = [brands[i:i + CONTENTS_ROWS] for i in range(0, len(brands), CONTENTS_ROWS)] or [[]]
    for k, chunk in enumerate(chunks):
        u.page_break(doc)
        _centre(doc, "目  录" if k == 0 else "目  录（续）", 22)
        if not chunk:
            gbdocx.para(doc, f"截至{ctx['as_of']}，本区域无有效的认定品牌。", indent=False)
            continue
        u.table(doc, ["序号", "品牌", "认定项目", "持有人", "页码"],
                [[b["no"], b["mark"], b["program"], b["holder"], b["page"]] for b in chunk],
                widths=[13, 36, 34, 57, 16], size=10.5)


def _brand_page(doc, b) -> None:
    u.page_break(doc)
    _centre(doc, f"{b['tier']} · {b['program']}", 14, font=gbdocx.HEADING_FONT, colour="1F5FA8")
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box.alignment = WD_TABLE_ALIGNMENT.CENTER
    cell = box.rows[0].cells[0]
    cell.width = Mm(120)
    box.rows[0].height = Mm(55)
    cell.text = ""
    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_before = Pt(40)
    size = 36 if len(b["mark"]) <= 6 else (26 if len(b["mark"]) <= 12 else 18)
    gbdocx.font(para.add_run(b["mark"]), gbdocx.TITLE_FONT, size)
    note = cell.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    gbdocx.font(note.add_run("（未上传图片）"), gbdocx.BODY_FONT, 10.5)
    gbdocx.para(doc, "", indent=False)
    rows = [["品牌名称", b["mark"]], ["认定项目", b["program"]], ["级别", b["tier"]], ["持有人", b["holder"]],
            ["统一社会信用代码", b["uscc"]], ["产品/类别", b["products"]], ["商标", b["trademark"]],
            ["所在区划", b["region"]], ["认定年度", f"{b['year']}年"], ["有效期至", b["valid_until"]],
            ["认定机关", b["granting_body"]], ["认定方式", b["method"]]]
    t = gbdocx.table(doc, ["项目", "内容"], rows, size=14, widths=[48, 108])
    for row in t.rows[1:]:
        row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    gbdocx.para(doc, "", indent=False)
    gbdocx.para(doc, f"— 第 {b['no']} 个品牌 —", size=10.5, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)


def docx(ctx: dict, progress=lambda p, n="": None) -> bytes:
    """The album as a .docx (what `build` converts; tests read it)."""
    doc = gbdocx.document()
    _cover(doc, ctx)
    _contents(doc, ctx)
    total = max(len(ctx["brands"]), 1)
    for i, b in enumerate(ctx["brands"], start=1):
        _brand_page(doc, b)
        if i % 25 == 0:
            progress(10 + 50 * i // total, f"第 {i} 个品牌")
    return u.to_bytes(doc)


def build(req: DocRequest, ctx: dict, progress) -> bytes:
    if not pdf.available():
        raise pdf.PdfUnavailable(pdf.INSTALL_HINT)
    progress(5, "排版画册")
    data = docx(ctx, progress)
    progress(65, "转换为 PDF")
    out = pdf.to_pdf(data, name="brand-album")
    progress(95, "完成")
    return out


FIELDS = (
    ("title", "画册名称"), ("subtitle", "年度"), ("tier", "收录层级（国家级/省级/市级；空为全部）"), ("region_code", "区划代码"), ("office", "编印单位"), ("region", "区域名称"), ("year", "年度（数字）"),
    ("as_of", "有效截止日（年末）"), ("date", "编印日期"), ("count", "收录品牌数"),
    ("programs", "按认定项目的品牌数：program, count"), ("contents_pages", "目录页数"),
    ("brands", "品牌（每页一个）：no, page, mark（品牌名称）, program, tier, kind, holder, uscc, products, trademark, "
               "region, year, valid_until, granting_body, method"),
)

register(Kind(code="brand_album", label="品牌画册", fmt="pdf", period="year", context=context, build=build,
              fields=FIELDS, templatable=False, printable=False))
