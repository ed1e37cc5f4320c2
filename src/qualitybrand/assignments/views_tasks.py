"""Pages of 交办任务: the list (filters, overdue flags, export), the new-task form, the task page
(assignees with states, reports with evidence, accept/return for the office, the report form for an
assignee) and 我的任务. Writes go through `services`, reads through `selectors`."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.assignments import selectors, services, workflow
from qualitybrand.assignments.models import ALL_OFFICE, Assignee, Task
from qualitybrand.core import clock, exports
from qualitybrand.core.exports import Column
from qualitybrand.core.listing import query_with
from qualitybrand.core.models import Department, Region
from qualitybrand.core.paging import get_page
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role

PAGE_SIZE = 20
TYPES_TEXT = "PDF、Word、OFD、JPG、PNG、Excel、ZIP"


def _viewer(user) -> None:
    if not has_scoped_role(user, ALL_OFFICE):
        raise PermissionDenied("您的角色不能查看交办任务。")


def _office_region(user) -> Region | None:
    """The region a user assigns tasks for: its own, for a city or county office."""
    if has_scoped_role(user, workflow.OFFICES) and getattr(user, "role", "") in workflow.OFFICES:
        return user.region
    if getattr(user, "is_superuser", False):
        return Region.objects.filter(kind="市").order_by("path").first()
    return None


def _flash(request, exc) -> None:
    groups = exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]
    for group in groups:
        for msg in group:
            messages.error(request, msg)


def _assignees_text(task) -> str:
    return "、".join(a.label for a in task.assignees.all())


EXPORT_COLUMNS = [
    Column("任务名称", "title"), Column("交办单位", "region.name"), Column("承办单位", _assignees_text),
    Column("完成期限", "deadline", "date"), Column("状态", "state"),
    Column("验收进度", lambda t: f"{t.n_accepted}/{t.n_assignees}"),
    Column("逾期", lambda t: "逾期" if t.late else ""), Column("交办时间", "created_at", "datetime"),
]


@login_required
def task_list(request):
    _viewer(request.user)
    filters = selectors.Filters.from_params(request.GET)
    qs = selectors.filtered(request.user, filters).prefetch_related("assignees__region", "assignees__department")
    applied = exports.described(request.GET, {"state": "状态", "assignee": "承办单位", "q": "任务名称"})
    if filters.overdue:
        applied.append(("逾期", "仅逾期"))
    fmt = exports.export_format(request)
    if fmt:
        return exports.export_response(fmt, "交办任务", EXPORT_COLUMNS, qs, filters=applied,
                                       place=getattr(request.user.region, "name", ""))
    page_obj = get_page(Paginator(qs, PAGE_SIZE), request.GET.get("page"))

    def href(n):
        return query_with(request.GET, page=str(n)) if 1 <= n <= page_obj.paginator.num_pages else None

    return render(request, "assignments/task_list.html", {
        "rows": [{"t": t, "tone": workflow.STATE_TONES.get(t.state, "grey"), "assignees": _assignees_text(t)}
                 for t in page_obj],
        "page_obj": page_obj, "paginator": page_obj.paginator, "page": {"unit": "项"},
        "prev_href": href(page_obj.number - 1), "next_href": href(page_obj.number + 1),
        "f": filters, "states": Task.State.values, "may_create": _office_region(request.user) is not None,
        "export_xlsx": query_with(request.GET, export="xlsx", page=None),
    })


@login_required
def my_tasks(request):
    _viewer(request.user)
    today = clock.today()
    rows = [{"a": a, "late": selectors.is_overdue(a, today), "tone": workflow.STATE_TONES.get(a.state, "grey")}
            for a in selectors.my_assignees(request.user)[:500]]
    return render(request, "assignments/my_tasks.html", {"rows": rows})


# --- the new-task form ----------------------------------------------------------------------------

def _links(office: Region):
    from qualitybrand.planning.models import Round, TargetItem

    rounds = list(Round.objects.filter(region=office).select_related("scheme").order_by("-as_of")[:50])
    items = [{"round": r, "items": [i for i in (r.document or {}).get("items", []) if i.get("code")]}
             for r in rounds]
    targets = list(TargetItem.objects.filter(target_set__region=office).select_related("target_set")
                   .order_by("-target_set__year", "target_set__code", "position")[:300])
    return items, targets


def _parse_assignees(values) -> list[tuple[str, object]]:
    """Form values "department:<code>", "region:<code>", "town:<code>" → the services' pairs; an
    unknown one is passed on as None so the service names the problem."""
    out = []
    for value in values:
        kind, _, key = str(value).partition(":")
        if kind == "department":
            out.append((kind, Department.objects.filter(code=key).first()))
        elif kind in ("region", "town"):
            out.append((kind, Region.objects.filter(code=key).first()))
        else:
            out.append((kind, None))
    return out


def _post_links(office: Region, post):
    from qualitybrand.planning.models import Round, TargetItem

    round_obj = target = None
    raw_round, raw_target = post.get("round", ""), post.get("target_item", "")
    if raw_round:
        round_obj = Round.objects.filter(pk=raw_round, region=office).first() if raw_round.isdecimal() else None
        if round_obj is None:
            raise ValidationError({"round": "考核轮次不存在：只能关联本单位组织的考核。"})
    if raw_target:
        target = (TargetItem.objects.filter(pk=raw_target, target_set__region=office).first()
                  if raw_target.isdecimal() else None)
        if target is None:
            raise ValidationError({"target_item": "关联目标项不存在：只能关联本单位的目标。"})
    return round_obj, target


@login_required
def task_new(request):
    office = _office_region(request.user)
    if office is None:
        raise PermissionDenied("只有市级管理员或县区用户可以交办任务。")
    errors: dict = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            round_obj, target = _post_links(office, request.POST)
            task = services.create_task(
                request.user, region=office, title=data.get("title", ""), content=data.get("content", ""),
                standard=data.get("standard", ""), deadline=data.get("deadline", ""),
                assignees=_parse_assignees(request.POST.getlist("assignees")), round=round_obj,
                item_code=data.get("item_code", ""), target_item=target, files=request.FILES.getlist("files"))
            messages.success(request, f"任务“{task.title}”已交办给 {task.assignees.count()} 个承办单位。")
            return redirect(task.get_absolute_url())
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"form": " ".join(exc.messages)}
    rounds, targets = _links(office)
    return render(request, "assignments/task_form.html", {
        "office": office, "choices": selectors.assignee_choices(request.user, office), "data": data,
        "chosen": set(request.POST.getlist("assignees")) if request.method == "POST" else set(),
        "errors": errors, "rounds": rounds, "targets": targets, "types_text": TYPES_TEXT,
        "max_mb": services.max_file_bytes() // 1048576, "today": clock.today(),
    }, status=400 if errors else 200)


# --- one task ---------------------------------------------------------------------------------------

def _task_or_404(request, pk) -> Task:
    _viewer(request.user)
    return get_object_or_404(selectors.tasks_for(request.user), pk=pk)


def _assignee_or_404(request, task, aid) -> Assignee:
    return get_object_or_404(selectors.assignees_for(request.user, task), pk=aid)


@login_required
def task_detail(request, pk):
    task = _task_or_404(request, pk)
    today = clock.today()
    office = services.is_office(request.user, task) and request.user.role != Role.LEADER
    assignees = list(selectors.assignees_for(request.user, task))
    reports: dict[int, list] = {}
    for r in selectors.reports_for(assignees):
        reports.setdefault(r.assignee_id, []).append(r)
    rows = [{"a": a, "tone": workflow.STATE_TONES.get(a.state, "grey"), "late": selectors.is_overdue(a, today),
             "reports": reports.get(a.pk, []),
             "may_report": task.state == Task.State.OPEN and a.state in (Assignee.State.OPEN, Assignee.State.RETURNED)
             and services.answers_for(request.user, a),
             "may_review": office and task.state == Task.State.OPEN and a.state == Assignee.State.SUBMITTED}
            for a in assignees]
    return render(request, "assignments/task_detail.html", {
        "t": task, "tone": workflow.STATE_TONES.get(task.state, "grey"), "rows": rows, "office": office,
        "files": [f for f in task.attachments.all() if f.report_id is None],
        "late": any(r["late"] for r in rows), "types_text": TYPES_TEXT,
        "max_mb": services.max_file_bytes() // 1048576, "accepted": sum(a.state == "已验收" for a in assignees),
    })


@require_POST
@login_required
def assignee_report(request, pk, aid):
    task = _task_or_404(request, pk)
    assignee = _assignee_or_404(request, task, aid)
    completion = request.POST.get("completion") == "1"
    try:
        services.submit_report(request.user, assignee, text=request.POST.get("text", ""),
                               figures=request.POST.get("figures", ""), completion=completion,
                               files=request.FILES.getlist("files"))
        messages.success(request, "办结报告已报送，等待交办单位验收。" if completion else "进展已报送。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(f"{task.get_absolute_url()}#a{assignee.pk}")


@require_POST
@login_required
def assignee_review(request, pk, aid):
    task = _task_or_404(request, pk)
    assignee = _assignee_or_404(request, task, aid)
    action = request.POST.get("action", "")
    try:
        services.review(request.user, assignee, action, request.POST.get("comment", ""))
        messages.success(request, f"{assignee.label}：已{'验收' if action == workflow.ACCEPT else '退回'}。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(f"{task.get_absolute_url()}#a{assignee.pk}")


@require_POST
@login_required
def task_cancel(request, pk):
    task = _task_or_404(request, pk)
    try:
        services.cancel_task(request.user, task, request.POST.get("reason", ""))
        messages.success(request, "任务已撤销。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(task.get_absolute_url())


@login_required
def attachment_file(request, pk, fid):
    task = _task_or_404(request, pk)
    att = selectors.attachment_for(request.user, task, fid)
    if att is None:
        raise Http404("未找到该文件。")
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在。") from None
    ctype = mimetypes.guess_type(att.original_name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=att.original_name, content_type=ctype)
