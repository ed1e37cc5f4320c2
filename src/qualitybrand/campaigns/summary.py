"""The summary document of a campaign (关于XX专项整治工作情况的总结), GB/T 9704 layout through
core/gbdocx.py, generated from the live figures (campaigns/results.py) and the counties' reports."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from qualitybrand.campaigns import results as res
from qualitybrand.campaigns.models import Campaign
from qualitybrand.core import clock, gbdocx

WIDTHS = [22, 16, 18, 17, 14, 19, 18, 16, 16]  # mm, the 156 mm type area (9 columns)


def title_of(campaign: Campaign) -> str:
    name = campaign.title
    if not name.endswith(("专项整治", "专项行动", "联合打假", "行动")):
        name += campaign.kind
    return f"关于{name}工作情况的总结"


def check_ready(campaign: Campaign, today=None) -> None:
    today = today or clock.today()
    if today < campaign.start:
        raise ValidationError(f"“{campaign.title}”尚未开始（开始日期 {gbdocx.cn_date(campaign.start)}），"
                              f"还没有可总结的工作和数据：请在开始后再生成总结文档。")


def _cell(code, value) -> str:
    return res.fmt(code, value).replace(" 万元", "").replace(" 批次", "").replace(" 户", "").replace(" 件", "")


def build(campaign: Campaign, result: res.Results, today=None) -> bytes:
    today = today or clock.today()
    check_ready(campaign, today)
    doc = gbdocx.document()
    gbdocx.title(doc, title_of(campaign))
    counties = "、".join(r.region.name for r in result.rows)
    departments = "、".join(d.full_name or d.name for d in campaign.departments.all())
    ongoing = today < campaign.end
    span = (f"{gbdocx.cn_date(campaign.start)}至{gbdocx.cn_date(campaign.end)}"
            + (f"（截至{gbdocx.cn_date(today)}仍在实施）" if ongoing else ""))
    gbdocx.para(doc, f"根据工作安排，{campaign.region.name}于{span}组织开展{campaign.title}"
                     + ("" if campaign.kind in campaign.title else f"（{campaign.kind}）") + "。"
                     f"本次{campaign.kind}由{campaign.lead_department.full_name or campaign.lead_department.name}牵头"
                     + (f"，{departments}参与" if departments else "") + f"，{counties}共同实施。"
                     + (f"整治重点为{campaign.categories}。" if campaign.categories else ""))
    gbdocx.heading(doc, "一、工作目标")
    gbdocx.para(doc, campaign.goals or "（未填写工作目标。）")
    gbdocx.heading(doc, "二、工作成效")
    t = result.total
    if t is not None:
        v = t.values
        gbdocx.para(doc, f"整治期间，各参与县区共监督抽查{_cell('insp.batches', v.get('insp.batches'))}批次，"
                         f"合格率{res.fmt('insp.pass_rate', v.get('insp.pass_rate'))}，"
                         f"发现不合格企业{_cell('insp.failed_entities', v.get('insp.failed_entities'))}户；"
                         f"立案{_cell('case.opened', v.get('case.opened'))}件，涉案货值"
                         f"{res.fmt('case.goods_value', v.get('case.goods_value'))}，罚没"
                         f"{res.fmt('case.fines', v.get('case.fines'))}，移送司法"
                         f"{_cell('case.transferred', v.get('case.transferred'))}件。"
                         + (f"以上数据限于产品类别“{campaign.categories}”。" if result.filtered else ""))
        rep = t.reported
        if rep is not None:
            gbdocx.para(doc, f"据各县区报送，共出动执法人员{rep.officers:,}人次，检查经营主体{rep.entities_checked:,}户次，"
                             f"捣毁窝点{rep.dens_destroyed:,}个。")
        else:
            gbdocx.para(doc, "各县区尚未报送出动执法人员、检查经营主体和捣毁窝点情况。")
    gbdocx.para(doc, f"各县区情况见下表（{result.period.label()}）。", indent=True)
    headers = ["县区", "抽查批次", "合格率", "不合格企业(户)", "立案(件)", "涉案货值(万元)", "罚没(万元)",
               "移送司法(件)", "出动人次"]
    rows = [_row(r) for r in result.rows] + ([_row(t)] if t is not None else [])
    gbdocx.table(doc, headers, rows, size=9, widths=WIDTHS)
    gbdocx.heading(doc, "三、总结与下一步工作")
    gbdocx.para(doc, campaign.conclusions or "（总结意见尚未填写。）")
    source = "质量强市与品牌战略综合管理平台监督抽查和执法案件台账，各县区报送"
    return gbdocx.finish(doc, source, today)


def _row(row: res.Row) -> list[str]:
    cells = [row.region.name] + [_cell(code, row.values.get(code)) for code in res.CODES]
    cells.append(f"{row.reported.officers:,}" if row.reported else "—")
    return cells
