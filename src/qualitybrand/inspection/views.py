"""Pages of 迎检 (city admin writes; leader reads): list, start form, the preparation page with its
what-if, and the two downloads. Logic lives in services/selectors/whatif/report/package."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core import clock
from qualitybrand.core.roles import VIEW, role_may
from qualitybrand.inspection import package, report, selectors, services, whatif
from qualitybrand.inspection.models import Preparation


def _may_view_area(user) -> bool:
    return user.is_superuser or role_may(getattr(user, "role", ""), VIEW, Preparation)


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@login_required
def index(request):
    if not _may_view_area(request.user):
        raise PermissionDenied("迎检自评仅供市级管理员和领导使用。")
    preps = list(selectors.preparations_for(request.user))
    may_start = services.may_start(request.user)
    return render(request, "inspection/index.html", {
        "preps": preps, "may_start": may_start,
        "schemes": list(selectors.schemes_for_city(request.user)) if may_start else [],
    })


@login_required
def start(request):
    if not services.may_start(request.user):
        raise PermissionDenied("只有市级管理员可以开展迎检自评。")
    schemes = list(selectors.schemes_for_city(request.user))
    form = {"scheme": "", "title": "", "as_of": "", "deadline": ""}
    error = ""
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        scheme = next((s for s in schemes if str(s.pk) == form["scheme"]), None)
        if scheme is None:
            error = "请选择考核本市的上级考核方案。"
        else:
            try:
                prep = services.start_preparation(request.user, scheme, as_of=form["as_of"],
                                                  deadline=form["deadline"], title=form["title"])
            except ValidationError as exc:
                error = _error_text(exc)
            else:
                try:
                    services.draft(request.user, prep)
                    messages.success(request, "已开展迎检自评，并按平台数据起草了各评分项的自评分。")
                except ValidationError as exc:
                    messages.warning(request, f"已开展迎检自评，但{_error_text(exc)}")
                return redirect(prep.get_absolute_url())
    return render(request, "inspection/start.html", {"schemes": schemes, "form": form, "error": error,
                                                     "today": clock.today()}, status=400 if error else 200)


def _overrides(request, rows):
    """Hypothetical values from the what-if form (?v-<indicator>=, ?m-<item>=): (indicators, manual, errors)."""
    indicators, manual, errors = {}, {}, []
    seen = set()
    for r in rows:
        key = f"m-{r.code}" if r.is_manual else f"v-{r.item.get('indicator')}"
        raw = request.GET.get(key, "").strip()
        if not raw or key in seen:
            continue
        seen.add(key)
        value = whatif.parse_number(raw)
        if value is None:
            errors.append(f"{r.code} {r.name} 的假设值“{raw}”不是数字。")
        elif r.is_manual:
            if value < 0 or value > r.max_score:
                errors.append(f"{r.code} {r.name} 的假设分数应在 0 到 {r.points} 分之间。")
            else:
                manual[r.code] = value
        else:
            indicators[r.item["indicator"]] = value
    return indicators, manual, errors


@login_required
def preparation(request, pk):
    prep = selectors.preparation_or_404(request.user, pk)
    rows = selectors.item_rows(prep)
    may_change = selectors.may_change(request.user, prep)
    hypo = None
    hypo_errors: list[str] = []
    if request.GET.get("whatif"):
        indicators, manual, hypo_errors = _overrides(request, rows)
        if not hypo_errors:
            hypo = whatif.compute(prep, rows, indicators, manual)
    movable = whatif.movable_items(prep, rows)
    for m in movable:  # the what-if form shows what was typed
        m.typed = request.GET.get(f"m-{m.row.code}" if m.row.is_manual else f"v-{m.row.item.get('indicator')}", "")
    today = clock.today()
    return render(request, "inspection/preparation.html", {
        "prep": prep, "rows": rows, "standing": selectors.standing(prep, rows),
        "vetoes": selectors.veto_rows(prep), "may_change": may_change,
        "movable": movable, "hypo": hypo, "hypo_errors": hypo_errors,
        "query": request.GET, "holders": services.holder_choices(prep) if may_change else [],
        "untasked": [r for r in rows if r.is_manual and not (r.evaluation and r.evaluation.task_id)],
        "late": today > prep.deadline, "today": today,
        "max_package": package._size_text(package.max_bytes()),
    })


def _changeable(request, pk):
    prep = selectors.preparation_or_404(request.user, pk)
    if not selectors.may_change(request.user, prep):
        raise PermissionDenied("只有市级管理员可以修改迎检自评。")
    return prep


@login_required
@require_POST
def draft(request, pk):
    prep = _changeable(request, pk)
    try:
        n = services.draft(request.user, prep)
        messages.success(request, f"已按截至 {prep.as_of:%Y年%m月%d日} 的平台数据刷新自评（{n} 项）。")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect(prep.get_absolute_url())


@login_required
@require_POST
def create_tasks(request, pk):
    prep = _changeable(request, pk)
    picked = {r.code: request.POST.getlist(f"holders-{r.code}") for r in selectors.item_rows(prep) if r.is_manual}
    try:
        tasks = services.create_tasks(request.user, prep, picked)
        messages.success(request, f"已交办 {len(tasks)} 项迎检材料任务，完成期限 {prep.deadline:%Y年%m月%d日}。")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect(f"{prep.get_absolute_url()}#tasks")


@login_required
@require_POST
def score(request, pk):
    prep = _changeable(request, pk)
    code = request.POST.get("item", "")
    try:
        services.score_manual(request.user, prep, code, request.POST.get("score", ""),
                              request.POST.get("explanation", ""), reviewed=request.POST.get("reviewed") == "1")
        messages.success(request, f"评分项 {code} 的自评分已保存。")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect(f"{prep.get_absolute_url()}#items")


@login_required
def report_docx(request, pk):
    prep = selectors.preparation_or_404(request.user, pk)
    response = HttpResponse(report.build(prep), content_type=report.DOCX_TYPE)
    response["Content-Disposition"] = _disposition(report.filename(prep))
    return response


@login_required
def package_zip(request, pk):
    prep = selectors.preparation_or_404(request.user, pk)
    try:
        tmp = package.build(prep)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(f"{prep.get_absolute_url()}#outputs")
    return FileResponse(tmp, as_attachment=True, filename=package.filename(prep), content_type="application/zip")


def _disposition(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"report.docx\"; filename*=UTF-8''{quote(name)}"

