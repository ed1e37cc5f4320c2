"""Documents: the recommendation list (推荐名单) and the award notice (质量奖公示/通报), as .docx in the
GB/T 9704-2012 layout (A4, top margin 37 mm, left 28 mm, title 2号 小标宋, body 3号 仿宋_GB2312,
page numbers “— 1 —” 4号 宋体 on the outer side) and as .xlsx."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from qualitybrand.core import clock, gbdocx

from . import rules
from .models import State


def recommendation_rows(user, call) -> list[dict]:
    from .selectors import applications_for

    apps = applications_for(user, {"call": call.pk}).filter(state__in=[State.RECOMMENDED, State.RECOGNISED,
                                                                       State.NOTICE])
    apps = sorted(apps, key=lambda a: (a.program_id, a.region.code, a.entity.name))
    return [{"no": i, "entity": a.entity.name, "uscc": a.entity.uscc, "program": a.program.name,
             "object": a.object_label or "—", "region": a.region.name, "state": a.state,
             "score": a.panel_score} for i, a in enumerate(apps, 1)]


def award_rows(user, call) -> list[dict]:
    from .selectors import applications_for

    apps = [a for a in applications_for(user, {"call": call.pk}).filter(
        state__in=[State.NOTICE, State.RECOGNISED]) if rules.is_scored(a.program)]
    apps.sort(key=lambda a: (a.program_id, -(a.panel_score or 0)))
    return [{"no": i, "entity": a.entity.name, "uscc": a.entity.uscc, "program": a.program.name,
             "region": a.region.name, "score": a.panel_score, "state": a.state,
             "notice": f"{rules.cn(a.notice_start)}至{rules.cn(a.notice_end)}" if a.notice_start else "—"}
            for i, a in enumerate(apps, 1)]


# --- docx (the shared GB/T 9704 layout: core/gbdocx.py) ------------------------------------------

_document, _title, _table, _para = gbdocx.document, gbdocx.title, gbdocx.table, gbdocx.para


def _finish(doc, source: str) -> bytes:
    return gbdocx.finish(doc, source, clock.today())


def recommendation_docx(user, call) -> bytes:
    rows = recommendation_rows(user, call)
    doc = _document()
    _title(doc, f"{call.year}年度品牌培育认定推荐名单")
    by_program: dict[str, int] = {}
    for r in rows:
        by_program[r["program"]] = by_program.get(r["program"], 0) + 1
    summary = "，".join(f"{k} {v} 个" for k, v in by_program.items()) or "无"
    _para(doc, f"根据“{call.name}”的安排，经企业申报、县区初审和市级审核，共推荐 {len(rows)} 个"
               f"（{summary}），名单如下：")
    _table(doc, ["序号", "申报单位", "统一社会信用代码", "项目", "商标/产品", "县区"],
           [[r["no"], r["entity"], r["uscc"], r["program"], r["object"], r["region"]] for r in rows])
    return _finish(doc, "质量强市与品牌战略综合管理平台申报审核记录")


def award_notice_docx(user, call) -> bytes:
    rows = award_rows(user, call)
    doc = _document()
    _title(doc, f"{call.year}年度政府质量奖评审结果公示")
    notice = next((r["notice"] for r in rows if r["notice"] != "—"), "—")
    _para(doc, f"按照“{call.name}”的安排，经企业申报、县区初审、市级审核、专家资料评审和现场评审，"
               f"拟授予以下 {len(rows)} 家单位政府质量奖，现予公示。公示期：{notice}。"
               "对公示对象有异议的，请在公示期内以书面形式向市质量强市工作领导小组办公室反映。")
    _table(doc, ["序号", "单位名称", "统一社会信用代码", "奖项", "评审得分", "县区"],
           [[r["no"], r["entity"], r["uscc"], r["program"], f"{r['score']:.2f}" if r["score"] is not None else "—",
             r["region"]] for r in rows])
    return _finish(doc, "质量强市与品牌战略综合管理平台专家评审记录")


# --- xlsx ---------------------------------------------------------------------------------------

def _xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(headers)
    thin = Side(style="thin")
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for row in rows:
        ws.append([_safe(v) for v in row])
    ws.append([f"数据来源：质量强市与品牌战略综合管理平台，截至{rules.cn(clock.today())}。"])
    for i, width in enumerate([6, 36, 22, 16, 24, 12, 10][:len(headers)], 1):
        ws.column_dimensions[chr(64 + i)].width = width
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _safe(value):
    """Formula-safe text cells."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def recommendation_xlsx(user, call) -> bytes:
    rows = recommendation_rows(user, call)
    return _xlsx(f"{call.year}年度推荐名单", ["序号", "申报单位", "统一社会信用代码", "项目", "商标/产品", "县区", "状态"],
                 [[r["no"], r["entity"], r["uscc"], r["program"], r["object"], r["region"], r["state"]] for r in rows])


def award_notice_xlsx(user, call) -> bytes:
    rows = award_rows(user, call)
    return _xlsx(f"{call.year}年度政府质量奖评审结果", ["序号", "单位名称", "统一社会信用代码", "奖项", "评审得分", "县区",
                                                "状态"],
                 [[r["no"], r["entity"], r["uscc"], r["program"], float(r["score"]) if r["score"] is not None else None,
                   r["region"], r["state"]] for r in rows])
