"""Pages of the blacklist's life: an entry's documents and repair applications (on its detail
page), the public-scope preview, and the credit repair workflow (apply, list, detail and decide).
Every write goes through supervision/services.py; refusals come back as the service's message."""

from __future__ import annotations

import mimetypes
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qualitybrand.core import clock
from qualitybrand.core.paging import get_page
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.supervision import selectors, services
from qualitybrand.supervision.models import BlacklistDocument, BlacklistEntry, RepairMaterial, RepairState

STATE_TONES = {RepairState.PENDING: "orange", RepairState.APPROVED: "green", RepairState.REFUSED: "red",
               RepairState.CLOSED: "grey"}
TYPES_TEXT = "PDF、Word、OFD、JPG、PNG"


def _flash(request, exc) -> None:
    for msg in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, msg)


def _entry_or_404(user, pk, action=VIEW) -> BlacklistEntry:
    if not str(pk).isdecimal():
        raise Http404("未找到该记录。")
    return get_object_or_404(BlacklistEntry.objects.for_user(user, action).select_related("entity", "region"), pk=pk)


def _may_apply(user, entry: BlacklistEntry) -> bool:
    if getattr(user, "role", "") == Role.ENTERPRISE and not user.is_superuser:
        return user.entity_id == entry.entity_id
    return BlacklistEntry.objects.for_user(user, CHANGE).filter(pk=entry.pk).exists()


def apply_link(entry: BlacklistEntry, user) -> list[tuple[str, str]]:
    """The 申请信用修复 button of an entry in force without an application waiting, for whoever may apply."""
    today = clock.today()
    in_force = entry.listed <= today and not (entry.removed and entry.removed <= today)
    if in_force and _may_apply(user, entry) and not entry.repairs.filter(state=RepairState.PENDING).exists():
        return [("申请信用修复", reverse("supervision:repair-new", args=[entry.pk]))]
    return []


def blacklist_detail_context(request, entry: BlacklistEntry) -> dict:
    today = clock.today()
    return {
        "documents": list(entry.documents.all()),
        "repairs": list(selectors.repairs_for(request.user).filter(entry=entry).order_by("-submitted", "-id")),
        "may_upload": BlacklistEntry.objects.for_user(request.user, CHANGE).filter(pk=entry.pk).exists(),
        "document_kinds": [k for k, _ in BlacklistDocument.KINDS], "types_text": TYPES_TEXT,
        "public_until": entry.public_until, "repair_from": selectors.repair_possible_from(entry.listed),
        "status": selectors.entry_status(entry, today), "state_tones": STATE_TONES, "today": today,
    }


@require_POST
@login_required
def document_upload(request, key):
    entry = _entry_or_404(request.user, key)
    try:
        services.add_blacklist_document(request.user, entry, request.FILES.get("file"), request.POST.get("kind", ""))
        messages.success(request, "文书已上传。")
    except ValidationError as exc:  # a refusal of rights answers 403 with its message
        _flash(request, exc)
    return redirect(entry.get_absolute_url())


@login_required
def document_download(request, key, doc):
    entry = _entry_or_404(request.user, key)
    item = get_object_or_404(BlacklistDocument, pk=doc, entry=entry)
    return _file(item)


def _file(item):
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在。") from None
    ctype = mimetypes.guess_type(item.original_name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=ctype)


@login_required
def public_preview(request):
    """公示范围预览: exactly what the portal shows today (selectors.publicly_listed), for the city office."""
    if not has_scoped_role(request.user, {Role.CITY_ADMIN}):
        raise PermissionDenied("只有市级管理员可以查看公示范围预览。")
    today = clock.today()
    shown = selectors.publicly_listed(today)
    hidden = selectors.listed_on(today).filter(selectors.expired_q(today)).count()
    return render(request, "supervision/blacklist_public.html", {
        **_paging(request, shown), "today": today, "expired_waiting": hidden, "page": {"unit": "条"}})


PAGE_SIZES = (20, 50, 100)


def _paging(request, qs) -> dict:
    """The context of core/_pagination.html: page, 上一页/下一页, 每页 20/50/100."""
    from qualitybrand.core.listing import query_with

    raw = request.GET.get("page_size", "")
    size = int(raw) if raw.isdecimal() and int(raw) in PAGE_SIZES else PAGE_SIZES[0]
    page_obj = get_page(Paginator(qs, size), request.GET.get("page"))

    def href(number):
        if number < 1 or number > page_obj.paginator.num_pages:
            return None
        return query_with(request.GET, page=str(number))

    return {"page_obj": page_obj, "paginator": page_obj.paginator, "prev_href": href(page_obj.number - 1),
            "next_href": href(page_obj.number + 1),
            "page_sizes": [{"size": n, "current": n == size, "href": query_with(request.GET, page_size=str(n), page=None)}
                           for n in PAGE_SIZES]}


# --- credit repair ------------------------------------------------------------------------------

@login_required
def repair_list(request):
    if getattr(request.user, "role", "") not in {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER, Role.ENTERPRISE} \
            and not request.user.is_superuser:
        raise PermissionDenied("您的角色不办理信用修复。")
    today = clock.today()
    qs = selectors.repairs_for(request.user).order_by("-submitted", "-id")
    state = request.GET.get("state", "")
    if state in RepairState.values:
        qs = qs.filter(state=state)
    else:
        state = ""
    if request.GET.get("overdue") == "1":
        qs = qs.filter(state=RepairState.PENDING, due__lt=today)
    paging = _paging(request, qs)
    rows = [{"app": a, "overdue": selectors.is_overdue(a, today), "tone": STATE_TONES.get(a.state, "grey")}
            for a in paging["page_obj"]]
    return render(request, "supervision/repair_list.html", {
        **paging, "rows": rows, "page": {"unit": "件"},
        "states": RepairState.values, "state": state, "overdue_only": request.GET.get("overdue") == "1",
        "is_city": has_scoped_role(request.user, {Role.CITY_ADMIN}), "decision_days": services.decision_days(),
        "today": today,
    })


@require_POST
@login_required
def repair_settings(request):
    raw = (request.POST.get("decision_days") or "").strip()
    try:
        if not raw.isdecimal():
            raise ValidationError("办理时限应为 1 到 120 之间的整数（工作日）。")
        services.set_decision_days(request.user, int(raw))
        messages.success(request, f"信用修复办理时限已设为 {int(raw)} 个工作日，对此后提交的申请生效。")
    except ValidationError as exc:  # a refusal of rights answers 403 with its message
        _flash(request, exc)
    return redirect("supervision:repair-list")


@login_required
def repair_new(request, entry):
    entry = _entry_or_404(request.user, entry)
    if not _may_apply(request.user, entry):
        raise PermissionDenied("您不能为该主体申请信用修复：企业用户只能为本企业申请，办公室用户只能为辖区内的主体代为申请。")
    statement = ""
    if request.method == "POST":
        statement = request.POST.get("statement", "")
        uploads = [(kind, request.FILES.get(f"file_{i}")) for i, kind in enumerate(RepairMaterial.REQUIRED)]
        uploads += [("其他", f) for f in request.FILES.getlist("file_other")]
        try:
            app = services.apply_for_repair(request.user, entry, uploads, statement=statement)
            if app.due:
                messages.success(request, f"信用修复申请已提交，办理期限至 {app.due.year}年{app.due.month}月"
                                          f"{app.due.day}日（{services.decision_days()} 个工作日）。")
            else:
                messages.warning(request, "信用修复申请已提交；" + selectors.due_problem(app))
            return redirect(app.get_absolute_url())
        except ValidationError as exc:  # a refusal of rights answers 403 with its message
            _flash(request, exc)
    return render(request, "supervision/repair_new.html", {
        "entry": entry, "required": list(enumerate(RepairMaterial.REQUIRED)), "statement": statement,
        "repair_from": selectors.repair_possible_from(entry.listed), "decision_days": services.decision_days(),
        "types_text": TYPES_TEXT,
    }, status=400 if request.method == "POST" else 200)


def _repair_or_404(user, pk):
    if not str(pk).isdecimal():
        raise Http404("未找到该申请。")
    return get_object_or_404(selectors.repairs_for(user), pk=pk)


@login_required
def repair_detail(request, pk):
    app = _repair_or_404(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            services.decide_repair(request.user, app, action, request.POST.get("comment", ""))
            messages.success(request, f"已{action}。" + ("该主体已移出严重违法失信名单（信用修复），公众不再看到该记录。"
                                                      if action == "批准" else ""))
            return redirect(app.get_absolute_url())
        except ValidationError as exc:  # a refusal of rights answers 403 with its message
            _flash(request, exc)
            app = _repair_or_404(request.user, pk)
    today = clock.today()
    return render(request, "supervision/repair_detail.html", {
        "app": app, "entry": app.entry, "tone": STATE_TONES.get(app.state, "grey"),
        "overdue": selectors.is_overdue(app, today), "due_problem": selectors.due_problem(app), "materials": list(app.materials.all()),
        "steps": list(app.steps.all()), "decisions": services.available_decisions(request.user, app),
        "today": today, "path": _path(app),
        "list_href": reverse("supervision:repair-list") + "?" + urlencode({"state": RepairState.PENDING}),
    })


def _path(app) -> list[tuple[str, str]]:
    last = app.state if app.state != RepairState.PENDING else "已修复 / 未通过"
    done = app.state != RepairState.PENDING
    return [("提交", "done"), ("待审核", "done" if done else "current"), (last, "current" if done else "")]


@login_required
def repair_material(request, pk, mid):
    app = _repair_or_404(request.user, pk)
    return _file(get_object_or_404(RepairMaterial, pk=mid, application=app))
