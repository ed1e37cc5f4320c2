"""The .xlsx of 投诉举报统计: one sheet per section (指标, 县区, 渠道, 产品与问题, 近12个月), each with a
title block (region, month, export date), written by the platform's one document .xlsx writer
(core/xlsxbook.py): text cells never formulas, figures as numbers, the header row repeated in print."""

from __future__ import annotations

from django.http import HttpResponse

from qualitybrand.core import clock, exports, xlsxbook


def _number(fig):
    return None if fig["value"] is None else round(float(fig["value"]), 4)


def _sheet(book: xlsxbook.Book, title: str, data: dict, headers: list[str], rows: list[list]):
    book.sheet(title, title=f"投诉举报统计 · {title}", columns=headers, rows=rows,
               lines=[f"区划：{data['region'].name}（{data['region'].code}）；月份：{data['month_text']}；"
                      f"导出日期：{clock.today():%Y-%m-%d}", ""],
               widths=[22] + [16] * (len(headers) - 1))


def workbook(data: dict) -> bytes:
    book = xlsxbook.Book()
    names = [f"{s.name}（{s.unit}）" for s in data["specs"]]
    _sheet(book, "指标", data, ["指标", data["month_text"], data["prev_text"], "定义"],
           [[c["name"] + f"（{c['unit']}）", _number(c), c["previous"], c["definition"]] for c in data["cards"]])
    rows = [[r["region"].name] + [_number(f) for f in r["figures"]] for r in data["counties"]]
    rows.append([f"{data['region'].name}合计"] + [_number(f) for f in data["total"]["figures"]])
    _sheet(book, "县区", data, ["区划"] + names, rows)
    _sheet(book, "渠道", data, ["渠道", "件数", "占比"], [[c["name"], c["n"], c["share"]] for c in data["channels"]])
    _sheet(book, "产品与问题", data, ["涉及产品（前10）", "件数", "问题类型", "件数"],
           [[p["name"] if p else None, p["n"] if p else None, q["name"] if q else None, q["n"] if q else None]
            for p, q in _pairs(data["products"], data["problems"])])
    _sheet(book, "近12个月", data, ["月份"] + names,
           [[t["label"]] + [_number(f) for f in t["figures"]] for t in data["trend"]])
    return book.to_bytes()


def _pairs(a: list, b: list):
    for i in range(max(len(a), len(b))):
        yield (a[i] if i < len(a) else None, b[i] if i < len(b) else None)


def workbook_response(data: dict) -> HttpResponse:
    response = HttpResponse(workbook(data), content_type=exports.XLSX_TYPE)
    name = exports.file_name(f"投诉举报统计_{data['start']:%Y-%m}", data["region"].name, "xlsx")
    response["Content-Disposition"] = exports.content_disposition(name)
    return response
