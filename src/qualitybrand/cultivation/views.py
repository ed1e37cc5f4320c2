"""Pages of brand cultivation (/cultivation/): calls, applications and their workflow, the inbox,
expert scoring, the pipeline and rewards. No business logic here: services write, selectors read."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from qualitybrand.core import clock, exports
from qualitybrand.core.filtering import find_region
from qualitybrand.core.paging import get_page
from qualitybrand.core.roles import Role
from qualitybrand.core.selection import scope_regions
from qualitybrand.registry.models import Entity, Program, Trademark

from . import awards, documents, rewards, rules, selectors, services, workflow
from . import exports as cv_exports
from . import scoring as scoring_mod
from .models import (
    Application,
    Assignment,
    Expert,
    Material,
    Notification,
    RewardPayment,
    RewardPolicy,
    State,
)

STATE_TAGS = {State.DRAFT: "grey", State.COUNTY: "blue", State.CITY: "blue", State.DOC_REVIEW: "blue",
              State.SITE_REVIEW: "blue", State.NOTICE: "orange", State.RECOMMENDED: "blue", State.RECOGNISED: "green",
              State.REJECTED: "red", State.NOT_RECOGNISED: "red"}


def _errors(exc) -> list[str]:
    return list(getattr(exc, "messages", None) or [str(exc)])


def _flash(request, exc) -> None:
    for msg in _errors(exc):
        messages.error(request, msg)


def _num(value) -> int:
    """A posted id, or 0 (matches nothing) when it is not a number."""
    value = (value or "").strip()
    return int(value) if value.isdecimal() else 0


def _is_city(user) -> bool:
    return user.is_superuser or user.role == Role.CITY_ADMIN


def _page(request, qs, default=20):
    size = request.GET.get("page_size", str(default))
    size = int(size) if size in ("20", "50", "100") else default
    page = get_page(Paginator(qs, size), request.GET.get("page"))
    return page, size


def _place(request) -> str:
    """The region an export covers (its file name): the `region` filtered on, else the user's."""
    code = (request.GET.get("region") or "").strip()
    return exports.place_of(request.user, find_region(code) if code else None)


@login_required
def index(request):
    """培育概览: applications by program and stage in the user's scope, each figure a link to them.
    An expert or an enterprise has its own page (我的评审任务, 本企业); a department has no applications."""
    from qualitybrand.core.selection import selected_year

    user = request.user
    if not user.is_superuser and user.role not in (Role.CITY_ADMIN, Role.COUNTY, Role.LEADER):
        return redirect({Role.EXPERT: "core:my_reviews", Role.ENTERPRISE: "core:my_company"}.get(
            user.role, "cultivation:calls"))
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdecimal() and len(raw) == 4 else selected_year(request)
    data = selectors.overview(user, year, fallback=not raw)
    return render(request, "cultivation/index.html", {
        **data, "tags": STATE_TAGS, "pending": selectors.pending_for(user),
        "open_calls": selectors.open_calls_for(user).count(), "is_city": _is_city(user)})


# --- calls -------------------------------------------------------------------------------------

@login_required
def calls(request):
    form = {}
    if request.method == "POST":
        form = request.POST
        try:
            programs = list(Program.objects.filter(code__in=request.POST.getlist("programs")))
            opening = _parse_date(request.POST.get("opening"), "开始日期")
            closing = _parse_date(request.POST.get("closing"), "截止日期")
            year = request.POST.get("year", "")
            if not year.isdecimal():
                raise ValidationError(f"认定年度“{year}”应为四位年份。")
            services.create_call(request.user, name=request.POST.get("name", ""), year=int(year), opening=opening,
                                 closing=closing, programs=programs, notes=request.POST.get("notes", ""))
            messages.success(request, "申报批次已发布。")
            return redirect("cultivation:calls")
        except (ValidationError, PermissionDenied) as exc:
            _flash(request, exc)
    today = clock.today()
    rows = list(selectors.calls_for(request.user))
    per_call = dict(Application.objects.for_user(request.user).order_by().values_list("call_id").annotate(
        n=Count("id")))
    for call in rows:
        call.visible_count = per_call.get(call.pk, 0)
    counts = selectors.state_counts(Application.objects.for_user(request.user))
    return render(request, "cultivation/calls.html", {
        "calls": rows, "today": today, "is_city": _is_city(request.user), "form": form,
        "programs": Program.objects.filter(is_open=True), "counts": counts})


def _parse_date(value, label):
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        raise ValidationError(f"{label}“{value or ''}”无效：应为 YYYY-MM-DD 格式的日期。") from None


@login_required
def call_document(request, pk, kind, fmt):
    call = get_object_or_404(selectors.calls_for(request.user), pk=pk)
    if kind == "recommendation":
        data = documents.recommendation_docx(request.user, call) if fmt == "docx" else \
            documents.recommendation_xlsx(request.user, call)
        name = f"{call.year}年度推荐名单.{fmt}"
    else:
        data = documents.award_notice_docx(request.user, call) if fmt == "docx" else \
            documents.award_notice_xlsx(request.user, call)
        name = f"{call.year}年度政府质量奖评审结果.{fmt}"
    ctype = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document" if fmt == "docx" else
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(data, content_type=ctype)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# --- applications ------------------------------------------------------------------------------

@login_required
def applications(request):
    user = request.user
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdecimal()]
        if not ids:
            messages.error(request, "请先勾选要办理的申报。")
        else:
            try:
                result = services.bulk_transition(user, ids, request.POST.get("action", ""),
                                                  request.POST.get("comment", ""))
                if result["done"]:
                    messages.success(request, f"已{request.POST.get('action')} {len(result['done'])} 件申报。")
                for r in result["refused"]:
                    messages.error(request, f"申报 {r['id']}：{r['message']}")
            except (ValidationError, PermissionDenied) as exc:
                _flash(request, exc)
        return redirect(request.get_full_path())
    qs = selectors.applications_for(user, request.GET)
    fmt = exports.export_format(request)
    if fmt:
        return exports.export_response(fmt, "申报审核", cv_exports.APPLICATIONS, qs, place=_place(request),
                                       filters=cv_exports.application_filters(request.GET, selectors.calls_for(user)))
    page, size = _page(request, qs)
    return render(request, "cultivation/applications.html", {
        "page": page, "page_size": size, "states": State.choices, "params": request.GET,
        "counts": selectors.state_counts(Application.objects.for_user(user)),
        "programs": Program.objects.all(), "calls": selectors.calls_for(user),
        "is_city": _is_city(user), "bulk_actions": workflow.BULK_ACTIONS, "tags": STATE_TAGS,
        "can_apply": user.role in (Role.ENTERPRISE, Role.COUNTY, Role.CITY_ADMIN) or user.is_superuser})


@login_required
def application_new(request):
    user = request.user
    open_calls = list(selectors.open_calls_for(user))
    form = request.POST if request.method == "POST" else request.GET
    entity = None
    if user.role == Role.ENTERPRISE:
        entity = user.entity
    elif form.get("entity"):
        entity = Entity.objects.for_user(user).filter(uscc=form.get("entity", "").strip().upper()).first()
    trademarks = list(Trademark.objects.for_user(user).filter(holder=entity, registered__isnull=False)) if entity \
        else []
    if request.method == "POST":
        try:
            call = next((c for c in open_calls if str(c.pk) == form.get("call")), None)
            if call is None:
                raise ValidationError("请选择一个正在受理的申报批次。")
            program = Program.objects.filter(code=form.get("program")).first()
            if program is None:
                raise ValidationError("请选择申报项目。")
            if entity is None:
                raise ValidationError(f"统一社会信用代码“{form.get('entity', '')}”的主体不存在或不在您的管辖范围内。")
            tm = next((t for t in trademarks if str(t.pk) == form.get("trademark")), None)
            app = services.create_application(user, call=call, program=program, entity=entity, trademark=tm,
                                              product_name=form.get("product_name", ""),
                                              summary=form.get("summary", ""))
            messages.success(request, "申报草稿已保存：请上传佐证材料后提交。")
            return redirect("cultivation:application", pk=app.pk)
        except (ValidationError, PermissionDenied) as exc:
            _flash(request, exc)
    return render(request, "cultivation/application_new.html", {
        "calls": open_calls, "entity": entity, "trademarks": trademarks, "form": form,
        "fixed_entity": user.role == Role.ENTERPRISE})


def _app_or_404(user, pk) -> Application:
    app = Application.objects.for_user(user).select_related("program", "entity", "trademark", "call", "region",
                                                            "recognition").filter(pk=pk).first()
    if app is None:
        raise Http404
    return app


@login_required
def application(request, pk):
    user = request.user
    app = _app_or_404(user, pk)
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "transition":
                services.transition(user, app, request.POST.get("action", ""), request.POST.get("comment", ""))
                messages.success(request, f"已{request.POST.get('action')}。")
            elif op == "upload":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError("请选择要上传的文件。")
                services.add_material(user, app, upload, request.POST.get("kind", ""))
                messages.success(request, f"已上传“{upload.name}”。")
            elif op == "edit":
                services.update_draft(user, app, summary=request.POST.get("summary", ""),
                                      product_name=request.POST.get("product_name"))
                messages.success(request, "草稿已保存。")
            elif op == "check":
                results = rules.evaluate_one(app.program, app.entity_id, app.trademark_id, app.product_name,
                                             clock.today())
                request.session[f"cv_check_{app.pk}"] = results
            elif op == "assign":
                expert = Expert.objects.filter(pk=_num(request.POST.get("expert"))).first()
                if expert is None:
                    raise ValidationError("请选择专家。")
                awards.assign_expert(user, app, expert)
                messages.success(request, f"已分配专家{expert.name}。")
            return redirect("cultivation:application", pk=app.pk)
        except (ValidationError, PermissionDenied) as exc:
            _flash(request, exc)
            app = _app_or_404(user, pk)
    check = request.session.pop(f"cv_check_{app.pk}", None) if request.method == "GET" else None
    results = app.rule_results or check or []
    scored = rules.is_scored(app.program)
    assignments = selectors.visible_assignments(user, app) if scored else []
    return render(request, "cultivation/application.html", {
        "app": app, "actions": services.available_actions(user, app),
        "credit_notes": selectors.restriction_notes(app, clock.today()),
        "payments": RewardPayment.objects.for_user(user).filter(recognition_id=app.recognition_id)
        if app.recognition_id else [], "timeline": selectors.timeline(app),
        "materials": app.materials.all(), "material_kinds": Material.KINDS, "results": results,
        "results_are_check": bool(check) and not app.rule_results, "path": _path(app), "today": clock.today(),
        "tags": STATE_TAGS, "scored": scored, "assignments": assignments, "min_score": rules.min_score_of(app.program),
        "experts": Expert.objects.filter(active=True).exclude(assignments__application=app)
        if _is_city(user) and app.state == State.DOC_REVIEW else [],
        "editable": app.state == State.DRAFT and Application.objects.for_user(user, "change").filter(
            pk=app.pk).exists(),
        "max_mb": services.MAX_MATERIAL_BYTES // 1048576, "types": "、".join(sorted(services.MATERIAL_TYPES))})


def _path(app) -> list[tuple[str, str]]:
    states = workflow.states_for(app.program)
    if app.state not in states:
        return [(s, "") for s in states] + [(app.state, "now")]
    at = states.index(app.state)
    return [(s, "done" if i < at else "now" if i == at else "") for i, s in enumerate(states)]


@login_required
def material(request, pk, mid):
    app = _app_or_404(request.user, pk)
    item = get_object_or_404(Material, pk=mid, application=app)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    ctype = mimetypes.guess_type(item.original_name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=ctype)


# --- inbox -------------------------------------------------------------------------------------

@login_required
def inbox(request):
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdecimal()]
        n = services.mark_read(request.user, ids or None)
        messages.success(request, f"已将 {n} 条消息标为已读。")
        return redirect("cultivation:inbox")
    qs = Notification.objects.for_user(request.user).select_related("application")
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page, size = _page(request, qs)
    return render(request, "cultivation/inbox.html", {
        "page": page, "page_size": size, "unread": selectors.unread_count(request.user),
        "pending": selectors.pending_for(request.user), "params": request.GET})


@login_required
def open_notification(request, pk):
    note = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.mark_read(request.user, [note.pk])
    return redirect(note.url or "cultivation:inbox")


# --- expert scoring ----------------------------------------------------------------------------

@login_required
def scoring(request):
    rows = Assignment.objects.for_user(request.user).select_related("application__entity", "application__program",
                                                                    "expert")
    fmt = exports.export_format(request)
    if fmt:
        return exports.export_response(fmt, "专家评审", cv_exports.scoring_columns(request.user.role == Role.EXPERT),
                                       rows.order_by("id"), place=_place(request))
    return render(request, "cultivation/scoring.html", {"rows": rows, "is_expert": request.user.role == Role.EXPERT})


@login_required
def score(request, pk):
    assignment = Assignment.objects.for_user(request.user).select_related(
        "application__entity", "application__program", "expert").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    own = assignment.expert.user_id == request.user.pk
    values = dict(assignment.scores)
    if request.method == "POST":
        if not own:
            raise PermissionDenied("您未被分配评审该申报，不能打分。")
        values = {k[4:]: v for k, v in request.POST.items() if k.startswith("pct_") and v != ""}
        try:
            awards.save_scores(request.user, assignment, values, submit=request.POST.get("op") == "submit")
            messages.success(request, "评分已提交。" if request.POST.get("op") == "submit" else "评分已暂存。")
            return redirect("cultivation:score", pk=assignment.pk)
        except (ValidationError, PermissionDenied) as exc:
            _flash(request, exc)
    assignment.refresh_from_db()
    app = assignment.application
    return render(request, "cultivation/score.html", {
        "a": assignment, "app": app, "rows": selectors.scheme_rows(assignment.scheme, values),
        "own": own, "locked": assignment.submitted_at is not None, "steps": list(range(0, 101, 5)),
        "others": [x for x in selectors.visible_assignments(request.user, app) if x.pk != assignment.pk],
        "scheme": scoring_mod.load_scheme(assignment.scheme)})


@login_required
def experts(request):
    """The expert pool and declared conflicts (city office; an expert declares its own conflicts)."""
    from qualitybrand.accounts.models import User

    user = request.user
    if not (_is_city(user) or user.role == Role.EXPERT):
        raise PermissionDenied("只有市级管理员和评审专家可以查看专家库。")
    own = Expert.objects.filter(user=user).first()
    if request.method == "POST":
        try:
            if request.POST.get("op") == "add":
                candidate = User.objects.filter(pk=_num(request.POST.get("user")), role=Role.EXPERT).first()
                if candidate is None:
                    raise ValidationError("请选择一个角色为评审专家的用户。")
                awards.save_expert(user, user=candidate, name=request.POST.get("name", "").strip() or str(candidate),
                                   specialty=request.POST.get("specialty", ""),
                                   organisation=request.POST.get("organisation", ""))
                messages.success(request, "专家已加入专家库。")
            else:
                expert = own if user.role == Role.EXPERT else Expert.objects.filter(
                    pk=_num(request.POST.get("expert"))).first()
                if expert is None:
                    raise ValidationError("请选择专家。")
                uscc = request.POST.get("uscc", "").strip().upper()
                entity = Entity.objects.filter(uscc=uscc).first()
                if entity is None:
                    raise ValidationError(f"统一社会信用代码“{uscc}”的主体不存在：请输入 18 位统一社会信用代码。")
                awards.declare_conflict(user, expert, entity, request.POST.get("reason", ""))
                messages.success(request, f"已登记{expert.name}对{entity.name}的回避。")
            return redirect("cultivation:experts")
        except (ValidationError, PermissionDenied) as exc:
            _flash(request, exc)
    pool = Expert.objects.select_related("user").prefetch_related("declared_conflicts__entity")
    if user.role == Role.EXPERT:
        pool = pool.filter(user=user)
    return render(request, "cultivation/experts.html", {
        "pool": pool, "is_city": _is_city(user), "own": own,
        "free_users": User.objects.filter(role=Role.EXPERT, expert_profile__isnull=True) if _is_city(user) else []})


# --- pipeline ----------------------------------------------------------------------------------

@login_required
def pipeline(request):
    user = request.user
    regions = scope_regions(user).exclude(kind="乡镇街道").filter(depth__lte=2)
    root = regions.filter(code=request.GET.get("region")).first() if request.GET.get("region") else None
    root = root or (user.region if user.region_id else regions.order_by("depth").first())
    rows = selectors.pipeline(user, root) if root else []
    programs = Program.objects.filter(is_open=True)
    program = programs.filter(code=request.GET.get("program")).first()
    weights = {}
    for key, default in selectors.DEFAULT_WEIGHTS.items():
        raw = request.GET.get(f"w_{key}", "")
        try:
            weights[key] = float(raw) if raw != "" else default
        except ValueError:
            messages.error(request, f"{selectors.CRITERIA_LABELS[key]}的权重“{raw}”不是数字，已按默认值 {default} 计算。")
            weights[key] = default
    fmt = exports.export_format(request)
    if fmt:
        return exports.export_response(fmt, "梯次培育", cv_exports.PIPELINE, rows, place=root.name if root else "",
                                       filters=[("区划", f"{root.name}（{root.code}）")] if root else [])
    screened = selectors.screen_candidates(user, program, root, weights=weights) if program and root else []
    grouped = {program: (group, selectors.pipeline_totals(group))
               for program, group in selectors.group_by(rows, lambda r: r["program"]).items()}
    return render(request, "cultivation/pipeline.html", {
        "grouped": grouped.items(), "root": root, "regions": regions, "programs": programs, "program": program,
        "screened": screened, "weights": weights, "labels": selectors.CRITERIA_LABELS,
        "next_year": clock.today().year + 1, "today": clock.today(),
        "short": sum(1 for r in rows if r["short"])})


# --- rewards -----------------------------------------------------------------------------------

@login_required
def rewards_page(request):
    user = request.user
    if request.method == "POST":
        try:
            if request.POST.get("op") == "generate":
                year = request.POST.get("year", "")
                if not year.isdecimal():
                    raise ValidationError(f"年度“{year}”应为四位年份。")
                created = rewards.generate_rewards(user, int(year))
                messages.success(request, f"已生成 {len(created)} 笔应付奖励，共 "
                                          f"{sum(p.amount for p in created):.2f} 万元。")
            else:
                ids = [int(i) for i in request.POST.getlist("ids") if i.isdecimal()]
                if not ids:
                    raise ValidationError("请先勾选要拨付的奖励。")
                budget = request.POST.get("budget_year", "")
                if not budget.isdecimal():
                    raise ValidationError(f"预算年度“{budget}”应为四位年份。")
                outcome = rewards.pay_or_hold(user, ids, budget_year=int(budget),
                                              paid_on=_parse_date(request.POST.get("paid_on"), "拨付日期"))
                if outcome.paid or not outcome.held:
                    messages.success(request, f"已登记拨付 {outcome.paid} 笔。")
                for payment, reason in outcome.held:
                    messages.warning(request, f"{payment.entity.name} {payment.year} 年度奖励暂缓拨付：{reason}")
        except (ValidationError, PermissionDenied) as exc:
            _flash(request, exc)
        return redirect(request.get_full_path())
    qs = selectors.reward_payments_for(user, request.GET)
    fmt = exports.export_format(request)
    if fmt:
        return exports.export_response(fmt, "奖励资金", cv_exports.REWARDS, qs, place=_place(request),
                                       filters=cv_exports.reward_filters(request.GET))
    page, size = _page(request, qs, 50)
    # 应付 rows a reward.pay rule would hold today: marked before anyone tries (one query for the page)
    would_hold = selectors.reward_holds(page.object_list)
    totals = selectors.reward_totals(user, request.GET)
    by_year: dict[int, dict] = {}
    for t in totals:
        y = by_year.setdefault(t["year"], {"amount": 0, "count": 0, "paid": 0})
        y["amount"] += t["amount"]
        y["count"] += t["count"]
        y["paid"] += t["paid"]
    return render(request, "cultivation/rewards.html", {
        "page": page, "page_size": size, "would_hold": would_hold, "totals": totals, "by_year": sorted(by_year.items(), reverse=True),
        "by_program": selectors.reward_totals_by_program(user, request.GET), "params": request.GET,
        "is_city": _is_city(user), "statuses": RewardPayment.Status.choices, "today": clock.today(),
        "years": sorted({t["year"] for t in totals}, reverse=True),
        "policies": RewardPolicy.objects.select_related("program")})
