"""年度工作总结 (reports.md § Documents; seed 000 §1, seed 002): the year's figures in prose with their
year-on-year change, key indicators by county, target completion, the assessment result, the brand
pipeline and next year's work. Every figure from `indicators.engine.compute` over `Period.year(year)`."""

from __future__ import annotations

from qualitybrand.core import clock, gbdocx
from qualitybrand.indicators.periods import Period
from qualitybrand.reports import kinds
from qualitybrand.reports.documents import common as c

# (heading, [(code, how the sentence names it, verb)])
THEMES = [
    ("市场主体和商标品牌", [
        ("entity.count", "市场主体", "达到"),
        ("tm.valid", "有效注册商标", "达到"),
        ("tm.registrations", "新注册商标", "为"),
        ("tm.per100", "每百户市场主体有效商标拥有量", "为"),
        ("tm.gi", "地理标志商标", "达到"),
        ("pledge.amount", "商标质押融资额", "为"),
    ]),
    ("质量监管和执法", [
        ("insp.batches", "监督抽查产品", "共"),
        ("insp.pass_rate", "监督抽查合格率", "为"),
        ("case.opened", "查处质量违法案件立案", "为"),
        ("case.closed", "结案", "为"),
        ("case.goods_value", "涉案货值", "为"),
        ("incident.count", "发生质量安全事故", "为"),
    ]),
    ("科技创新和标准认证", [
        ("patent.applications", "专利申请量", "达到"),
        ("patent.grants", "专利授权量", "为"),
        ("patent.invention_valid", "有效发明专利", "达到"),
        ("std.published", "主导制修订标准", "为"),
        ("cert.valid", "有效认证证书", "达到"),
    ]),
]

FIELDS = (
    ("office", "发文机关（版头、署名）"), ("region", "区划名称"), ("year", "年度"), ("title", "标题"),
    ("intro", "开头段落"),
    ("themes", "各方面工作：列表，每项 title（小标题）、text（含同比的段落）、figures（code、name、text、"
               "previous_text、change）"),
    ("county_headers", "分县区主要指标表的表头"), ("county_rows", "分县区主要指标表的各行（文本列表）"),
    ("targets", "目标任务：列表，每项 set、name、target_text、actual_text、percent_text、status"),
    ("targets_text", "目标完成情况的段落"),
    ("assessment", "考核结果：列表，每项 name、kind、results（rank、region、total_text、grade）"),
    ("assessment_text", "考核结果的段落"),
    ("brands", "品牌培育：列表，每项 program、valid_text、new_text"), ("brands_text", "品牌培育的段落"),
    ("shortfalls", "后备不足的项目（文本列表）"),
    ("next_year", "下一年度工作（段落列表）"), ("date", "成文日期（2014年7月10日）"),
)


def context(req: kinds.DocRequest) -> dict:
    from qualitybrand.reports.dashboard import COMPARE_CODES

    region, year = req.region, int(req.year)
    period = Period.year(year)
    before = period.same_span_a_year_before()
    counties = c.children_of(region)
    theme_codes = [code for _t, items in THEMES for code, _l, _v in items]
    now = c.compute_figures(theme_codes + COMPARE_CODES, period, [region] + counties)
    prev = c.compute_figures(theme_codes, before, [region])
    whole = "全市" if region.kind == "市" else ("全区" if region.kind == "区" else "全县")

    themes = []
    lagging_figures = []
    for heading, items in THEMES:
        sentences, figures = [], []
        for code, label, verb in items:
            if (code, region.code) not in now:
                continue
            value, previous = now[(code, region.code)], prev.get((code, region.code))
            s = c.spec(code)
            sentences.append(c.figure_sentence(code, label, value, previous, verb))
            change = c.change_percent(value, previous)
            figures.append({"code": code, "name": s.name, "unit": s.unit, "value": c.plain(value),
                            "text": c.fmt(code, value), "previous": c.plain(previous),
                            "previous_text": c.fmt(code, previous), "change": change,
                            "change_text": c.yoy_phrase(code, value, previous)})
            if value is not None and previous is not None and s is not None:
                worse = value < previous if s.direction == "higher" else value > previous
                if worse and value != previous:
                    lagging_figures.append(f"{s.name}{c.yoy_phrase(code, value, previous)}")
        if sentences:
            themes.append({"title": heading, "text": f"{year}年，{whole}" + "；".join(sentences) + "。",
                           "figures": figures})

    county_headers = ["县区"] + [f"{c.spec(code).name}（{c.spec(code).unit}）" if c.spec(code).unit not in ("", "%")
                                 else c.spec(code).name + ("（%）" if c.spec(code).unit == "%" else "")
                                 for code in COMPARE_CODES]
    county_rows = [[r.name] + [c.fmt(code, now.get((code, r.code))).rstrip("%") for code in COMPARE_CODES]
                   for r in counties + [region]]
    if county_rows:
        county_rows[-1][0] = f"{region.name}合计"

    day = period.end
    targets = c.target_rows(region, year, day)
    assessment = c.assessment_results(region, year)
    assessment_text = _assessment_text(region, assessment)
    brands = c.recognitions(region, period)
    brands_text = _brands_text(whole, year, brands)
    shortfalls = _shortfalls(region, year)

    late = [t for t in targets if t["status"] == "滞后"]
    next_year = []
    if late:
        next_year.append("针对目标任务滞后的指标，" + "；".join(
            f"{t['name']}（目标{t['target_text']}，完成{t['actual_text']}，完成率{t['percent_text']}）"
            for t in late) + "，要逐项分析原因，落实责任单位，确保下一年度补齐短板。")
    if lagging_figures:
        next_year.append("针对同比下降的指标，" + "、".join(lagging_figures) + "，要加强调度，扭转下滑势头。")
    if shortfalls:
        next_year.append("品牌培育后备不足的，" + "；".join(shortfalls) + "，要加大培育力度，充实后备梯队。")
    extra = (req.extra or {}).get("next_year", "")
    if extra and str(extra).strip():
        next_year.append(str(extra).strip())
    if not next_year:
        next_year.append(f"巩固{year}年工作成果，持续推进质量强市和商标品牌战略，各项指标保持稳定增长。")

    return {
        "office": req.office or c.office_name(region), "region": region.name, "region_code": region.code,
        "year": year, "title": f"{region.name}质量强市工作{year}年度总结",
        "intro": (f"{year}年，{region.name}深入实施质量强市和商标品牌战略，围绕年度目标任务，狠抓质量提升、"
                  f"品牌培育和市场监管，各项工作取得新的进展。现将{year}年度工作总结如下。"),
        "themes": themes, "county_headers": county_headers, "county_rows": county_rows,
        "targets": targets, "targets_text": c.target_summary(targets),
        "assessment": assessment, "assessment_text": assessment_text,
        "brands": brands, "brands_text": brands_text, "shortfalls": shortfalls,
        "next_year": next_year, "date": gbdocx.cn_date(clock.today()),
    }


def _assessment_text(region, assessment: list[dict]) -> str:
    if not assessment:
        return "本年度考核尚未定稿。"
    parts = []
    for a in assessment:
        mine = next((r for r in a["results"] if r["region_code"] == region.code), None)
        if mine is not None:
            parts.append(f"在《{a['name']}》{a['kind']}中，{region.name}得分{mine['total_text']}"
                         + (f"，位列第{mine['rank']}名" if mine["rank"] else "")
                         + (f"，等次为{mine['grade']}" if mine["grade"] else ""))
        elif a["results"]:
            top = a["results"][0]
            parts.append(f"《{a['name']}》{a['kind']}共考核{len(a['results'])}个县区，{top['region']}"
                         f"以{top['total_text']}分位列第一")
    return "；".join(parts) + "。"


def _brands_text(whole: str, year: int, brands: list[dict]) -> str:
    held = [b for b in brands if b["valid"]]
    if not held:
        return f"截至{year}年底，{whole}尚无有效的品牌认定。"
    parts = [f"{b['program']}{b['valid_text']}个" + (f"（当年新认定{b['new_text']}个）" if b["new"] else "")
             for b in held]
    return f"截至{year}年底，{whole}拥有" + "，".join(parts) + "。"


def _shortfalls(region, year: int) -> list[str]:
    """后备不足 of cultivation's pipeline, as of the year's last day (the pool eligible a year later
    against next year's target)."""
    import datetime as dt

    from qualitybrand.cultivation.selectors import pipeline_shortfalls

    rows = pipeline_shortfalls(None, region, dt.date(year, 12, 31))
    return [f"{r['region'].name}{r['program'].name}（目标{r['target']}个，后备{r['eligible_next']}个）" for r in rows]


def build(req: kinds.DocRequest, ctx: dict, progress: kinds.Progress = kinds.no_progress) -> bytes:
    doc = c.new_document(office=ctx["office"], number=(req.extra or {}).get("number", ""))
    gbdocx.title(doc, ctx["title"])
    gbdocx.para(doc, ctx["intro"])
    progress(40, "正文")
    c.heading(doc, "一、主要指标完成情况")
    numerals = "一二三四五六七八九十"
    for i, theme in enumerate(ctx["themes"]):
        c.heading(doc, f"（{numerals[i]}）{theme['title']}", level=2)
        gbdocx.para(doc, theme["text"])
    if len(ctx["county_rows"]) > 1:
        gbdocx.para(doc, f"{ctx['year']}年各县区主要指标情况见下表。")
        n = len(ctx["county_headers"])
        gbdocx.table(doc, ctx["county_headers"], ctx["county_rows"], size=10.5,
                     widths=[30] + [126 / (n - 1)] * (n - 1))
    progress(60, "目标与考核")
    c.heading(doc, "二、目标任务完成情况")
    gbdocx.para(doc, ctx["targets_text"])
    if ctx["targets"]:
        gbdocx.table(doc, ["目标任务", "目标值", "完成值", "完成率", "状态"],
                     [[t["name"], t["target_text"], t["actual_text"], t["percent_text"], t["status"]]
                      for t in ctx["targets"]], size=10.5, widths=[60, 24, 24, 24, 24])
    c.heading(doc, "三、考核评价结果")
    gbdocx.para(doc, ctx["assessment_text"])
    for a in ctx["assessment"]:
        if len(a["results"]) > 1:
            gbdocx.table(doc, ["名次", "县区", "得分", "等次"],
                         [[r["rank"] or "—", r["region"], r["total_text"], r["grade"] or "—"] for r in a["results"]],
                         size=10.5, widths=[24, 60, 36, 36])
    progress(80, "品牌培育")
    c.heading(doc, "四、品牌培育")
    gbdocx.para(doc, ctx["brands_text"])
    c.heading(doc, f"五、{ctx['year'] + 1}年工作打算")
    for text in ctx["next_year"]:
        gbdocx.para(doc, text)
    c.signature(doc, ctx["office"], clock.today())
    progress(95, "保存")
    return c.to_bytes(doc)


kinds.register(kinds.Kind(code="annual_summary", label="年度工作总结", fmt="docx", period="year",
                          context=context, build=build, fields=FIELDS))
