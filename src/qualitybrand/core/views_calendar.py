"""工作日历 (/core/calendar/): the years the platform counts working days in, and the office's own
years for those the library does not know yet. City office only; writes in core/workcalendar.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from qualitybrand.core import clock, workcalendar, workdays
from qualitybrand.core.models import WorkCalendarDay, WorkCalendarYear


def _flash(request, exc) -> None:
    for msg in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, msg)


@login_required
def calendar_years(request):
    workcalendar.ensure_city_office(request.user)
    if request.method == "POST":
        try:
            cal = workcalendar.save_year(request.user, request.POST.get("year"), request.POST.get("source", ""),
                                         confirmed=False)
            messages.success(request, f"已添加 {cal.year} 年工作日历：请录入或导入该年的放假和调休上班日期。")
            return redirect("core:calendar-year", year=cal.year)
        except ValidationError as exc:  # a refusal of rights answers 403 with its message
            _flash(request, exc)
    this_year = clock.today().year
    years = workdays.known_years()
    known = {r["year"] for r in years}
    missing = [y for y in (this_year, this_year + 1) if y not in known]
    return render(request, "core/calendar_years.html", {"years": years, "missing": missing,
                                                        "suggest": missing[0] if missing else this_year + 1})


@login_required
def calendar_year(request, year: int):
    workcalendar.ensure_city_office(request.user)
    if not workcalendar.FIRST_YEAR <= year <= workcalendar.LAST_YEAR:
        raise Http404(f"系统没有 {year} 年的工作日历。")
    cal = WorkCalendarYear.objects.filter(year=year).first()
    if request.method == "POST":
        if cal is None:
            raise Http404("该年度不是市级管理员添加的日历。")
        op = request.POST.get("op", "")
        try:
            if op == "day":
                workcalendar.add_day(request.user, cal, request.POST.get("date"), request.POST.get("kind"),
                                     request.POST.get("name", ""))
                messages.success(request, "日期已保存。")
            elif op == "delete":
                raw = (request.POST.get("day") or "").strip()
                day = WorkCalendarDay.objects.filter(calendar=cal, pk=int(raw)).first() if raw.isdecimal() else None
                if day is None:
                    raise ValidationError("要删除的日期不存在。")
                workcalendar.remove_day(request.user, day)
                messages.success(request, "日期已删除。")
            elif op == "upload":
                if not request.FILES.get("file"):
                    raise ValidationError("请选择要导入的 .csv 或 .xlsx 文件。")
                n = workcalendar.replace_days(request.user, cal, request.FILES["file"])
                messages.success(request, f"已导入 {n} 个日期（替换了原有日期）。")
            elif op == "meta":
                workcalendar.save_year(request.user, year, request.POST.get("source", ""),
                                       confirmed=request.POST.get("confirmed") == "1")
                messages.success(request, "已保存。")
            else:
                raise ValidationError("未知的操作。")
            return redirect("core:calendar-year", year=year)
        except ValidationError as exc:  # a refusal of rights answers 403 with its message
            _flash(request, exc)
    if cal is not None:
        days = [(d.date, d.is_workday, d.name, d.pk) for d in cal.days.all()]
        source = cal.source
    else:
        exceptions = workdays.library_exceptions(year)
        if not exceptions:
            raise Http404(f"系统没有 {year} 年的工作日历。")
        days = [(d, w, name, None) for d, w, name in exceptions]
        source = "chinesecalendar 程序库（国务院办公厅通知）"
    return render(request, "core/calendar_year.html", {
        "year": year, "cal": cal, "source": source, "days": days,
        "off_count": sum(1 for d in days if not d[1]), "work_count": sum(1 for d in days if d[1]),
    })
