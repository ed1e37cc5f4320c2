"""Pages of 风险信息: the list (filters, export), registering and editing a risk, its detail page
(measures, 约谈, documents, timeline, history) and its workflow actions. Every write goes through
risks/services.py; a refusal comes back as the service's Chinese message and changes nothing."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core import clock, exports
from qualitybrand.core.listing import query_with, region_options
from qualitybrand.core.paging import get_page
from qualitybrand.core.roles import CHANGE, VIEW, Role, role_may
from qualitybrand.core.scoping import has_scoped_role

from . import forms, selectors, services, workflow
from .models import MeasureKind, RiskInfo, RiskLevel, RiskSource, RiskStatus

PAGE = SimpleNamespace(title="风险信息", unit="条", area="监管闭环")
PAGE_SIZES = (20, 50, 100)
LABELS = {"title": "风险名称", "source": "风险来源", "source_ref": "来源记录编号或说明", "level": "风险等级",
          "found": "发现日期", "region": "所属区划", "product": "涉及产品", "product_category": "产品类别",
          "entities": "涉及主体", "owner": "负责人", "description": "风险描述"}
EXPORT = [exports.Column("风险编号", "number", "text"), exports.Column("风险名称", "title"),
          exports.Column("风险等级", "level"), exports.Column("状态", "status"), exports.Column("来源", "source"),
          exports.Column("涉及产品", "product"), exports.Column("产品类别", "product_category"),
          exports.Column("区划", "region.name"), exports.Column("区划代码", "region.code", "text"),
          exports.Column("发现日期", "found", "date"),
          exports.Column("涉及主体", lambda r: "、".join(e.name for e in r.entities.all())),
          exports.Column("负责人", lambda r: str(r.owner) if r.owner else ""),
          exports.Column("关闭日期", "closed", "date"), exports.Column("处置结论", "conclusion")]


def _may_view(user) -> bool:
    return has_scoped_role(user, {r for r in Role.values if role_may(r, VIEW, RiskInfo)})


def _may_change(user) -> bool:
    return has_scoped_role(user, {r for r in Role.values if role_may(r, CHANGE, RiskInfo)})


def _flash(request, exc) -> None:
    for msg in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, msg)


def risk_or_404(user, pk, action=VIEW) -> RiskInfo:
    if not str(pk).isdecimal() or len(str(pk)) > 18:
        raise Http404("未找到该风险信息。")
    return get_object_or_404(selectors.risks_for(user, action), pk=pk)


def _cells(r: RiskInfo) -> list[dict]:
    def cell(text, href=None, tone="", numeric=False):
        return {"text": text if text not in (None, "") else "—", "href": href, "tone": tone, "numeric": numeric}

    return [cell(r.number, r.get_absolute_url()), cell(r.title, r.get_absolute_url()),
            cell(r.level, tone=selectors.LEVEL_TONES.get(r.level, "")),
            cell(r.status, tone=selectors.STATUS_TONES.get(r.status, "")), cell(r.source),
            cell(r.product or r.product_category), cell(r.region.name), cell(r.found.isoformat()),
            cell(str(r.owner) if r.owner else ""), cell(r.closed.isoformat() if r.closed else "")]


def _controls(user, f: selectors.Filters, errors: dict) -> list[dict]:
    def select(name, label, values, value):
        return {"name": name, "label": label, "type": "select", "value": value, "error": " ".join(errors.get(name, [])),
                "options": [{"value": v, "label": v, "selected": v == value} for v in values]}

    region = {"name": "region", "label": "区划", "type": "select", "value": f.region,
              "error": " ".join(errors.get("region", [])), "options": region_options(user, f.region)}
    return [
        {"name": "q", "label": "关键词", "type": "text", "value": f.q, "error": ""}, region,
        {"name": "year", "label": "年度", "type": "number", "value": f.year, "error": " ".join(errors.get("year", []))},
        select("level", "风险等级", RiskLevel.values, f.level), select("status", "状态", RiskStatus.values, f.status),
        select("source", "来源", RiskSource.values, f.source),
        {"name": "product", "label": "产品", "type": "text", "value": f.product, "error": ""},
    ]


@login_required
def risk_list(request):
    if not _may_view(request.user):
        raise PermissionDenied("您的角色不能查看风险信息。")
    f = selectors.Filters.from_params(request.GET)
    errors: dict = {}
    try:
        qs = selectors.filtered(request.user, f)
    except ValidationError as exc:
        errors, qs = exc.message_dict, RiskInfo.objects.none()
    fmt = exports.export_format(request)
    if fmt and not errors:
        place = exports.place_of(request.user, selectors.find_region(f.region) if f.region else None)
        return exports.export_response(fmt, "风险信息", EXPORT, qs.prefetch_related("entities"),
                                       filters=f.applied(), place=place)
    raw = request.GET.get("page_size", "")
    size = int(raw) if raw.isdecimal() and int(raw) in PAGE_SIZES else PAGE_SIZES[0]
    paginator = Paginator(qs, size)
    page_obj = get_page(paginator, request.GET.get("page"))
    headers = [{"label": h, "numeric": False, "href": None, "arrow": ""}
               for h in ("风险编号", "风险名称", "等级", "状态", "来源", "产品", "区划", "发现日期", "负责人", "关闭日期")]
    return render(request, "core/list.html", {
        "page": PAGE, "headers": headers, "rows": [_cells(r) for r in page_obj.object_list],
        "page_obj": page_obj, "paginator": paginator, "controls": _controls(request.user, f, errors),
        "applied": f.applied(),
        "errors": [f"{LABELS.get(k, {'level': '风险等级', 'status': '状态', 'year': '年度'}.get(k, k))}：{' '.join(v)}"
                   for k, v in errors.items()],
        "page_sizes": [{"size": n, "href": query_with(request.GET, page_size=str(n), page=None), "current": n == size}
                       for n in PAGE_SIZES],
        "prev_href": query_with(request.GET, page=str(page_obj.number - 1)) if page_obj.has_previous() else None,
        "next_href": query_with(request.GET, page=str(page_obj.number + 1)) if page_obj.has_next() else None,
        "export_href": query_with(request.GET, export="xlsx", page=None),
        "export_csv_href": query_with(request.GET, export="csv", page=None),
        "reset_href": request.path, "may_write": _may_change(request.user), "create_href": "/risks/new/",
        "size": size,
    }, status=400 if errors else 200)


def _form_controls(user, values: dict, errors: dict, *, editing: bool) -> list[dict]:
    def ctl(name, type_="text", required=False, options=None, hint=""):
        value = values.get(name)
        if name == "region" and value is not None:
            value = getattr(value, "code", value)
        if name == "owner" and value is not None:
            value = str(getattr(value, "pk", value))
        if name == "entities" and isinstance(value, list):
            value = "、".join(value)
        item = {"name": name, "label": LABELS[name], "type": type_, "required": required, "hint": hint,
                "value": "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else value),
                "error": " ".join(errors.get(name, []))}
        if options is not None:
            item["type"] = "select"
            item["options"] = [{"value": v, "label": lbl, "selected": str(item["value"]) == v} for v, lbl in options]
        return item

    regions = [(o["value"], o["label"]) for o in region_options(user)]
    controls = [ctl("title", required=True)]
    if not editing:
        controls += [
            ctl("source", required=True, options=[(v, v) for v in RiskSource.values]),
            ctl("source_ref", hint="来源为监督抽查、执法案件、质量事故、投诉举报时填写该记录的编号（可留空）；其他来源可写明出处。"),
            ctl("level", required=True, options=[(v, v) for v in RiskLevel.values], hint="一级最严重。"),
            ctl("found", "date", required=True),
            ctl("region", required=True, options=regions, hint="县区的风险选县区；涉及多个县区的风险由市级登记，选市。")]
    controls += [
        ctl("product"), ctl("product_category"),
        ctl("entities", "textarea", hint="填写统一社会信用代码，多个用逗号、顿号或换行分隔；须在所属区划内。"),
        ctl("owner", options=forms.owner_options(user)), ctl("description", "textarea", required=True)]
    return controls


@login_required
def risk_new(request):
    if not _may_change(request.user):
        raise PermissionDenied("只有市级和县区市场监管部门可以登记风险信息。")
    values = {"region": request.user.region if request.user.region_id else None, "found": clock.today()}
    errors: dict = {}
    general = ""
    if request.method == "POST":
        values, errors = forms.parse_risk(request.user, request.POST)
        if not errors:
            try:
                risk = services.create_risk(request.user, values)
                messages.success(request, f"风险信息 {risk.number} 已登记。")
                return redirect(risk.get_absolute_url())
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {}
                general = "" if errors else "；".join(exc.messages)
            except PermissionDenied as exc:
                general = str(exc)
    return render(request, "core/form.html", {
        "page": PAGE, "title": "登记风险信息", "controls": _form_controls(request.user, values, errors, editing=False),
        "general": general or ("请按提示修改后再保存。" if errors else ""), "list_href": "/risks/",
        "cancel_href": "/risks/"}, status=400 if request.method == "POST" else 200)


@login_required
def risk_edit(request, pk):
    risk = risk_or_404(request.user, pk)
    if not RiskInfo.objects.for_user(request.user, CHANGE).filter(pk=risk.pk).exists():
        raise PermissionDenied("该风险信息不在您的管辖范围内，不能修改。")
    values = {n: getattr(risk, n) for n in ("title", "product", "product_category", "description", "owner")}
    values["entities"] = list(risk.entities.values_list("uscc", flat=True))
    errors: dict = {}
    general = ""
    if request.method == "POST":
        fields = ("title", "product", "product_category", "entities", "owner", "description")
        data = {k: request.POST.get(k, "") for k in fields}
        values, errors = forms.parse_risk(request.user, data, partial=True)
        if not errors:
            try:
                services.update_risk(request.user, risk, values)
                messages.success(request, "风险信息已保存。")
                return redirect(risk.get_absolute_url())
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {}
                general = "" if errors else "；".join(exc.messages)
    return render(request, "core/form.html", {
        "page": PAGE, "title": f"修改风险信息 {risk.number}", "list_href": "/risks/",
        "controls": _form_controls(request.user, values, errors, editing=True),
        "general": general or ("请按提示修改后再保存。" if errors else ""),
        "cancel_href": risk.get_absolute_url()}, status=400 if request.method == "POST" else 200)


@login_required
def risk_detail(request, pk):
    risk = risk_or_404(request.user, pk)
    may_change = RiskInfo.objects.for_user(request.user, CHANGE).filter(pk=risk.pk).exists()
    tab = request.GET.get("tab", "basic")
    context = {
        "risk": risk, "tab": tab, "may_change": may_change, **selectors.detail(risk),
        "level_tone": selectors.LEVEL_TONES.get(risk.level, ""),
        "status_tone": selectors.STATUS_TONES.get(risk.status, ""),
        "actions": services.available_actions(request.user, risk), "close_action": workflow.CLOSE,
        "levels": [v for v in RiskLevel.values if v != risk.level],
        "measure_kinds": MeasureKind.values if risk.status in workflow.MEASURE_STATES and may_change else [],
        "path": _path(risk), "upload_kinds": ["约谈记录", "风险公告", "其他"],
        "history": selectors.history(risk) if tab == "history" else None,
    }
    return render(request, "risks/detail.html", context)


def _path(risk: RiskInfo) -> list[tuple[str, str]]:
    order = RiskStatus.values
    at = order.index(risk.status)
    return [(s, "done" if i < at or risk.status == RiskStatus.CLOSED else "current" if i == at else "")
            for i, s in enumerate(order)]


@require_POST
@login_required
def risk_act(request, pk):
    risk = risk_or_404(request.user, pk)
    action = request.POST.get("action", "")
    try:
        services.act(request.user, risk, action, comment=request.POST.get("comment", ""),
                     conclusion=request.POST.get("conclusion", ""))
        messages.success(request, f"已{action}。" if action != workflow.CLOSE else "风险已关闭。")
    except ValidationError as exc:  # a refusal of rights answers 403 with its message
        _flash(request, exc)
    return redirect(risk.get_absolute_url())


@require_POST
@login_required
def risk_level(request, pk):
    risk = risk_or_404(request.user, pk)
    try:
        services.change_level(request.user, risk, request.POST.get("level", ""), request.POST.get("reason", ""))
        messages.success(request, f"风险等级已调整为{request.POST.get('level')}。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(risk.get_absolute_url())
