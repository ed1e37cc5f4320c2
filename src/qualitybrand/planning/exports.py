"""Documents of planning: the decomposition of a target set and the notice, as .docx (GB/T 9704
layout) and .xlsx."""

from __future__ import annotations

import io
from decimal import Decimal

from qualitybrand.core import gbdocx
from qualitybrand.planning import values

BODY_FONT, HEI, KAI = gbdocx.BODY_FONT, gbdocx.HEADING_FONT, "楷体_GB2312"


def cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def fmt(value) -> str:
    if value is None:
        return "—"
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():,f}"


# The .docx helpers are the platform's one GB/T 9704 layout (core/gbdocx.py), under this module's names.

def _doc():
    return gbdocx.document()


def _run(paragraph, text: str, font: str = BODY_FONT, size: int = 16, bold: bool = False):
    run = paragraph.add_run(text)
    gbdocx.font(run, font, size, bold)
    return run


def _title(document, text: str) -> None:
    gbdocx.title(document, text)


def _para(document, text: str, font: str = BODY_FONT, indent: bool = True, size: int = 16):
    return gbdocx.para(document, text, font_name=font, indent=indent, size=size)


def _table(document, header: list[str], rows: list[list[str]]):
    return gbdocx.table(document, header, rows)


def _bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# --- decomposition of a target set ------------------------------------------------------------

def decomposition_rows(target_set, region_names: dict[str, str]):
    doc = target_set.document
    codes = sorted({rc for i in doc["items"] for rc in i["allocations"]})
    rows = []
    for item in doc["items"]:
        total = sum((Decimal(v) for v in item["allocations"].values()), Decimal(0))
        rows.append({"indicator": item["indicator"], "name": values.indicator_name(item["indicator"]),
                     "unit": values.indicator_unit(item["indicator"]), "target": Decimal(item["target"]),
                     "allocations": [Decimal(item["allocations"][c]) if c in item["allocations"] else None
                                     for c in codes],
                     "allocated": total, "difference": total - Decimal(item["target"]),
                     "lower_is_better": item.get("lower_is_better", False)})
    return codes, [region_names.get(c, c) for c in codes], rows


def decomposition_docx(target_set, region_names: dict[str, str], today) -> bytes:
    codes, names, rows = decomposition_rows(target_set, region_names)
    document = _doc()
    _title(document, f"关于分解下达{target_set.name}的通知")
    _para(document, "各县区：", indent=False)
    _para(document, f"为确保完成{target_set.year}年度目标任务，现将{target_set.name}分解下达给你们，"
                    "请结合实际，细化措施，明确责任，确保按时完成。完成情况将纳入年度考核。")
    _para(document, "一、目标任务", HEI)
    for n, row in enumerate(rows, 1):
        direction = "（不超过）" if row["lower_is_better"] else ""
        _para(document, f"{n}. {row['name']}：全市目标 {fmt(row['target'])}{row['unit']}{direction}。")
    _para(document, "二、分解情况", HEI)
    header = ["指标"] + names + ["合计", "全市目标"]
    body = [[f"{r['name']}（{r['unit']}）" if r["unit"] else r["name"]] + [fmt(a) for a in r["allocations"]]
            + [fmt(r["allocated"]), fmt(r["target"])] for r in rows]
    _table(document, header, body)
    _para(document, f"数据来源：质量强市与品牌战略综合管理平台，目标集 {target_set.code} 第 {target_set.version} 版。",
          indent=False, size=12)
    _para(document, cn_date(today), indent=False)
    return _bytes(document)


def _xlsx(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    cell = wb.add_format({"border": 1})
    for title, header, rows in sheets:
        ws = wb.add_worksheet(title[:31])
        for c, h in enumerate(header):
            ws.write(0, c, h, head)
            ws.set_column(c, c, 14 if c else 24)
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row):
                if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
                    ws.write_string(r, c, v, cell)
                elif isinstance(v, Decimal):
                    ws.write_number(r, c, float(v), cell)
                elif v is None:
                    ws.write_blank(r, c, None, cell)
                else:
                    ws.write(r, c, v, cell)
        ws.freeze_panes(1, 1)
    wb.close()
    return buf.getvalue()


def decomposition_xlsx(target_set, region_names: dict[str, str]) -> bytes:
    codes, names, rows = decomposition_rows(target_set, region_names)
    header = ["指标", "单位", "目标"] + [f"{n}（{c}）" for n, c in zip(names, codes)] + ["分解合计", "差额"]
    body = [[r["name"], r["unit"], r["target"]] + r["allocations"] + [r["allocated"], r["difference"]]
            for r in rows]
    return _xlsx([("目标分解", header, body)])


# --- notice ----------------------------------------------------------------------------------

def notice_tables(round_obj, losses: list[dict]):
    snap = round_obj.snapshot
    vetoes = {v["code"]: v["name"] for v in round_obj.document.get("vetoes") or []}
    ranking = [[r["rank"], r["name"], Decimal(r["total"]), r["grade"] or "—",
                "、".join(vetoes.get(v, v) for v in r["vetoed"]) or "—"] for r in snap["results"]]
    loss_rows = [[x["name"], f"{x['item']} {x['item_name']}", x["points"], x["score"], x["lost"]] for x in losses]
    return ranking, loss_rows


def notice_docx(round_obj, notice, losses: list[dict]) -> bytes:
    ranking, loss_rows = notice_tables(round_obj, losses)
    document = _doc()
    if notice.doc_number:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, notice.doc_number)
    _title(document, notice.title)
    _para(document, "各县区人民政府，市直有关部门：", indent=False)
    intro = notice.body or (
        f"根据《{round_obj.document['name']}》，市质量强市工作领导小组办公室对各县区开展了{round_obj.kind}，"
        f"统计截至{cn_date(round_obj.as_of)}。现将结果通报如下。")
    for line in intro.splitlines():
        if line.strip():
            _para(document, line.strip())
    _para(document, "一、考核结果", HEI)
    _table(document, ["名次", "县区", "总分", "等次", "一票否决"], [[str(r[0]), r[1], fmt(r[2]), r[3], r[4]]
                                                          for r in ranking])
    _para(document, "二、主要失分情况", HEI)
    if loss_rows:
        _table(document, ["县区", "评分项", "分值", "得分", "失分"],
               [[r[0], r[1], fmt(r[2]), fmt(r[3]), fmt(r[4])] for r in loss_rows])
    else:
        _para(document, "各县区均未失分。")
    _para(document, "三、工作要求", HEI)
    _para(document, "各县区要对照失分项目认真分析原因，制定整改措施，明确责任人和完成时限，按期报送整改报告。")
    _para(document, f"数据来源：质量强市与品牌战略综合管理平台，截至{cn_date(round_obj.as_of)}，"
                    f"定稿于{cn_date(round_obj.frozen_at.date())}。", indent=False, size=12)
    _para(document, cn_date(notice.published_at), indent=False)
    return _bytes(document)


def notice_xlsx(round_obj, losses: list[dict]) -> bytes:
    ranking, loss_rows = notice_tables(round_obj, losses)
    items = round_obj.document["items"]
    detail_header = ["县区", "总分", "等次", "名次"] + [f"{i['code']} {i['name']}" for i in items]
    detail = [[r["name"], Decimal(r["total"]), r["grade"] or "—", r["rank"]]
              + [Decimal(r["items"][i["code"]]) for i in items] for r in round_obj.snapshot["results"]]
    return _xlsx([("排名", ["名次", "县区", "总分", "等次", "一票否决"], ranking),
                  ("各项得分", detail_header, detail),
                  ("失分情况", ["县区", "评分项", "分值", "得分", "失分"], loss_rows)])
