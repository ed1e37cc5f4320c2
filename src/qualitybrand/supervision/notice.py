"""The 责令整改通知书 of a failed batch, in the platform's GB/T 9704 layout (core/gbdocx.py)."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core import gbdocx

from .models import Inspection


def authority(inspection: Inspection) -> str:
    """The issuing office: the market regulator of the batch's region."""
    return f"{inspection.region.name}市场监督管理局"


def notice_number(inspection: Inspection, day: dt.date) -> str:
    # one notice per batch: the batch's number makes the notice's number unique without a counter
    return f"责改〔{day.year}〕{inspection.number}号"


def notice_docx(inspection: Inspection, *, number: str, day: dt.date, due: dt.date | None) -> bytes:
    entity = inspection.entity
    office = authority(inspection)
    doc = gbdocx.document(office=office, number=number, mark=office)  # 版头: the office, the 文号, the red line
    gbdocx.title(doc, "责令整改通知书")
    gbdocx.para(doc, f"{entity.name}（统一社会信用代码：{entity.uscc}）：", indent=False)
    deadline = f"于{gbdocx.cn_date(due)}前" if due else "在规定期限内"
    gbdocx.para(doc, f"经{inspection.level}级监督抽查，你单位的{inspection.product_category}产品（抽检编号："
                     f"{inspection.number}，抽样日期：{gbdocx.cn_date(inspection.sampled)}）经检验判定为不合格。"
                     f"依据《中华人民共和国产品质量法》第十五条和《产品质量监督抽查管理暂行办法》的规定，"
                     f"现责令你单位{deadline}完成整改，并向本局提交整改报告。")
    gbdocx.heading(doc, "一、不合格情况")
    gbdocx.table(doc, ["项目", "内容"], [
        ["被抽查单位", entity.name], ["产品", inspection.product_category], ["抽检编号（批次）", inspection.number],
        ["抽样日期", gbdocx.cn_date(inspection.sampled)], ["不合格项目", inspection.failed_items or "—"],
        ["整改期限", gbdocx.cn_date(due) if due else "—"],
    ], widths=[46, 110])
    gbdocx.heading(doc, "二、整改要求")
    for text in ("1. 立即停止生产、销售同一产品，查明不合格原因，封存库存不合格产品；",
                 "2. 对已出厂、销售的不合格产品依法采取召回等措施；",
                 "3. 整改完成后提交整改报告（含原因分析、整改措施和自检报告），由本局组织复查；",
                 "4. 逾期不整改或复查仍不合格的，本局将依法立案查处。"):
        gbdocx.para(doc, text)
    return gbdocx.finish(doc, f"{office}监督抽查记录", day, office=office)
