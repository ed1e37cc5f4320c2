"""The self-evaluation report (自评报告, .docx in the GB/T 9704 layout of core/gbdocx.py): the city's
overall situation, a table of every item, total and expected grade, and the vetoes checked."""

from __future__ import annotations

from qualitybrand.core import clock, gbdocx
from qualitybrand.inspection import selectors

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _figure(value: str, unit: str) -> str:
    return f"{value} {unit}".strip() if value != "" else "—"


def _score(score) -> str:
    return "—" if score is None else f"{score}"


def filename(prep) -> str:
    return f"{prep.region.name}{prep.scheme.name}自评报告.docx"


def build(prep) -> bytes:
    rows = selectors.item_rows(prep)
    standing = selectors.standing(prep, rows)
    vetoes = selectors.veto_rows(prep)
    today = clock.today()
    city, scheme = prep.region, prep.scheme
    doc = gbdocx.document()
    gbdocx.title(doc, f"{city.name}{scheme.name}自评报告")
    addressee = scheme.region.name if scheme.region_id else "上级"
    gbdocx.para(doc, f"{gbdocx.office_name(addressee)}：", indent=False)
    manual = [r for r in rows if r.is_manual]
    computed = [r for r in rows if not r.is_manual]
    full = [r for r in computed if r.score is not None and r.score >= r.max_score]
    gbdocx.para(doc, f"按照《{scheme.name}》的要求，{city.name}对照方案 {len(rows)} 个评分项开展了自评。"
                     f"指标数据取自平台台账，统计截至{gbdocx.cn_date(prep.as_of)}。现将自评情况报告如下。")
    gbdocx.heading(doc, "一、总体情况")
    counties = city.children.count()
    grade = standing.grade or "—"
    gbdocx.para(doc, f"{city.name}辖 {counties} 个县区。本次自评总分 {standing.total} 分，预计等次为“{grade}”。"
                     f"计算类评分项 {len(computed)} 项，其中 {len(full)} 项得满分；人工评分项 {len(manual)} 项，"
                     f"已评分 {len(manual) - len(standing.missing)} 项，佐证材料由承办单位收集、经验收后汇编成册。")
    lost = [r for r in computed if r.score is not None and r.score < r.max_score]
    if lost:
        names = "、".join(f"{r.code} {r.name}（失 {r.max_score - r.score} 分）" for r in lost)
        gbdocx.para(doc, f"未得满分的计算类评分项：{names}。")
    if standing.missing:
        gbdocx.para(doc, f"尚未评分的人工评分项：{'、'.join(standing.missing)}（按 0 分计入总分）。")
    gbdocx.heading(doc, "二、评分项自评情况")
    table_rows = []
    for r in rows:
        if r.is_manual:
            value = f"佐证材料 {len(r.evidence)} 份" if r.evaluation and r.evaluation.task_id else "—"
            note = r.evaluation.explanation if r.evaluation and r.evaluation.explanation else "—"
        else:
            value = _figure(r.value, r.unit)
            note = f"{r.indicator_name}，{r.rule_label}"
        points = r.points if r.points is not None else "—"
        table_rows.append([r.code, r.name, points, value, _score(r.score), note])
    table_rows.append(["", "合计", "", "", f"{standing.total}", f"预计等次：{grade}"])
    gbdocx.table(doc, ["编号", "评分项", "分值", "指标值", "自评分", "说明"], table_rows, size=10.5,
                 widths=[11, 36, 11, 22, 18, 52])
    gbdocx.heading(doc, "三、总分和预计等次")
    gbdocx.para(doc, f"自评总分 {standing.total} 分，按方案等次标准预计为“{grade}”。")
    gbdocx.heading(doc, "四、一票否决事项")
    if not vetoes:
        gbdocx.para(doc, "方案未设一票否决事项。")
    for v in vetoes:
        if not v["checked"]:
            text = "尚未核查（请先起草自评）"
        elif v["fires"]:
            text = f"已发生（{_figure(v['value'], v['unit'])}），等次降为“{v.get('grade') or '—'}”"
        else:
            text = f"经核查未发生（{v['indicator_name']}：{_figure(v['value'], v['unit'])}）"
        gbdocx.para(doc, f"{v['code']} {v['name']}：{text}。")
    return gbdocx.finish(doc, f"{city.name}质量强市与品牌战略综合管理平台", today, office=gbdocx.office_name(city))
