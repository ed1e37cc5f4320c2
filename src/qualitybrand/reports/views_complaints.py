"""投诉举报统计: the month's complaint KPIs for a region (from the indicator engine, so they equal the
dashboard's and the API's), channels, top products and problems, on-time rates by county with a chart,
a 12-month trend and an .xlsx export; and the records behind each figure (/reports/complaints/records/).
Region-scoped: a county reads its own region, the city every county."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from qualitybrand.complaints import stats
from qualitybrand.complaints.deadlines import Rules
from qualitybrand.core import clock, exports
from qualitybrand.core.models import Region
from qualitybrand.core.paging import get_page
from qualitybrand.core.scoping import region_in_scope
from qualitybrand.indicators import catalog
from qualitybrand.indicators.drilldown import drilldown
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from qualitybrand.indicators.selectors import format_value

CODES = ["complaint.received", "complaint.complaints", "complaint.reports", "complaint.ontime_accept_rate",
         "complaint.mediation_success_rate", "complaint.ontime_close_rate", "complaint.recovered"]
RATES = ["complaint.ontime_accept_rate", "complaint.mediation_success_rate", "complaint.ontime_close_rate"]


def _region(request):
    """The region asked for (in the user's scope), else the user's own; 403 for roles without complaints."""
    user = request.user
    if not stats.may_read(user):
        raise PermissionDenied("您的角色不能查看投诉举报统计。")
    code = (request.GET.get("region") or "").strip()
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None or not region_in_scope(user, region):
            raise Http404(f"区划 {code} 不存在或不在您的管辖范围内。")
        return region
    region = user.region if user.region_id else Region.objects.filter(parent__isnull=True).order_by("code").first()
    if region is None:
        raise Http404("尚未设置区划。")
    return region


def _month(request) -> tuple[dt.date, dt.date, str]:
    """The month asked for, else the current month; a bad value falls back with a message."""
    text = (request.GET.get("month") or "").strip()
    if text:
        try:
            start, end = stats.parse_month(text)
            return start, end, ""
        except ValueError as exc:
            error = str(exc)
    else:
        error = ""
    today = clock.today()
    start = dt.date(today.year, today.month, 1)
    return start, stats.month_end(start), error


def _figure(spec, value, region, period) -> dict:
    return {"code": spec.code, "name": spec.name, "unit": spec.unit, "definition": spec.definition,
            "value": value, "text": format_value(spec, value), "url": drilldown(spec.code, region, period, spec)}


def _list_url(region, start, **extra) -> str:
    params = {"region": region.code, "month": f"{start:%Y-%m}", **{k: v for k, v in extra.items() if v}}
    return "/complaints/?" + urlencode(params)


def build(user, region, start: dt.date, end: dt.date) -> dict:
    """Everything the page and the export show (one engine call for the month, one per trend month)."""
    specs = catalog.specs_by_code()
    period = Period(start, end)
    children = list(Region.objects.filter(parent=region).exclude(kind="乡镇街道").order_by("code"))
    now = compute(CODES, period, regions=[region] + children)
    prev_start = stats.months_back(start, 2)[0]
    prev_period = Period(prev_start, stats.month_end(prev_start))
    prev = compute(CODES, prev_period, regions=[region])
    cards = []
    for code in CODES:
        fig = _figure(specs[code], now[(code, region.code)], region, period)
        fig["previous"] = format_value(specs[code], prev[(code, region.code)])
        cards.append(fig)
    counties = [{"region": r, "figures": [_figure(specs[c], now[(c, r.code)], r, period) for c in CODES]}
                for r in children]
    total = {"region": region, "figures": [_figure(specs[c], now[(c, region.code)], region, period) for c in CODES]}
    trend = []
    for month in stats.months_back(start, 12):
        p = Period(month, stats.month_end(month))
        values = compute(CODES, p, regions=[region])
        trend.append({"month": month, "label": f"{month.year}年{month.month}月",
                      "figures": [_figure(specs[c], values[(c, region.code)], region, p) for c in CODES]})
    channel_rows = stats.channels(user, region, start, end)
    received = sum(n for _, n in channel_rows)
    channels = [{"name": c, "n": n, "share": f"{n * 100 / received:.1f}%" if received else "—",
                 "url": _list_url(region, start, channel=c)} for c, n in channel_rows]
    products = [{"name": p, "n": n} for p, n in stats.top_products(user, region, start, end)]
    problems = [{"name": p, "n": n} for p, n in stats.problems(user, region, start, end)]
    notice = Rules().pick(end)[1]
    chart = {
        "counties": [r.name for r in children],
        "rates": [{"name": specs[c].name, "values": [now[(c, r.code)] for r in children]} for c in RATES],
        "months": [t["label"] for t in trend],
        "received": [t["figures"][0]["value"] for t in trend],
        "close_rate": [t["figures"][5]["value"] for t in trend],
        "accept_rate": [t["figures"][3]["value"] for t in trend],
        "channels": [{"name": c["name"], "value": c["n"]} for c in channels if c["n"]],
    }
    return {"region": region, "start": start, "end": end, "period": period, "cards": cards, "counties": counties,
            "total": total, "trend": trend, "channels": channels, "received": received, "products": products,
            "problems": problems, "notice": notice, "chart": chart, "specs": [specs[c] for c in CODES],
            "month_text": f"{start.year}年{start.month}月", "prev_text": f"{prev_start.year}年{prev_start.month}月"}


@login_required
def complaint_stats(request):
    region = _region(request)
    start, end, error = _month(request)
    data = build(request.user, region, start, end)
    if request.GET.get("export") == "xlsx":
        from qualitybrand.reports.complaints_xlsx import workbook_response

        return workbook_response(data)
    from qualitybrand.core.selection import region_options

    return render(request, "reports/complaint_stats.html", {
        **data, "error": error, "month_value": f"{start:%Y-%m}", "regions": region_options(request.user),
        "month_options": _month_options(start),
        "export_href": "?" + urlencode({"region": region.code, "month": f"{start:%Y-%m}", "export": "xlsx"}),
    })


def _month_options(start: dt.date) -> list[dt.date]:
    """The last 36 months up to this one, newest first, and the month shown when it is older or later."""
    today = clock.today()
    months = stats.months_back(dt.date(today.year, today.month, 1), 36)
    if start not in months:
        months.append(start)
    return sorted(months, reverse=True)


RECORD_COLUMNS = [
    exports.Column("登记编号", lambda b: b.complaint.number, "text"),
    exports.Column("类别", lambda b: b.complaint.category, "text"),
    exports.Column("渠道", lambda b: b.complaint.channel, "text"),
    exports.Column("被投诉人", lambda b: b.complaint.respondent, "text"),
    exports.Column("涉及产品", lambda b: b.complaint.product, "text"),
    exports.Column("区划", lambda b: b.complaint.region.name, "text"),
    exports.Column("登记日期", lambda b: b.complaint.registered, "date"),
    exports.Column("受理日期", lambda b: b.complaint.accepted, "date"),
    exports.Column("办结日期", lambda b: b.complaint.closed, "date"),
    exports.Column("处理结果", lambda b: b.complaint.result, "text"),
    exports.Column("期限", lambda b: b.due, "date"),
    exports.Column("是否按期", lambda b: "" if b.ontime is None else ("按期" if b.ontime else "超期"), "text"),
    exports.Column("挽回经济损失(万元)", lambda b: b.complaint.recovered, "amount"),
]


def _date(raw: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        raise Http404(f"{label}“{raw}”无效：应为 2024-10-01 这样的日期。") from None


@login_required
def complaint_records(request):
    """The complaints behind one figure (code, region, start, end), with the deadline each was measured by."""
    region = _region(request)
    code = (request.GET.get("code") or "").strip()
    if code not in stats.BEHIND:
        raise Http404(f"未知的投诉举报指标：{code or '（空）'}。")
    start, end = _date(request.GET.get("start"), "开始日期"), _date(request.GET.get("end"), "截止日期")
    if end < start:
        raise Http404("截止日期早于开始日期。")
    spec = catalog.get(code)
    rows = stats.behind(request.user, region, code, start, end)
    title = f"{spec.name}（{region.name}，{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）"
    if exports.export_format(request):
        return exports.export_response(exports.export_format(request), spec.name, RECORD_COLUMNS, rows,
                                       filters=[("区划", region.name), ("期间", f"{start} 至 {end}")],
                                       place=region.name)
    value = compute([code], Period(start, end), regions=[region])[(code, region.code)]
    page = get_page(Paginator(rows, 50), request.GET.get("page"))
    query = {k: request.GET.get(k, "") for k in ("code", "region", "start", "end")}
    return render(request, "reports/complaint_records.html", {
        "spec": spec, "region": region, "start": start, "end": end, "title": title, "page_obj": page,
        "total": len(rows), "late": sum(1 for b in rows if b.ontime is False), "date_label": stats.BEHIND[code],
        "value": format_value(spec, value), "is_rate": code in RATES,
        "back": "?" + urlencode({"region": region.code, "month": f"{start:%Y-%m}"}),
        "export_href": "?" + urlencode({**query, "export": "xlsx"}),
    })
