"""The documents a risk's measures issue, in the GB/T 9704 layout (core/gbdocx.py): the 风险告知书 to
an entity (the risk, the measures required, the deadline) and the 约谈通知书 (when, where, who, what
to bring). Both are generated once, when the measure is recorded, and kept as issued."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from qualitybrand.core import gbdocx
from qualitybrand.core.gbdocx import cn_date

from .models import Interview, RiskInfo, RiskMeasure


def office(risk: RiskInfo) -> str:
    """The office that holds the risk (秦州区市场监督管理局, 天水市市场监督管理局)."""
    return f"{risk.region.name}市场监督管理局"


def _close(doc, risk: RiskInfo, day) -> bytes:
    gbdocx.signature(doc, office(risk), day)
    return gbdocx.to_bytes(doc)


def _lines(doc, text: str) -> None:
    for line in (text or "").splitlines():
        if line.strip():
            gbdocx.para(doc, line.strip())


def notice(risk: RiskInfo, measure: RiskMeasure, today) -> bytes:
    entity = measure.entity
    doc = gbdocx.document()
    gbdocx.title(doc, "产品质量安全风险告知书")
    gbdocx.para(doc, f"编号：{risk.number}-{measure.pk}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=14)
    gbdocx.para(doc, f"{entity.name}（统一社会信用代码：{entity.uscc}）：", indent=False)
    subject = f"你单位{('生产、销售的' + risk.product) if risk.product else '的产品'}"
    gbdocx.para(doc, f"我局于{cn_date(risk.found)}发现{subject}存在质量安全风险（{risk.title}，"
                     f"风险等级：{risk.level}）。现将有关情况告知如下：")
    gbdocx.heading(doc, "一、风险情况")
    _lines(doc, risk.description)
    _lines(doc, measure.content)
    gbdocx.heading(doc, "二、应当采取的措施")
    _lines(doc, measure.requirements)
    gbdocx.heading(doc, "三、完成期限")
    gbdocx.para(doc, f"请你单位于{cn_date(measure.deadline)}前完成上述措施，并将落实情况书面报告我局。"
                     f"逾期未落实的，我局将依法采取约谈、公开风险信息、依法查处等措施。")
    return _close(doc, risk, measure.date)


def interview_notice(risk: RiskInfo, interview: Interview, today) -> bytes:
    entity = interview.entity
    doc = gbdocx.document()
    gbdocx.title(doc, "约谈通知书")
    gbdocx.para(doc, f"编号：{risk.number}-YT{interview.pk}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=14)
    gbdocx.para(doc, f"{entity.name}（统一社会信用代码：{entity.uscc}）：", indent=False)
    gbdocx.para(doc, f"针对你单位存在的产品质量安全风险（{risk.title}，风险等级：{risk.level}），根据有关规定，"
                     f"我局决定对你单位主要负责人进行约谈。现将有关事项通知如下：")
    gbdocx.heading(doc, "一、约谈时间和地点")
    gbdocx.para(doc, f"时间：{cn_date(interview.date)}；地点：{interview.place}。")
    gbdocx.heading(doc, "二、参加人员")
    _lines(doc, interview.participants)
    gbdocx.heading(doc, "三、约谈内容")
    _lines(doc, interview.content)
    gbdocx.heading(doc, "四、有关要求")
    gbdocx.para(doc, "请你单位法定代表人或主要负责人按时参加，并携带营业执照复印件、风险排查和整改情况书面材料。"
                     "约谈记录经双方签字后存档。")
    if interview.followup_due:
        gbdocx.para(doc, f"约谈后，我局将于{cn_date(interview.followup_due)}前对承诺事项的落实情况进行跟踪检查。")
    return _close(doc, risk, today)
