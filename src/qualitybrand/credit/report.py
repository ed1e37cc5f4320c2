"""The .docx 信用报告 of one entity, in the platform's one GB/T 9704 layout (core/gbdocx.py)."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from qualitybrand.core import clock, gbdocx

NUMERALS = "一二三四五六七八九十"


def _points(value) -> str:
    return "—" if value is None else f"{value:+d}"


def credit_report_docx(page) -> bytes:
    f = page.file
    entity, rating, as_of = f.entity, f.rating, f.as_of
    doc = gbdocx.document()
    gbdocx.title(doc, "信用报告")
    gbdocx.para(doc, f"{entity.name}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=8)
    gbdocx.para(doc, f"本报告依据质量强市与品牌战略综合管理平台的台账和业务记录，反映该主体截至"
                     f"{gbdocx.cn_date(as_of)}的信用状况。")
    headings = iter(NUMERALS)

    gbdocx.heading(doc, f"{next(headings)}、主体信息")
    gbdocx.table(doc, ["项目", "内容"], [
        ["名称", entity.name], ["统一社会信用代码", entity.uscc], ["主体类型", entity.kind],
        ["所属区划", entity.region.name], ["成立日期", gbdocx.cn_date(entity.established)],
        ["注销日期", gbdocx.cn_date(entity.deregistered)],
    ], widths=[40, 116])

    gbdocx.heading(doc, f"{next(headings)}、信用评价")
    listed = "，在严重违法失信名单中，等级评为 D" if rating.listed else ""
    gbdocx.para(doc, f"按信用评价方案，截至{gbdocx.cn_date(as_of)}，该主体信用评分 {rating.score} 分，"
                     f"信用等级 {rating.grade} 级{listed}。评分依据如下：")
    gbdocx.table(doc, ["序号", "依据", "分值"],
                 [[i, r.text, _points(r.points)] for i, r in enumerate(rating.reasons, 1)]
                 or [["—", "近三年无影响评分的记录（基础分 100 分）", "—"]], widths=[14, 122, 20])

    gbdocx.heading(doc, f"{next(headings)}、各类记录")
    for group in f.groups:
        if not group.events:
            continue
        gbdocx.para(doc, f"{group.label}（{group.count} 条）", font_name=gbdocx.HEADING_FONT, size=14, indent=False)
        gbdocx.table(doc, ["日期", "记录", "状态", "对评分的影响"],
                     [[e.when, _facts(e), e.status or "—", _effect(e)] for e in group.events], size=10.5,
                     widths=[27, 83, 24, 22])
    if not f.events:
        gbdocx.para(doc, "截至该日无任何记录。")

    gbdocx.heading(doc, f"{next(headings)}、严重违法失信名单记录")
    if page.blacklist:
        gbdocx.table(doc, ["列入日期", "列入事由", "决定机关", "移出日期", "状态"],
                     [[e.listed.isoformat(), e.reason, e.authority,
                       e.removed.isoformat() if e.removed and e.removed <= as_of else "—", status]
                      for e, status, _ in page.blacklist], size=10.5, widths=[27, 47, 36, 27, 19])
    else:
        gbdocx.para(doc, "截至该日未被列入严重违法失信名单。")
    if page.repairs:
        gbdocx.para(doc, "信用修复申请", font_name=gbdocx.HEADING_FONT, size=14, indent=False)
        gbdocx.table(doc, ["申请日期", "办理期限", "状态", "理由"],
                     [[a.submitted.isoformat(), a.due.isoformat() if a.due else "—", status, a.reasons or "—"]
                      for a, status, _ in page.repairs], size=10.5, widths=[27, 27, 22, 80])
    return gbdocx.finish(doc, f"质量强市与品牌战略综合管理平台（数据版本 {page.data_version}）", clock.today())


def _facts(event) -> str:
    facts = "；".join(f"{label}：{value}" for label, value in event.facts if value)
    return f"{event.title}（{facts}）" if facts else event.title


def _effect(event) -> str:
    if event.effect is not None:
        return f"{event.effect:+d} 分"
    return event.effect_note or "—"
