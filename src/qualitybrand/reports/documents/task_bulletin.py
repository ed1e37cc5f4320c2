"""交办任务通报 (responsibility.md § Assigned tasks: "a task list for a period becomes a 通报"; seed 001
“全市通报”): for the office of a region and a period (start–end; `report task_bulletin --year` / `--as-of`
as the other period kinds), as of the day it is made — the opening, the period's tasks (task, assignees,
deadline, state, completed on / overdue days), the ranking of the assignees, the overdue assignees named,
and the closing with the requirements. Every figure comes from `assignments.ranking.ranking`, the same
selector as the ranking page (/assignments/ranking/), so the two always agree.

Only the tasks the region's own office assigned appear (Task.region = the region): a county's 通报 never
shows another county's tasks, and the city's shows what it assigned to departments and counties."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core import clock, gbdocx
from qualitybrand.reports.documents import _docsmore_util as u
from qualitybrand.reports.kinds import DocRequest, Kind, register

CN_NUMBERS = "一二三四五六七八九十"


def span_of(req: DocRequest):
    from qualitybrand.assignments.ranking import span_between

    if req.start and req.end:
        return span_between(req.start, req.end)
    if req.year:
        return span_between(dt.date(req.year, 1, 1), dt.date(req.year, 12, 31))
    today = req.as_of or clock.today()
    return span_between(dt.date(today.year, 1, 1), today)


def _whole(region_name: str) -> str:
    """全市 / 全区 / 全县 (how the document names the region's whole territory)."""
    for suffix in ("市", "县", "区"):
        if region_name.endswith(suffix):
            return f"全{suffix}"
    return "全域"


def context(req: DocRequest) -> dict:
    from qualitybrand.assignments import ranking as rk

    span = span_of(req)
    today = clock.today()
    result = rk.ranking(req.region, span, today)
    whole = _whole(req.region.name)
    counts = {"on_time": result.count(rk.ON_TIME), "late": result.count(rk.LATE),
              "overdue": result.count(rk.OVERDUE), "open": result.count(rk.OPEN)}
    tasks = [{"title": t["title"], "assignees": t["assignees"], "deadline": gbdocx.cn_date(t["deadline"]),
              "state": t["state"], "completed": t["completed"] or "—", "overdue": t["overdue"] or "—"}
             for t in rk.task_rows(result)]
    ranking = [{"rank": r.rank_text, "assignee": r.assignee, "kind": r.assignee_kind, "assigned": r.assigned,
                "on_time": r.on_time, "late": r.late, "overdue": r.overdue, "open": r.open, "rate": r.rate_text}
               for r in result.rows]
    overdue = [{"title": o.title, "assignee": o.assignee, "deadline": gbdocx.cn_date(o.deadline),
                "days": o.overdue_days, "state": o.state} for o in result.overdue]
    named = "、".join(dict.fromkeys(o["assignee"] for o in overdue))
    first = [r["assignee"] for r in ranking if r["rank"] == "1"]
    date = gbdocx.cn_date(today)
    opening = (f"为推动质量强市各项工作任务落实，根据交办任务督查督办要求，现将{span.label}"
               f"（完成期限在{gbdocx.cn_date(span.start)}至{gbdocx.cn_date(span.end)}之间）{whole}交办任务完成情况"
               f"（截至{date}）通报如下。")
    overview = (f"{span.label}，{req.region.name}质量强市工作领导小组办公室共交办任务{result.tasks}项，涉及承办单位"
                f"{len(result.rows)}个、承办事项{len(result.lines)}项。其中按期办结{counts['on_time']}项，逾期办结"
                f"{counts['late']}项，逾期未办结{counts['overdue']}项，尚在办理期限内{counts['open']}项，"
                f"按期办结率{result.rate_text}。")
    if first:
        overview += f"{'、'.join(first)}按期办结率排名第一。"
    closing = ["各承办单位要对照任务清单逐项梳理，逾期未办结的任务务必明确责任人和完成时限，尽快办结并报送办结报告。",
               "各承办单位要严格按照完成标准办理交办任务，按时报送进展情况和佐证材料，确保按期办结。",
               "交办任务办理情况将纳入年度质量工作考核，对多次逾期、敷衍应付的单位予以督办问责。"]
    return {
        "title": f"关于{span.label}交办任务完成情况的通报", "office": u.office(req), "region": req.region.name,
        "region_code": req.region.code, "whole": whole, "period": span.label, "start": span.start.isoformat(),
        "end": span.end.isoformat(), "as_of": today.isoformat(), "date": date, "opening": opening,
        "overview": overview, "task_count": result.tasks, "assignments": len(result.lines), **counts,
        "rate": result.rate_text, "tasks": tasks, "ranking": ranking, "overdue_rows": overdue,
        "overdue_named": named, "closing": closing,
    }


def build(req: DocRequest, ctx: dict, progress) -> bytes:
    progress(10, "排版通报")
    doc = gbdocx.document(office=ctx["office"])
    gbdocx.title(doc, ctx["title"])
    gbdocx.para(doc, "各有关部门、各县区：" if ctx["whole"] == "全市" else "各有关单位：", indent=False)
    gbdocx.para(doc, ctx["opening"])
    u.heading(doc, "一、总体情况")
    gbdocx.para(doc, ctx["overview"])
    progress(30, "任务清单")
    u.heading(doc, "二、任务完成情况")
    if ctx["tasks"]:
        u.table(doc, ["序号", "任务", "承办单位", "完成期限", "状态", "办结（验收日期）/ 逾期"],
                [[i, t["title"], t["assignees"], t["deadline"], t["state"],
                  "；".join(x for x in (t["completed"], t["overdue"]) if x != "—") or "—"]
                 for i, t in enumerate(ctx["tasks"], start=1)], widths=[10, 36, 26, 34, 14, 36], size=10.5)
    else:
        gbdocx.para(doc, f"{ctx['period']}没有完成期限在本期的交办任务。")
    progress(55, "排名")
    u.heading(doc, "三、承办单位排名")
    if ctx["ranking"]:
        gbdocx.para(doc, "按期办结率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办结），尚未到期的任务不计入，"
                         "按期办结率相同者名次并列。")
        u.table(doc, ["名次", "承办单位", "交办", "按期办结", "逾期办结", "逾期未办结", "按期办结率"],
                [[r["rank"], r["assignee"], r["assigned"], r["on_time"], r["late"], r["overdue"], r["rate"]]
                 for r in ctx["ranking"]], widths=[16, 38, 16, 20, 20, 22, 24], size=10.5)
    else:
        gbdocx.para(doc, "本期没有需要排名的承办单位。")
    progress(75, "逾期通报")
    u.heading(doc, "四、逾期未办结任务")
    if ctx["overdue_rows"]:
        gbdocx.para(doc, f"截至{ctx['date']}，{ctx['overdue_named']}承办的以下{len(ctx['overdue_rows'])}项任务"
                         f"已超过完成期限仍未办结，予以{ctx['whole']}通报：")
        u.table(doc, ["序号", "承办单位", "任务", "完成期限", "逾期天数"],
                [[i, o["assignee"], o["title"], o["deadline"], o["days"]]
                 for i, o in enumerate(ctx["overdue_rows"], start=1)], widths=[12, 26, 56, 36, 26], size=10.5)
    else:
        gbdocx.para(doc, f"截至{ctx['date']}，本期交办任务没有逾期未办结的情况。")
    u.heading(doc, "五、工作要求")
    for i, text in enumerate(ctx["closing"]):
        gbdocx.para(doc, f"（{CN_NUMBERS[i]}）{text}")
    progress(90, "保存")
    return gbdocx.finish(doc, "交办任务办理记录", clock.today(), office=ctx["office"])


FIELDS = (
    ("title", "标题（关于…交办任务完成情况的通报）"), ("office", "发文机关"), ("region", "区域名称"),
    ("region_code", "区划代码"), ("whole", "全市/全县/全区"), ("period", "统计期（2014年第二季度等）"),
    ("start", "统计期起（YYYY-MM-DD）"), ("end", "统计期止"), ("as_of", "统计截至日（生成日）"), ("date", "成文日期"),
    ("opening", "开头一段"), ("overview", "总体情况一段"), ("task_count", "交办任务数"), ("assignments", "承办事项数"),
    ("on_time", "按期办结"), ("late", "逾期办结"), ("overdue", "逾期未办结"), ("open", "尚在期限内"),
    ("rate", "按期办结率"), ("tasks", "任务清单：title, assignees, deadline, state, completed, overdue"),
    ("ranking", "排名：rank, assignee, kind, assigned, on_time, late, overdue, open, rate"),
    ("overdue_rows", "逾期未办结：title, assignee, deadline, days, state"), ("overdue_named", "逾期单位（顿号分隔）"),
    ("closing", "工作要求（文字列表）"),
)

register(Kind(code="task_bulletin", label="交办任务通报", fmt="docx", period="period", context=context, build=build,
              fields=FIELDS))
