"""工作情况汇报 (reports.md § Documents; seed 002): addressed to the office above, the year's work as of a
date (the engine over `Period.as_of(day)`, compared with the same span a year before), the target table
(target, actual, completion, status) and what lags."""

from __future__ import annotations

from qualitybrand.core import clock, gbdocx
from qualitybrand.indicators.periods import Period
from qualitybrand.reports import kinds
from qualitybrand.reports.documents import common as c
from qualitybrand.reports.documents.annual_summary import THEMES

FIELDS = (
    ("office", "发文机关（版头、署名）"), ("addressee", "主送机关（上级）"), ("region", "区划名称"),
    ("as_of", "截至日期（2013年12月31日）"), ("year", "年度"), ("title", "标题"), ("intro", "开头段落"),
    ("themes", "工作进展：列表，每项 title、text（含同比的段落）、figures（code、name、text、previous_text、change）"),
    ("targets", "目标任务表：列表，每项 set、name、target_text、actual_text、percent_text、status"),
    ("targets_text", "目标完成情况的段落"),
    ("lagging", "滞后的目标（段落列表）"), ("next_steps", "下一步工作（段落列表）"), ("date", "成文日期"),
)


def context(req: kinds.DocRequest) -> dict:
    region, day = req.region, req.as_of
    period = Period.as_of(day)
    before = period.same_span_a_year_before()
    codes = [code for _t, items in THEMES for code, _l, _v in items]
    now = c.compute_figures(codes, period, [region])
    prev = c.compute_figures(codes, before, [region])
    whole = "全市" if region.kind == "市" else ("全区" if region.kind == "区" else "全县")
    span = "全年" if period.is_whole_year else f"1—{day.month}月"
    themes = []
    for heading, items in THEMES:
        sentences, figures = [], []
        for code, label, verb in items:
            if (code, region.code) not in now:
                continue
            value, previous = now[(code, region.code)], prev.get((code, region.code))
            s = c.spec(code)
            sentences.append(c.figure_sentence(code, label, value, previous, verb))
            figures.append({"code": code, "name": s.name, "unit": s.unit, "value": c.plain(value),
                            "text": c.fmt(code, value), "previous": c.plain(previous),
                            "previous_text": c.fmt(code, previous), "change": c.change_percent(value, previous),
                            "change_text": c.yoy_phrase(code, value, previous)})
        if sentences:
            themes.append({"title": heading, "text": f"{day.year}年{span}，{whole}" + "；".join(sentences) + "。",
                           "figures": figures})
    targets = c.target_rows(region, day.year, day)
    lagging = [f"{t['name']}：目标{t['target_text']}，截至{gbdocx.cn_date(day)}完成{t['actual_text']}，"
               f"完成率{t['percent_text']}，进度滞后。" for t in targets if t["status"] == "滞后"]
    next_steps = []
    if lagging:
        next_steps.append("对进度滞后的目标任务逐项分析原因，明确责任单位和完成时限，加强调度督办，确保按期完成。")
    extra = (req.extra or {}).get("next_year", "")
    if extra and str(extra).strip():
        next_steps.append(str(extra).strip())
    next_steps.append("继续加强质量监管和品牌培育，按时报送工作进展情况。")
    parent = region.parent
    return {
        "office": req.office or c.office_name(region),
        "addressee": c.office_name(parent) if parent is not None else "",
        "region": region.name, "region_code": region.code, "as_of": gbdocx.cn_date(day), "year": day.year,
        "title": f"关于{region.name}质量强市工作情况的汇报",
        "intro": (f"按照工作安排，现将截至{gbdocx.cn_date(day)}{region.name}质量强市工作情况汇报如下。"),
        "themes": themes, "targets": targets, "targets_text": c.target_summary(targets),
        "lagging": lagging, "next_steps": next_steps, "date": gbdocx.cn_date(clock.today()),
    }


def build(req: kinds.DocRequest, ctx: dict, progress: kinds.Progress = kinds.no_progress) -> bytes:
    doc = c.new_document(office=ctx["office"], number=(req.extra or {}).get("number", ""))
    gbdocx.title(doc, ctx["title"])
    if ctx["addressee"]:
        gbdocx.para(doc, f"{ctx['addressee']}：", indent=False)
    gbdocx.para(doc, ctx["intro"])
    progress(40, "正文")
    c.heading(doc, "一、工作进展情况")
    numerals = "一二三四五六七八九十"
    for i, theme in enumerate(ctx["themes"]):
        c.heading(doc, f"（{numerals[i]}）{theme['title']}", level=2)
        gbdocx.para(doc, theme["text"])
    progress(60, "目标任务")
    c.heading(doc, "二、目标任务完成情况")
    gbdocx.para(doc, ctx["targets_text"])
    if ctx["targets"]:
        gbdocx.table(doc, ["目标任务", "目标值", "完成值", "完成率", "状态"],
                     [[t["name"], t["target_text"], t["actual_text"], t["percent_text"], t["status"]]
                      for t in ctx["targets"]], size=10.5, widths=[60, 24, 24, 24, 24])
    c.heading(doc, "三、存在的问题")
    for text in ctx["lagging"] or ["各项目标任务均按进度推进，暂无滞后事项。"]:
        gbdocx.para(doc, text)
    c.heading(doc, "四、下一步工作")
    for text in ctx["next_steps"]:
        gbdocx.para(doc, text)
    gbdocx.para(doc, "特此汇报。")
    c.signature(doc, ctx["office"], clock.today())
    progress(95, "保存")
    return c.to_bytes(doc)


kinds.register(kinds.Kind(code="status_report", label="工作情况汇报", fmt="docx", period="as_of",
                          context=context, build=build, fields=FIELDS))
