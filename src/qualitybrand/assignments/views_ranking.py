"""The ranking page (/assignments/ranking/): for an office (city: its departments and counties; county: its
towns and its own departments) the assignees of the tasks it assigned that fall due in a year, quarter or
month, ranked by their on-time rate, with the overdue list and the period's tasks; `?export=xlsx` gives the
same figures as a workbook (core/xlsxbook). A city office may open a county's ranking (…/ranking/<code>/);
a region outside the user's scope answers 404 like an unknown one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render

from qualitybrand.assignments import ranking as rk
from qualitybrand.core import clock, xlsxbook
from qualitybrand.core.exports import content_disposition
from qualitybrand.core.models import Region, RegionKind
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, region_in_scope

RANKING_ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER}


def _office_region(request, code):
    user = request.user
    if not has_scoped_role(user, RANKING_ROLES):
        raise PermissionDenied("交办任务排名供市、县区质量强市办查看。")
    if code is None:
        region = user.region if user.region_id else Region.objects.filter(kind=RegionKind.CITY).order_by("code").first()
        if region is None:
            raise Http404("尚无行政区划。")
        return region
    region = Region.objects.filter(code=code).exclude(kind=RegionKind.TOWNSHIP).first()
    if region is None or not region_in_scope(user, region):
        raise Http404("没有该区划的交办任务排名。")
    return region


def _span(params, today):
    """The period asked for (this year by default) and the Chinese message of a bad one."""
    kind = params.get("period") or "year"
    number = params.get("quarter") if kind == "quarter" else params.get("month")
    try:
        return rk.parse_span(kind, params.get("year") or today.year, number, today=today), ""
    except ValidationError as exc:
        return rk.default_span(today), exc.messages[0]


@login_required
def ranking_page(request, code=None):
    region = _office_region(request, code)
    today = clock.today()
    span, error = _span(request.GET, today)
    if error and request.GET.get("export"):
        return render(request, "assignments/ranking_error.html", {"error": error, "region": region}, status=400)
    result = rk.ranking(region, span, today)
    if request.GET.get("export") == "xlsx":
        return _xlsx(result)
    below = []
    if region.kind != RegionKind.TOWNSHIP:
        below = list(Region.objects.filter(parent=region).exclude(kind=RegionKind.TOWNSHIP).order_by("code"))
    query = request.GET.copy()
    query["export"] = "xlsx"
    return render(request, "assignments/ranking.html", {
        "region": region, "span": span, "result": result, "rows": result.rows, "overdue": result.overdue,
        "tasks": rk.task_rows(result), "error": error, "today": today, "below": below,
        "own": code is None, "kinds": rk.PERIOD_KINDS, "months": range(1, 13),
        "quarters": [(i, f"第{q}季度") for i, q in enumerate(rk.QUARTERS, start=1)],
        "form": {"period": span.kind, "year": span.year,
                 "quarter": span.number if span.kind == "quarter" else 1,
                 "month": span.number if span.kind == "month" else today.month},
        "export_url": "?" + query.urlencode(), "counts": {o: result.count(o) for o in (rk.ON_TIME, rk.LATE,
                                                                                        rk.OVERDUE, rk.OPEN)},
    }, status=400 if error else 200)


def xlsx_bytes(result: rk.Ranking) -> bytes:
    """The ranking, the overdue list and the period's tasks, one sheet each (the same figures as the page)."""
    unit_name = f"{result.office.name}质量强市工作领导小组办公室"
    period = f"{result.span.label}（截至{result.as_of:%Y-%m-%d}）"
    book = xlsxbook.Book()
    book.sheet("排名", title=f"{result.office.name}交办任务完成情况排名", unit_name=unit_name, period=period, unit="项",
               columns=["名次", "承办单位", "类型", "交办任务", "按期办结", "逾期办结", "逾期未办结", "办理中", "按期办结率（%）"],
               rows=[[r.rank_text, r.assignee, r.assignee_kind, r.assigned, r.on_time, r.late, r.overdue, r.open,
                      r.rate if r.rate is not None else "—"] for r in result.rows],
               number_formats={3: "int", 4: "int", 5: "int", 6: "int", 7: "int", 8: "0.0"},
               widths=[8, 18, 10, 10, 10, 10, 12, 10, 16],
               notes=["按期办结率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办结）；尚未到期的任务不计入。",
                      "按期办结率相同者名次并列。"])
    book.sheet("逾期未办结", title=f"{result.office.name}逾期未办结交办任务", unit_name=unit_name, period=period,
               unit="天", columns=["任务", "承办单位", "完成期限", "状态", "逾期天数"],
               rows=[[o.title, o.assignee, o.deadline, o.state, o.overdue_days] for o in result.overdue],
               number_formats={4: "int"}, widths=[36, 18, 14, 10, 10])
    book.sheet("任务清单", title=f"{result.office.name}{result.span.label}交办任务清单", unit_name=unit_name,
               period=period, columns=["任务", "承办单位", "完成期限", "状态", "办结（验收日期）", "逾期"],
               rows=[[t["title"], t["assignees"], t["deadline"], t["state"], t["completed"] or "—", t["overdue"] or "—"]
                     for t in rk.task_rows(result)], widths=[36, 28, 14, 10, 30, 24])
    return book.to_bytes()


def _xlsx(result: rk.Ranking) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(result), content_type=xlsxbook.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(
        f"交办任务排名_{result.office.name}_{result.span.slug}_{result.as_of:%Y-%m-%d}.xlsx")
    return response
