"""Documents: the recommendation list (推荐名单) and the award notice (质量奖公示, an official document of the
office: 版头 and 署名), as .docx in the platform's GB/T 9704 layout (core/gbdocx.py) and as .xlsx tables
(core/xlsxbook.py)."""

from __future__ import annotations

from qualitybrand.core import clock, gbdocx, xlsxbook

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


# --- docx ----------------------------------------------------------------------------------------

def recommendation_docx(user, call) -> bytes:
    rows = recommendation_rows(user, call)
    doc = gbdocx.document()
    gbdocx.title(doc, f"{call.year}年度品牌培育认定推荐名单")
    by_program: dict[str, int] = {}
    for r in rows:
        by_program[r["program"]] = by_program.get(r["program"], 0) + 1
    summary = "，".join(f"{k} {v} 个" for k, v in by_program.items()) or "无"
    gbdocx.para(doc, f"根据“{call.name}”的安排，经企业申报、县区初审和市级审核，共推荐 {len(rows)} 个"
                     f"（{summary}），名单如下：")
    gbdocx.table(doc, ["序号", "申报单位", "统一社会信用代码", "项目", "商标/产品", "县区"],
                 [[r["no"], r["entity"], r["uscc"], r["program"], r["object"], r["region"]] for r in rows],
                 size=10.5, widths=[13, 34, 48, 22, 24, 15])
    return gbdocx.finish(doc, "质量强市与品牌战略综合管理平台申报审核记录", clock.today())


def award_notice_docx(user, call) -> bytes:
    rows = award_rows(user, call)
    office = gbdocx.office_name(call.region)
    doc = gbdocx.document(office=office)
    gbdocx.title(doc, f"{call.year}年度政府质量奖评审结果公示")
    notice = next((r["notice"] for r in rows if r["notice"] != "—"), "—")
    gbdocx.para(doc, f"按照“{call.name}”的安排，经企业申报、县区初审、市级审核、专家资料评审和现场评审，"
                     f"拟授予以下 {len(rows)} 家单位政府质量奖，现予公示。公示期：{notice}。"
                     "对公示对象有异议的，请在公示期内以书面形式向市质量强市工作领导小组办公室反映。")
    gbdocx.table(doc, ["序号", "单位名称", "统一社会信用代码", "奖项", "评审得分", "县区"],
                 [[r["no"], r["entity"], r["uscc"], r["program"],
                   f"{r['score']:.2f}" if r["score"] is not None else "—", r["region"]] for r in rows],
                 size=10.5, widths=[13, 32, 48, 24, 20, 19])
    return gbdocx.finish(doc, "质量强市与品牌战略综合管理平台专家评审记录", clock.today(), office=office)


# --- xlsx ---------------------------------------------------------------------------------------

def _xlsx(title: str, headers: list[str], rows: list[list]) -> bytes:
    """One list on one sheet: the title, the header row, the rows and the source line under them."""
    book = xlsxbook.Book()
    book.sheet(title, title=title, columns=headers, rows=rows, lines=[], note_gap=0,
               widths=[6, 36, 22, 16, 24, 12, 10][:len(headers)],
               notes=[f"数据来源：质量强市与品牌战略综合管理平台，截至{rules.cn(clock.today())}。"])
    return book.to_bytes()


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
