"""调度简报 (weekly or monthly bulletin, reports.md § Documents; seed 002's 调度): a 简报 layout — the red 版头
“质量强市工作简报”, 第N期, the office and the date over a red line — then the period's figures (engine over
`Period.between(start, end)`, with the change on the same days a year before), the counties ranked on three
key figures, overdue tasks (planning's rectification tasks, campaigns' tasks) and warnings (alerts engine) in
the region's subtree, and 下步工作 drawn from what lags.

Numbering: `req.issue_no`, else the next after the highest `IssuedDocument.issue_no` of the region's
bulletins of the period's year (1 for the year's first)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Max
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Pt

from qualitybrand.core import clock, gbdocx
from qualitybrand.indicators.periods import Period
from qualitybrand.reports.documents import _docsmore_util as u
from qualitybrand.reports.kinds import DocRequest, Kind, register

FIGURE_CODES = ["entity.new", "tm.applications", "tm.registrations", "tm.valid", "patent.applications",
                "patent.grants", "insp.batches", "insp.pass_rate", "case.opened", "case.closed", "case.fines",
                "complaint.received", "incident.count"]
RANK_CODES = ["tm.registrations", "patent.applications", "insp.pass_rate"]
MAX_ROWS = 10  # overdue tasks and warnings listed one by one (the rest counted)


def period_of(req: DocRequest) -> Period:
    """The bulletin's period: start–end when given, else the month so far (as of today)."""
    end = req.end or clock.today()
    start = req.start or end.replace(day=1)
    return Period.between(start, end)


def next_issue_no(region, year: int) -> int:
    """The number after the highest issued number of the region's bulletins of `year` (1 when none)."""
    from qualitybrand.reports.models import DocumentKind, IssuedDocument

    top = (IssuedDocument.objects.filter(region=region, kind=DocumentKind.BULLETIN)
           .filter(period_end__year=year).aggregate(n=Max("issue_no"))["n"])
    if top is None:  # documents stored without a period: their year
        top = (IssuedDocument.objects.filter(region=region, kind=DocumentKind.BULLETIN, year=year,
                                             period_end__isnull=True).aggregate(n=Max("issue_no"))["n"])
    return (top or 0) + 1


def _period_text(period: Period) -> str:
    s, e = period.start, period.end
    if s.year != e.year:
        return f"{gbdocx.cn_date(s)}至{gbdocx.cn_date(e)}"
    return f"{gbdocx.cn_date(s)}至{e.month}月{e.day}日"


def _ranking(code: str, children, now) -> list[dict]:
    rows = [{"region": c.name, "code": c.code, "value": now[code][c.code]["value"], "text": now[code][c.code]["text"]}
            for c in children]
    spec = u.spec_of(code)
    lower = spec is not None and spec.direction == "lower"
    rows.sort(key=lambda r: (r["value"] is None, (r["value"] or 0) if lower else -(r["value"] or 0), r["code"]))
    rank, last = 0, object()
    for i, row in enumerate(rows, start=1):
        if row["value"] is None:
            row["rank"] = "—"
            continue
        if row["value"] != last:
            rank, last = i, row["value"]
        row["rank"] = rank
    return rows


def _overdue(req: DocRequest) -> dict:
    from qualitybrand.campaigns import selectors as campaigns
    from qualitybrand.planning.selectors import overdue_tasks

    user = u.reader(req)
    path, today = req.region.path, clock.today()
    planning = list(overdue_tasks(user).filter(region__path__startswith=path).order_by("deadline", "id"))
    tasks = [{"kind": "考核整改", "region": t.region.name, "content": f"{t.round.scheme.name}：{t.item_name}",
              "due": gbdocx.cn_date(t.deadline), "days": (today - t.deadline).days} for t in planning]
    late = list(campaigns.open_tasks(user).filter(region__path__startswith=path, due__lt=today))
    tasks += [{"kind": "专项整治", "region": t.region.name, "content": f"{t.campaign.title}：{t.content[:40]}",
               "due": gbdocx.cn_date(t.due), "days": (today - t.due).days} for t in late]
    tasks.sort(key=lambda t: (-t["days"], t["region"], t["content"]))
    return {"count": len(tasks), "planning": len(planning), "campaigns": len(late), "rows": tasks[:MAX_ROWS]}


def _warnings(req: DocRequest, as_of: dt.date) -> dict:
    from qualitybrand.alerts.engine import LEVELS, compute
    from qualitybrand.alerts.rules import RULES
    from qualitybrand.core.models import Region

    alerts = compute(as_of, region=req.region)
    names = {r.code: r.name for r in RULES.values()}
    regions = dict(Region.objects.filter(code__in={a.region_code for a in alerts}).values_list("code", "name"))
    by_level = Counter(a.level for a in alerts)
    by_rule = Counter(a.rule for a in alerts)
    order = {lv: i for i, lv in enumerate(LEVELS)}
    top = sorted(alerts, key=lambda a: (-order.get(a.level, 0), a.due, a.rule, a.key))[:MAX_ROWS]
    return {
        "count": len(alerts),
        "levels": [{"level": lv, "count": by_level.get(lv, 0)} for lv in reversed(LEVELS)],
        "rules": [{"rule": names.get(code, code), "count": n} for code, n in by_rule.most_common(8)],
        "rows": [{"level": a.level, "rule": names.get(a.rule, a.rule), "region": regions.get(a.region_code, ""),
                  "message": a.message, "due": gbdocx.cn_date(a.due)} for a in top],
    }


def context(req: DocRequest) -> dict:
    period = period_of(req)
    before = period.same_span_a_year_before()
    region = req.region
    children = u.counties(region)
    now = u.figures(FIGURE_CODES, period, [region] + children)
    prev = u.figures(FIGURE_CODES, before, [region])
    issue_no = req.issue_no or next_issue_no(region, period.end.year)
    as_of = min(period.end, clock.today())
    figures = []
    for code in FIGURE_CODES:
        value = now[code][region.code]["value"]
        figures.append({"code": code, "name": u.name_of(code), "unit": u.unit_of(code), "value": value,
                        "text": now[code][region.code]["text"], "before": prev[code][region.code]["text"],
                        "change": u.change_text(code, value, prev[code][region.code]["value"])})
    rankings = [{"code": c, "name": u.name_of(c), "unit": u.unit_of(c), "rows": _ranking(c, children, now)}
                for c in RANK_CODES]
    overdue = _overdue(req)
    warnings = _warnings(req, as_of)
    next_steps = _next_steps(rankings, overdue, warnings, figures)
    weekly = (period.end - period.start).days < 10
    return {
        "title": "质量强市工作简报", "office": u.office(req), "region": region.name, "region_code": region.code,
        "issue_no": issue_no, "issue": f"第{issue_no}期", "year": period.end.year,
        "kind": "周报" if weekly else "月报", "start": period.start.isoformat(), "end": period.end.isoformat(),
        "period": _period_text(period), "date": gbdocx.cn_date(clock.today()), "as_of": gbdocx.cn_date(as_of),
        "figures": figures, "by_code": {f["code"]: f for f in figures}, "rankings": rankings,
        "overdue": overdue, "warnings": warnings, "next_steps": next_steps,
        "summary": _summary(region.name, _period_text(period), {f["code"]: f for f in figures}),
    }


def _summary(region: str, period: str, by: dict) -> str:
    def part(code: str, verb: str) -> str:
        f = by[code]
        change = f"，同比{f['change']}" if f["change"] and f["change"] != "持平" else ""
        return f"{verb}{f['name']}{f['text']}{f['unit'] if f['unit'] != '%' else ''}{change}"

    return (f"{period}，{region}" + "；".join([
        part("entity.new", ""), part("tm.registrations", ""), part("patent.applications", ""),
        f"完成监督抽查{by['insp.batches']['text']}批次，{by['insp.pass_rate']['name']}"
        f"{by['insp.pass_rate']['text']}", part("case.opened", "")]) + "。")


def _next_steps(rankings, overdue, warnings, figures) -> list[str]:
    steps = []
    rate = next(r for r in rankings if r["code"] == "insp.pass_rate")
    lows = [row for row in rate["rows"] if row["value"] is not None][-2:]
    if lows and len(rate["rows"]) > 2:
        names = "、".join(r["region"] for r in lows)
        steps.append(f"督促{names}加强不合格产品后处理，提升监督抽查合格率。")
    if overdue["count"]:
        steps.append(f"对{overdue['count']}项逾期任务逐项调度，明确责任人和完成时限，按期销号。")
    urgent = next((lv["count"] for lv in warnings["levels"] if lv["level"] == "紧急"), 0)
    if urgent:
        steps.append(f"及时处置{urgent}条紧急预警，防止商标失效、认定过期等问题发生。")
    reg = next(r for r in rankings if r["code"] == "tm.registrations")
    zero = [row["region"] for row in reg["rows"] if not row["value"]]
    if zero:
        steps.append(f"加强对{'、'.join(zero)}的商标注册指导服务。")
    steps.append("继续做好数据报送和调度工作，按时汇总上报各项指标完成情况。")
    return steps


def build(req: DocRequest, ctx: dict, progress) -> bytes:
    progress(10, "排版简报")
    doc = gbdocx.document()
    head = gbdocx.para(doc, ctx["title"], font_name=gbdocx.TITLE_FONT, size=36, align=WD_ALIGN_PARAGRAPH.CENTER,
                       indent=False)
    head.paragraph_format.line_spacing = Pt(54)
    head.paragraph_format.space_after = u.Mm(4)
    u.colour(head)
    gbdocx.para(doc, f"{ctx['issue']}（{ctx['year']}年）", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    meta = gbdocx.para(doc, "", indent=False)
    gbdocx.font(meta.add_run(ctx["office"]), gbdocx.BODY_FONT, 14)
    gbdocx.font(meta.add_run("\t" + ctx["date"]), gbdocx.BODY_FONT, 14)
    meta.paragraph_format.tab_stops.add_tab_stop(u.Mm(156), alignment=WD_TAB_ALIGNMENT.RIGHT)  # right tab at the text width
    u.red_rule(meta)
    gbdocx.para(doc, "", indent=False)
    gbdocx.title(doc, f"{ctx['region']}质量强市工作调度情况（{ctx['kind']}）")
    gbdocx.para(doc, f"统计期：{ctx['period']}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=14)

    u.heading(doc, "一、主要指标完成情况")
    gbdocx.para(doc, ctx["summary"])
    u.table(doc, ["指标", "单位", "本期", "上年同期", "同比"],
            [[f["name"], f["unit"], f["text"], f["before"], f["change"] or "—"] for f in ctx["figures"]],
            widths=[48, 16, 28, 28, 36])
    progress(40, "县区排名")
    u.heading(doc, "二、县区排名")
    for i, ranking in enumerate(ctx["rankings"], start=1):
        u.sub_heading(doc, f"（{'一二三四五'[i - 1]}）{ranking['name']}")
        u.table(doc, ["名次", "县区", f"{ranking['name']}（{ranking['unit']}）"],
                [[r["rank"], r["region"], r["text"]] for r in ranking["rows"]], widths=[24, 60, 72])
    progress(60, "逾期任务和预警")
    u.heading(doc, "三、逾期任务")
    od = ctx["overdue"]
    if od["count"]:
        gbdocx.para(doc, f"截至{ctx['date']}，全{_unit(ctx)}逾期未完成任务{od['count']}项，其中考核整改任务"
                         f"{od['planning']}项、专项整治任务{od['campaigns']}项。")
        u.table(doc, ["类别", "县区", "任务", "期限", "逾期天数"],
                [[t["kind"], t["region"], t["content"], t["due"], t["days"]] for t in od["rows"]],
                widths=[22, 24, 62, 30, 18], size=10.5)
        if od["count"] > len(od["rows"]):
            gbdocx.para(doc, f"（另有{od['count'] - len(od['rows'])}项未列出。）", size=12, indent=False)
    else:
        gbdocx.para(doc, "本期无逾期任务。")
    u.heading(doc, "四、预警提示")
    wn = ctx["warnings"]
    if wn["count"]:
        levels = "、".join(f"{lv['level']}{lv['count']}条" for lv in wn["levels"] if lv["count"])
        gbdocx.para(doc, f"截至{ctx['as_of']}，共有预警{wn['count']}条（{levels}），主要为" +
                    "、".join(f"{r['rule']}{r['count']}条" for r in wn["rules"][:4]) + "。")
        u.table(doc, ["级别", "县区", "预警内容", "期限"],
                [[w["level"], w["region"], w["message"], w["due"]] for w in wn["rows"]],
                widths=[16, 24, 86, 30], size=10.5)
    else:
        gbdocx.para(doc, f"截至{ctx['as_of']}，无预警。")
    u.heading(doc, "五、下步工作")
    for i, step in enumerate(ctx["next_steps"], start=1):
        gbdocx.para(doc, f"{i}. {step}")
    progress(90, "保存")
    gbdocx.para(doc, "", indent=False)
    to = gbdocx.para(doc, "报：质量强市工作领导小组　　送：各县区市场监督管理局", size=12, indent=False)
    to.paragraph_format.keep_with_next = True
    end = gbdocx.para(doc, "", indent=False)
    gbdocx.font(end.add_run(ctx["office"]), gbdocx.BODY_FONT, 12)
    gbdocx.font(end.add_run(f"\t{ctx['date']}印发"), gbdocx.BODY_FONT, 12)
    end.paragraph_format.tab_stops.add_tab_stop(u.Mm(156), alignment=WD_TAB_ALIGNMENT.RIGHT)
    u.red_rule(end, 8)
    return u.to_bytes(doc)


def _unit(ctx) -> str:
    return "市" if ctx["region"].endswith("市") else ("县" if ctx["region"].endswith("县") else "区")


FIELDS = (
    ("title", "简报名称（质量强市工作简报）"), ("region_code", "区划代码"), ("office", "编印单位"), ("region", "区域名称"),
    ("issue_no", "期号（数字）"), ("issue", "期号文字（第N期）"), ("year", "年度"), ("kind", "周报/月报"),
    ("start", "统计期起（YYYY-MM-DD）"), ("end", "统计期止"), ("period", "统计期（中文）"), ("date", "编印日期"), ("as_of", "预警的计算日（统计期末，不晚于今天）"),
    ("summary", "主要指标一段话"),
    ("figures", "本期指标列表：code, name, unit, value, text（格式化值）, before（上年同期）, change（同比文字）"),
    ("by_code", "按指标代码取本期指标，如 by_code['tm.registrations'].text"),
    ("rankings", "县区排名：code, name, unit, rows[rank, region, text, value]"),
    ("overdue", "逾期任务：count, planning, campaigns, rows[kind, region, content, due, days]"),
    ("warnings", "预警：count, levels[level, count], rules[rule, count], rows[level, rule, region, message, due]"),
    ("next_steps", "下步工作（文字列表）"),
)

register(Kind(code="bulletin", label="调度简报", fmt="docx", period="period", context=context, build=build,
              fields=FIELDS))
