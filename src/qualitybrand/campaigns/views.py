"""Pages of campaigns: list (filters, pagination, export), new, edit, detail (tasks, results with a
chart, reports, documents, timeline, history), the status actions and the summary document.
Writes go through campaigns/services.py; reads through campaigns/selectors.py and results.py."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.campaigns import results as res
from qualitybrand.campaigns import selectors, services, summary, workflow
from qualitybrand.campaigns.models import CampaignKind, CampaignStatus
from qualitybrand.core import clock, exports
from qualitybrand.core.listing import query_with
from qualitybrand.core.models import Department, Region
from qualitybrand.core.paging import get_page
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, may_act_on_region
from qualitybrand.core.selectors import history_for

VIEW_ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}
PAGE_SIZES = (20, 50, 100)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _viewer(user) -> None:
    if not has_scoped_role(user, VIEW_ROLES):
        raise PermissionDenied("您的角色不能查看专项整治。")


def _flash(request, exc) -> None:
    msgs = exc.message_dict.values() if hasattr(exc, "error_dict") else [getattr(exc, "messages", None) or [str(exc)]]
    for group in msgs:
        for msg in group:
            messages.error(request, msg)


def campaign_or_404(request, pk):
    _viewer(request.user)
    campaign = selectors.get_campaign(request.user, pk)
    if campaign is None:
        raise Http404("未找到该专项整治，或不在您的管辖范围内。")
    return campaign


def _filtered(request):
    qs = selectors.campaigns_for(request.user).prefetch_related("counties")
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    year, search = request.GET.get("year", "").strip(), request.GET.get("search", "").strip()
    applied = []
    if status in CampaignStatus.values:
        qs = qs.filter(status=status)
        applied.append(("状态", status))
    if kind in CampaignKind.values:
        qs = qs.filter(kind=kind)
        applied.append(("类型", kind))
    if year.isdecimal() and len(year) == 4:  # under way at some time in that year
        qs = qs.filter(start__year__lte=int(year), end__year__gte=int(year))
        applied.append(("年度", year))
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(number__icontains=search))
        applied.append(("名称或编号", search))
    return qs.order_by("-start", "-id"), applied


EXPORT_COLUMNS = [
    exports.Column("编号", "number", "text"), exports.Column("名称", "title", "text"),
    exports.Column("类型", "kind", "text"), exports.Column("牵头部门", "lead_department.name", "text"),
    exports.Column("参与县区", lambda c: "、".join(r.name for r in c.counties.all()), "text"),
    exports.Column("开始日期", "start", "date"), exports.Column("结束日期", "end", "date"),
    exports.Column("产品类别/关键词", "categories", "text"), exports.Column("状态", "status", "text"),
    exports.Column("组织单位", "region.name", "text"),
]


@login_required
def campaign_list(request):
    _viewer(request.user)
    qs, applied = _filtered(request)
    if request.GET.get("export") in exports.FORMATS:
        return exports.export_response(request.GET["export"], "专项整治", EXPORT_COLUMNS, qs, filters=applied,
                                       place=getattr(request.user.region, "name", ""))
    raw = request.GET.get("page_size", "")
    size = int(raw) if raw.isdecimal() and int(raw) in PAGE_SIZES else PAGE_SIZES[0]
    page_obj = get_page(Paginator(qs, size), request.GET.get("page"))

    def href(n):
        return query_with(request.GET, page=str(n)) if 1 <= n <= page_obj.paginator.num_pages else None

    today = clock.today()
    return render(request, "campaigns/list.html", {
        "page_obj": page_obj, "paginator": page_obj.paginator, "page": {"unit": "项"},
        "prev_href": href(page_obj.number - 1), "next_href": href(page_obj.number + 1),
        "page_sizes": [{"size": n, "current": n == size, "href": query_with(request.GET, page_size=str(n), page=None)}
                       for n in PAGE_SIZES],
        "rows": [{"c": c, "tone": workflow.STATUS_TONES.get(c.status, "grey"),
                  "counties": "、".join(r.name for r in c.counties.all())} for c in page_obj],
        "statuses": CampaignStatus.values, "kinds": CampaignKind.values, "q": request.GET, "today": today,
        "may_create": has_scoped_role(request.user, workflow.OFFICES) and request.user.role != Role.DEPARTMENT,
        "export_csv": query_with(request.GET, export="csv", page=None),
        "export_xlsx": query_with(request.GET, export="xlsx", page=None),
    })


def _form_context(request, owner, data=None, errors=None, campaign=None) -> dict:
    if owner.kind in ("区", "县", "县级市", "开发区"):
        choices = [owner]
    else:
        choices = list(Region.objects.filter(parent=owner).order_by("code"))
    data = data if data is not None else {}
    getlist = data.getlist if hasattr(data, "getlist") else (lambda k: data.get(k) or [])
    return {"owner": owner, "county_choices": choices, "departments": list(Department.objects.all()),
            "kinds": CampaignKind.values, "data": data, "errors": errors or {}, "campaign": campaign,
            "chosen_counties": set(getlist("counties")), "chosen_departments": set(getlist("departments"))}


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {k: " ".join(v) for k, v in exc.message_dict.items()}
    return {"form": " ".join(exc.messages)}


@login_required
def campaign_new(request):
    _viewer(request.user)
    owner = services.owner_region_for(request.user, request.POST.get("region", "") if request.method == "POST" else "")
    if owner is None or not may_act_on_region(request.user, owner, workflow.OFFICES):
        raise PermissionDenied("只有市级或县区市场监管部门可以新建专项整治。")
    if request.method == "POST":
        try:
            campaign = services.create_campaign(request.user, request.POST, owner=owner)
            messages.success(request, f"已新建专项整治“{campaign.title}”（{campaign.number}）。")
            return redirect(campaign.get_absolute_url())
        except ValidationError as exc:
            ctx = _form_context(request, owner, request.POST, _errors(exc))
            return render(request, "campaigns/form.html", ctx, status=400)
    initial = {"kind": CampaignKind.RECTIFY, "lead_department": getattr(request.user.department, "code", "")}
    return render(request, "campaigns/form.html", _form_context(request, owner, initial))


@login_required
def campaign_edit(request, pk):
    campaign = campaign_or_404(request, pk)
    if not selectors.may_change(request.user, campaign):
        raise PermissionDenied(f"“{campaign.title}”由{campaign.region.name}管理：您不能修改。")
    if request.method == "POST":
        try:
            services.update_campaign(request.user, campaign, request.POST)
            messages.success(request, "已保存。")
            return redirect(campaign.get_absolute_url())
        except ValidationError as exc:
            ctx = _form_context(request, campaign.region, request.POST, _errors(exc), campaign)
            return render(request, "campaigns/form.html", ctx, status=400)
    data = {"number": campaign.number, "title": campaign.title, "kind": campaign.kind,
            "lead_department": campaign.lead_department.code, "start": campaign.start.isoformat(),
            "end": campaign.end.isoformat(), "categories": campaign.categories, "goals": campaign.goals,
            "counties": list(campaign.counties.values_list("code", flat=True)),
            "departments": list(campaign.departments.values_list("code", flat=True))}
    return render(request, "campaigns/form.html", _form_context(request, campaign.region, data, None, campaign))


def _result_rows(campaign, result: res.Results, tasks_by_county: dict) -> list[dict]:
    rows = []
    for row in result.rows + ([result.total] if result.total else []):
        county = row.region.code
        cells = []
        for code, _label, _unit in res.FIGURES:
            value = row.values.get(code)
            href = (f"{campaign.get_absolute_url()}records/?figure={code}" + (f"&county={county}" if county else ""))
            cells.append({"text": res.fmt(code, value), "href": href if value not in (None, 0) else "",
                          "title": res.definition(code)})
        rep = row.reported
        rows.append({"row": row, "cells": cells, "total": not county,
                     "reported": [getattr(rep, k) if rep else None for k, _, _ in res.REPORTED],
                     "tasks": tasks_by_county.get(row.region.pk)})
    return rows


def _chart(result: res.Results) -> dict:
    return {"regions": [r.region.name for r in result.rows],
            "batches": [r.values.get("insp.batches") or 0 for r in result.rows],
            "cases": [r.values.get("case.opened") or 0 for r in result.rows],
            "goods": [float(r.values.get("case.goods_value") or 0) for r in result.rows]}


@login_required
def campaign_detail(request, pk):
    campaign = campaign_or_404(request, pk)
    user = request.user
    counties = selectors.counties_for(user, campaign)
    result = res.results(campaign, counties, whole=len(counties) == campaign.counties.count())
    today = clock.today()
    tasks = list(selectors.tasks_for(user, campaign).order_by("region__code", "due", "id"))
    writable = selectors.writable_counties(user, campaign)
    owner = selectors.may_change(user, campaign)
    reports = {r.region_id: r for r in selectors.reports_for(user, campaign)}
    return render(request, "campaigns/detail.html", {
        "c": campaign, "tone": workflow.STATUS_TONES.get(campaign.status, "grey"),
        "departments": list(campaign.departments.all()), "all_counties": list(campaign.counties.order_by("code")),
        "counties": counties, "result": result, "figures": res.FIGURES, "reported_labels": res.REPORTED,
        "rows": _result_rows(campaign, result, selectors.task_counts(campaign, counties)), "chart": _chart(result),
        "tasks": [{"t": t, "late": selectors.is_overdue(t, today), "tone": workflow.TASK_TONES.get(t.status)}
                  for t in tasks],
        "report_rows": [{"r": r, "rep": reports.get(r.pk)} for r in counties], "path": list(CampaignStatus.values),
        "writable": writable, "owner": owner, "actions": services.available_actions(user, campaign),
        "may_report": campaign.status in (CampaignStatus.RUNNING, CampaignStatus.SUMMARY),
        "steps": list(campaign.steps.all()), "history": history_for(campaign) if owner else [],
        "summary_title": summary.title_of(campaign), "started": today >= campaign.start,
        "may_summary": result.total is not None, "today": today, "task_departments": list(Department.objects.all()),
    })


@require_POST
@login_required
def campaign_action(request, pk):
    campaign = campaign_or_404(request, pk)
    action = request.POST.get("action", "")
    try:
        services.transition(request.user, campaign, action, request.POST.get("comment", ""))
        messages.success(request, f"已{action}。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(campaign.get_absolute_url())


@require_POST
@login_required
def campaign_conclusions(request, pk):
    campaign = campaign_or_404(request, pk)
    try:
        services.set_conclusions(request.user, campaign, request.POST.get("conclusions", ""))
        messages.success(request, "总结意见已保存，生成总结文档时写入。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(campaign.get_absolute_url() + "#documents")


@login_required
def campaign_summary(request, pk):
    campaign = campaign_or_404(request, pk)
    counties = selectors.counties_for(request.user, campaign)
    if len(counties) != campaign.counties.count():
        raise PermissionDenied("总结文档汇总各参与县区的数据，由组织专项整治的单位下载。")
    try:
        summary.check_ready(campaign)
    except ValidationError as exc:
        _flash(request, exc)
        return redirect(campaign.get_absolute_url() + "#documents")
    body = summary.build(campaign, res.results(campaign, counties, whole=True))
    response = HttpResponse(body, content_type=DOCX)
    name = f"{summary.title_of(campaign)}.docx"
    response["Content-Disposition"] = f"attachment; filename=\"summary.docx\"; filename*=UTF-8''{quote(name)}"
    return response
