"""Documents of planning: the decomposition of a target set and the notice (通报), as .docx in the
platform's GB/T 9704 layout (core/gbdocx.py) and as .xlsx tables (core/xlsxbook.py)."""

from __future__ import annotations

from decimal import Decimal

from qualitybrand.core import gbdocx, xlsxbook

cn_date = gbdocx.cn_date


def fmt(value) -> str:
    if value is None:
        return "—"
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():,f}"


# --- decomposition of a target set ------------------------------------------------------------

def office_of(region) -> str:
    """The issuing office of a region's targets, rounds and notices."""
    return gbdocx.office_name(region) if region is not None else ""


# --- notice ----------------------------------------------------------------------------------

# the addressees and the assessed, by subject kind (a towns round is the county's own notice)
NOTICE_WORDS = {
    "regions": ("各县区人民政府，市直有关部门：", "各县区", "县区"),
    "departments": ("市直有关部门：", "市直有关部门", "部门"),
    "towns": ("各乡镇人民政府、街道办事处：", "各乡镇街道", "乡镇街道"),
    "enterprises": ("各有关企业：", "签订质量目标责任书的各企业", "企业"),
}


def notice_words(round_obj) -> tuple[str, str, str]:
    """(addressees, who was assessed, column header) of a round's notice."""
    from qualitybrand.planning.visibility import kind_of_round

    return NOTICE_WORDS.get(kind_of_round(round_obj), NOTICE_WORDS["regions"])


def notice_tables(round_obj, losses: list[dict]):
    snap = round_obj.snapshot
    vetoes = {v["code"]: v["name"] for v in round_obj.document.get("vetoes") or []}
    ranking = [[r["rank"], r["name"], Decimal(r["total"]), r["grade"] or "—",
                "、".join(vetoes.get(v, v) for v in r["vetoed"]) or "—"] for r in snap["results"]]
    loss_rows = [[x["name"], f"{x['item']} {x['item_name']}", x["points"], x["score"], x["lost"]] for x in losses]
    return ranking, loss_rows


def notice_docx(round_obj, notice, losses: list[dict]) -> bytes:
    ranking, loss_rows = notice_tables(round_obj, losses)
    office = office_of(round_obj.region)
    to, assessed, header = notice_words(round_obj)
    # the city's notices always said 市质量强市工作领导小组办公室; a county's towns notice names the county
    issuer = "市质量强市工作领导小组办公室" if to in (NOTICE_WORDS["regions"][0], NOTICE_WORDS["departments"][0]) else office
    document = gbdocx.document(office=office, number=notice.doc_number or None)
    gbdocx.title(document, notice.title)
    gbdocx.para(document, to, indent=False)
    intro = notice.body or (
        f"根据《{round_obj.document['name']}》，{issuer}对{assessed}开展了{round_obj.kind}，"
        f"统计截至{cn_date(round_obj.as_of)}。现将结果通报如下。")
    for line in intro.splitlines():
        if line.strip():
            gbdocx.para(document, line.strip())
    gbdocx.heading(document, "一、考核结果")
    gbdocx.table(document, ["名次", header, "总分", "等次", "一票否决"],
                 [[str(r[0]), r[1], fmt(r[2]), r[3], r[4]] for r in ranking], widths=[16, 40, 24, 20, 56])
    gbdocx.heading(document, "二、主要失分情况")
    if loss_rows:
        gbdocx.table(document, [header, "评分项", "分值", "得分", "失分"],
                     [[r[0], r[1], fmt(r[2]), fmt(r[3]), fmt(r[4])] for r in loss_rows], widths=[40, 56, 20, 20, 20])
    else:
        gbdocx.para(document, f"{assessed}均未失分。")
    gbdocx.heading(document, "三、工作要求")
    gbdocx.para(document, f"{assessed}要对照失分项目认真分析原因，制定整改措施，明确责任人和完成时限，按期报送整改报告。")
    gbdocx.signature(document, office, notice.published_at)
    gbdocx.para(document, "", indent=False)
    gbdocx.para(document, f"数据来源：质量强市与品牌战略综合管理平台，截至{cn_date(round_obj.as_of)}，"
                          f"定稿于{cn_date(round_obj.frozen_at.date())}。", indent=False, size=12)
    return gbdocx.to_bytes(document)


def notice_xlsx(round_obj, losses: list[dict]) -> bytes:
    ranking, loss_rows = notice_tables(round_obj, losses)
    header = notice_words(round_obj)[2]
    items = round_obj.document["items"]
    detail_header = [header, "总分", "等次", "名次"] + [f"{i['code']} {i['name']}" for i in items]
    detail = [[r["name"], Decimal(r["total"]), r["grade"] or "—", r["rank"]]
              + [Decimal(r["items"][i["code"]]) if i["code"] in r["items"] else "—" for i in items]
              for r in round_obj.snapshot["results"]]
    name = f"{round_obj.document['name']}{round_obj.kind}"
    common = {"unit_name": office_of(round_obj.region), "period": f"截至{cn_date(round_obj.as_of)}", "unit": "分",
              "freeze_columns": 1,
              "notes": [f"数据来源：质量强市与品牌战略综合管理平台，截至{cn_date(round_obj.as_of)}。"]}
    book = xlsxbook.Book()
    book.sheet("排名", title=f"{name}排名", columns=["名次", header, "总分", "等次", "一票否决"], rows=ranking,
               widths=[8, 16, 12, 10, 30], **common)
    book.sheet("各项得分", title=f"{name}各项得分", columns=detail_header, rows=detail,
               widths=[16, 12, 10, 8] + [14] * len(items), **common)
    book.sheet("失分情况", title=f"{name}失分情况", columns=[header, "评分项", "分值", "得分", "失分"], rows=loss_rows,
               widths=[16, 36, 10, 10, 10], **common)
    return book.to_bytes()
