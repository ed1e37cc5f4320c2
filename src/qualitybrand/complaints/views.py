"""Pages of complaints and reports: the list (filters, deadlines, export), the entry form of a
clerk on the phone, the detail page with its timeline and the workflow buttons. Every write goes
through complaints/services.py; a refusal comes back as the service's Chinese message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qualitybrand.core import clock, exports
from qualitybrand.core.filtering import find_region
from qualitybrand.core.models import Region
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, regions_in_scope
from qualitybrand.core.selectors import history_for
from qualitybrand.registry.choices import CASE_TYPES
from qualitybrand.registry.models import Entity
from qualitybrand.supervision.views_repair import _paging

from . import selectors, services
from . import workflow as wf
from .dues import due_info
from .models import CATEGORIES, CHANNELS, IDENTITY_FIELDS, Complaint, Status

OFFICE_ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER}
STATUS_TONES = {Status.REGISTERED: "orange", Status.ACCEPTED: "blue", Status.MEDIATING: "blue",
                Status.VERIFYING: "blue", Status.REFUSED: "grey", Status.CLOSED: "green"}
PAGE = {"unit": "件", "title": "投诉举报"}
FILTER_LABELS = {"category": "类别", "channel": "渠道", "status": "状态", "county": "区划", "month": "登记月份",
                 "respondent": "被投诉人", "overdue": "只看超期"}


def _flash(request, exc) -> None:
    msgs = exc.message_dict.values() if hasattr(exc, "error_dict") else [getattr(exc, "messages", None) or [str(exc)]]
    for group in msgs:
        for msg in group:
            messages.error(request, msg)


def _ensure_office(user) -> None:
    if not (user.is_superuser or has_scoped_role(user, OFFICE_ROLES)):
        raise PermissionDenied("投诉举报由市、县区市场监管部门办理，您的角色不能查看。")


def _may_register(user) -> bool:
    return user.is_superuser or has_scoped_role(user, {Role.CITY_ADMIN, Role.COUNTY})


def _row(c: Complaint, user, today: dt.date) -> dict:
    return {"c": c, "due": due_info(c, today), "tone": STATUS_TONES.get(c.status, "grey"),
            "identity": services.identity_visible(user, c)}


def _export_columns(user, may_see_some: bool) -> list[exports.Column]:
    cols = [exports.Column("登记编号", "number", "text"), exports.Column("类别", "category", "text"),
            exports.Column("渠道", "channel", "text"), exports.Column("登记日期", "registered", "date"),
            exports.Column("被投诉人", lambda c: c.respondent, "text"),
            exports.Column("被投诉人统一社会信用代码", lambda c: c.entity.uscc if c.entity_id else "", "text"),
            exports.Column("承办区划", "region.name", "text"), exports.Column("区划代码", "region.code", "text"),
            exports.Column("涉及产品", "product", "text"), exports.Column("内容摘要", "summary", "text"),
            exports.Column("状态", "status", "text"), exports.Column("受理日期", "accepted", "date"),
            exports.Column("办结日期", "closed", "date"), exports.Column("处理结果", "result", "text"),
            exports.Column("关联案件编号", "case_number", "text"),
            exports.Column("挽回经济损失(万元)", "recovered", "amount")]
    today = clock.today()
    cols += [exports.Column("当前期限", lambda c: due_info(c, today).due, "date"),
             exports.Column("期限情况", lambda c: due_info(c, today).text, "text")]
    if may_see_some:  # the handling office's own rows only; every other row leaves them empty
        labels = {"complainant_name": "投诉人", "complainant_phone": "联系电话", "complainant_address": "联系地址"}
        for name in IDENTITY_FIELDS:
            cols.append(exports.Column(labels[name], (lambda n: lambda c: getattr(c, n)
                                                      if services.identity_visible(user, c) else "")(name), "text"))
    return cols


@login_required
def complaint_list(request):
    user = request.user
    _ensure_office(user)
    today = clock.today()
    f = selectors.Filters.from_params(request.GET)
    errors = list(f.errors)
    try:
        qs = selectors.filtered(user, f, today)
    except ValidationError as exc:
        errors += exc.messages
        f.county = ""
        qs = selectors.filtered(user, f, today)
    fmt = exports.export_format(request)
    if fmt:
        own = user.region_id is not None and qs.filter(region_id=user.region_id).exists()
        return exports.export_response(fmt, "投诉举报", _export_columns(user, own), qs.iterator(chunk_size=2000),
                                       filters=exports.described(request.GET, FILTER_LABELS),
                                       place=exports.place_of(user))
    paging = _paging(request, qs)
    rows = [_row(c, user, today) for c in paging["page_obj"]]
    from qualitybrand.core.listing import query_with

    return render(request, "complaints/list.html", {
        **paging, "rows": rows, "page": PAGE, "f": f, "errors": errors, "today": today,
        "categories": [c for c, _ in CATEGORIES], "channels": [c for c, _ in CHANNELS], "statuses": Status.values,
        "regions": list(regions_in_scope(user).exclude(kind="乡镇街道").order_by("path")),
        "may_register": _may_register(user), "is_city": has_scoped_role(user, {Role.CITY_ADMIN}),
        "export_href": query_with(request.GET, export="xlsx", page=None),
        "export_csv_href": query_with(request.GET, export="csv", page=None),
    })


def _complaint_or_404(user, pk) -> Complaint:
    if not str(pk).isdecimal() or len(str(pk)) > 18:
        raise Http404("未找到该投诉举报。")
    return get_object_or_404(selectors.complaints_for(user), pk=pk)


@login_required
def complaint_detail(request, pk):
    user = request.user
    _ensure_office(user)
    c = _complaint_or_404(user, pk)
    today = clock.today()
    actions = services.available_actions(user, c)
    return render(request, "complaints/detail.html", {
        "c": c, "due": due_info(c, today), "tone": STATUS_TONES.get(c.status, "grey"), "today": today,
        "identity": services.identity_visible(user, c), "steps": list(c.steps.all()), "actions": actions,
        "results": wf.RESULTS_BY_CATEGORY[c.category], "case_types": [t for t, _ in CASE_TYPES],
        "counties": [r for r in regions_in_scope(user).exclude(kind="乡镇街道").exclude(pk=c.region_id)
                     .order_by("path") if r.depth >= 2] if wf.TRANSFER in actions else [],
        "history": history_for(c), "tab": request.GET.get("tab", "info"),
        "path": _path(c),
    })


def _path(c: Complaint) -> list[tuple[str, str]]:
    middle = "调解" if c.category == "投诉" else "核查"
    order = [Status.REGISTERED, Status.ACCEPTED, Status.MEDIATING if c.category == "投诉" else Status.VERIFYING,
             Status.CLOSED]
    labels = ["登记", "受理", middle, "办结"]
    if c.status == Status.REFUSED:
        return [("登记", "done"), ("不予受理", "current")]
    at = order.index(c.status) if c.status in order else 0
    return [(label, "done" if i < at or c.status == Status.CLOSED else ("current" if i == at else ""))
            for i, label in enumerate(labels)]


def _date(raw: str) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"办理日期“{raw}”无效：应为 2014-07-10 这样的日期。") from None


def _amount(raw: str) -> Decimal | None:
    raw = (raw or "").strip().replace(",", "")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f"挽回经济损失“{raw}”不是数字：请填写万元数，如 0.35。") from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 13:
        raise ValidationError("挽回经济损失数值无效。")
    return value.quantize(Decimal("0.000001"))


@require_POST
@login_required
def complaint_act(request, pk):
    user = request.user
    _ensure_office(user)
    c = _complaint_or_404(user, pk)
    action = request.POST.get("action", "")
    try:
        if action not in wf.ACTIONS:
            raise ValidationError(f"未知的操作“{action}”。")
        region = None
        if action == wf.TRANSFER:
            region = find_region(request.POST.get("region", ""))
        services.act(user, c, action, on=_date(request.POST.get("on", "")), comment=request.POST.get("comment", ""),
                     result=request.POST.get("result", ""), recovered=_amount(request.POST.get("recovered", "")),
                     case_number=request.POST.get("case_number", ""), case_type=request.POST.get("case_type", ""),
                     region=region)
        messages.success(request, f"已{action}。")
        if action == wf.TRANSFER and not selectors.complaints_for(user).filter(pk=c.pk).exists():
            return redirect("complaints:list")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(reverse("complaints:detail", args=[c.pk]))


FORM_FIELDS = ("category", "channel", "registered", "respondent_uscc", "respondent_name", "region", "product",
               "summary", *IDENTITY_FIELDS)


@login_required
def complaint_new(request):
    user = request.user
    if not _may_register(user):
        raise PermissionDenied("只有市、县区市场监管部门的用户可以登记投诉举报。")
    data = {"channel": "来电", "category": "投诉", "registered": clock.today().isoformat()}
    errors: dict = {}
    if request.method == "POST":
        data = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
        try:
            c = services.file_complaint(data, user=user, channel=data.get("channel", ""))
            if selectors.complaints_for(user).filter(pk=c.pk).exists():
                messages.success(request, f"已登记，登记编号 {c.number}，由{c.region.name}办理。")
                return redirect(c.get_absolute_url())
            messages.success(request, f"已登记，登记编号 {c.number}：被投诉人在{c.region.name}，已按属地转该区划办理。")
            return redirect("complaints:list")
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return render(request, "complaints/new.html", {
        "data": data, "errors": errors, "general": errors.get("__all__", []), "categories": [c for c, _ in CATEGORIES],
        "channels": [c for c, _ in CHANNELS],
        "regions": list(Region.objects.exclude(kind="乡镇街道").filter(depth__gte=1).order_by("path")),
    }, status=400 if errors else 200)


@login_required
def respondent_search(request):
    """被投诉人 search of the entry form: an exact USCC anywhere (routing needs it), names in the user's scope."""
    if not _may_register(request.user):
        raise PermissionDenied("只有市、县区市场监管部门的用户可以登记投诉举报。")
    q = (request.GET.get("q") or "").strip()[:100]
    found = []
    if len(q) >= 2:
        exact = services.find_respondent(q) if len(q) == 18 else None
        if exact is not None:
            found = [exact]
        else:
            found = list(Entity.objects.for_user(request.user).filter(name__contains=q)
                         .select_related("region").order_by("name")[:10])
    return JsonResponse({"results": [{"uscc": e.uscc, "name": e.name, "region": e.region.name} for e in found]})
