"""Exports of the cultivation lists (申报审核, 奖励资金, 专家评审, 梯次培育): the columns each page
shows, with codes beside names (core/exports.py writes the files)."""

from __future__ import annotations

from qualitybrand.core.exports import Column, described
from qualitybrand.registry.models import Program

APPLICATIONS = [
    Column("申报单位", "entity.name"), Column("统一社会信用代码", "entity.uscc", "text"),
    Column("项目", "program.name"), Column("项目代码", "program.code", "text"),
    Column("商标/产品", "object_label", "text"), Column("县区", "region.name", "text"),
    Column("区划代码", "region.code", "text"), Column("年度", "year", "year"), Column("状态", "state", "text"),
    Column("评审得分", "panel_score", "number"), Column("提交时间", "submitted_at", "datetime"),
]


def application_filters(params, calls) -> list[tuple[str, str]]:
    names = {"program": dict(Program.objects.values_list("code", "name")),
             "call": {str(c.pk): c.name for c in calls}}
    return described(params, {"state": "状态", "program": "项目", "call": "批次", "year": "年度", "region": "区划",
                              "entity": "统一社会信用代码", "q": "企业名称或信用代码"}, names)


def _reward_item(p) -> str:
    return p.program.name if p.program_id else p.event


def _reward_object(p) -> str:
    return " ".join(x for x in (p.trademark.name if p.trademark_id else "", p.object_key) if x)


REWARDS = [
    Column("获奖主体", "entity.name"), Column("统一社会信用代码", "entity.uscc", "text"),
    Column("奖励事项", _reward_item, "text"), Column("对象", _reward_object, "text"),
    Column("区划", "region.name", "text"), Column("区划代码", "region.code", "text"),
    Column("年度", "year", "year"), Column("金额(万元)", "amount", "amount"), Column("状态", "status", "text"),
    Column("预算年度", "budget_year", "year"), Column("拨付日期", "paid_on", "date"),
    Column("暂缓原因", "held_reason", "text"),
]


def reward_filters(params) -> list[tuple[str, str]]:
    return described(params, {"year": "年度", "status": "状态", "region": "区划"})


def _score_state(a) -> str:
    return "已提交" if a.submitted_at else "已暂存" if a.scores else "未开始"


def scoring_columns(is_expert: bool) -> list[Column]:
    """An office sees a score once it is submitted (blind review); an expert sees its own."""
    return [
        Column("申报单位", "application.entity.name"), Column("统一社会信用代码", "application.entity.uscc", "text"),
        Column("奖项", "application.program.name"), Column("专家", "expert.name"),
        Column("申报状态", "application.state", "text"), Column("评分状态", _score_state, "text"),
        Column("得分", lambda a: a.total if (a.submitted_at or is_expert) else None, "number"),
        Column("提交时间", "submitted_at", "datetime"),
    ]


PIPELINE = [
    Column("项目", lambda r: r["program"].name), Column("项目代码", lambda r: r["program"].code, "text"),
    Column("区划", lambda r: r["region"].name), Column("区划代码", lambda r: r["region"].code, "text"),
    Column("现有（件）", "holders", "int"), Column("现可申报（个）", "eligible_now", "int"),
    Column("明年可申报（个）", "eligible_next", "int"), Column("明年目标（件）", "target", "int"),
    Column("后备", lambda r: "后备不足" if r["short"] else "充足" if r["target"] is not None else None, "text"),
]
