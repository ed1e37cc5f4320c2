"""Pages of a round: overview, a subject's items (a region, department, town or enterprise), self-evaluation, disputes, review, finalising,
the notice and rectification tasks."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core import clock
from qualitybrand.core import exports as list_exports
from qualitybrand.planning import exports, selectors, services, values, visibility
from qualitybrand.planning.models import (
    Dispute,
    Evidence,
    ManualScore,
    RectificationTask,
    Round,
    SelfEvaluation,
)
from qualitybrand.planning.views import RULE_LABELS, _download, drill_url


def _round(request, pk) -> Round:
    rnd = visibility.rounds_for_user(request.user).filter(pk=pk).first()
    if rnd is None:
        raise Http404
    return rnd


def _assessed_subject(request, rnd: Round, key: str, page: bool = True):
    """The assessed subject a round page or action names; anything not assessed is 404, and so is
    the page of a subject the user may not see (another county's, department's or enterprise's).
    An action (page=False) is refused by its service (403) as before."""
    subject = visibility.round_subject(rnd, key)
    if subject is None or (page and not visibility.may_see(request.user, rnd, subject)):
        raise Http404
    return subject


def _errors(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def _results(rnd: Round):
    """(results as dicts, error). Frozen rounds read their snapshot; open rounds compute now."""
    if rnd.is_frozen:
        return rnd.snapshot["results"], None
    try:
        a = services.live_assessment(rnd)
    except selectors.AssessmentError as exc:
        return [], str(exc)
    return services.freeze(a, rnd)["results"], None


def with_item_names(rnd, disputes) -> list:
    """Disputes with `item_name` beside their item code (a page never shows “A1” alone) and
    `subject_name` (the department's, town's or enterprise's name)."""
    names = {i["code"]: i.get("name", "") for i in rnd.document["items"] + (rnd.document.get("vetoes") or [])}
    subjects = {s.key: s.name for s in visibility.round_subjects(rnd)}
    out = list(disputes)
    for d in out:
        d.item_name = names.get(d.item_code, "")
        d.subject_name = subjects.get(d.subject) or d.region.name
    return out


@login_required
def round_detail(request, pk):
    rnd = _round(request, pk)
    office = services.is_office(request.user, rnd)
    results, error = _results(rnd)
    results = visibility.visible_results(request.user, rnd, results)
    items = rnd.document["items"]
    rows = [{**r, "key": services.subject_key(r), "scores": [r["items"][i["code"]] for i in items]}
            for r in results]
    return render(request, "planning/round.html", {
        "rnd": rnd, "office": office, "rows": rows, "items": items, "error": error,
        "label": visibility.kind_label(rnd), "subjects": visibility.round_subjects(rnd),
        "disputes": with_item_names(rnd, visibility.records_for(request.user, rnd, Dispute.objects.all())
                                    .select_related("region")),
        "today": clock.today(), "late": clock.today() > rnd.deadline,
    })


@login_required
def region_page(request, pk, region):
    """The page of one assessed subject (URL keyword `region` kept: it holds the subject key)."""
    rnd = _round(request, pk)
    subject = _assessed_subject(request, rnd, region)
    reg = subject.region
    office = services.is_office(request.user, rnd)
    results, error = _results(rnd)
    mine = next((r for r in results if services.subject_key(r) == subject.key), None)
    period = selectors.Period.as_of(rnd.as_of)
    selfs = {s.item_code: s for s in SelfEvaluation.objects.filter(round=rnd, subject=subject.key)}
    reviews = {m.item_code: m for m in ManualScore.objects.filter(round=rnd, subject=subject.key)}
    evidence: dict[str, list] = {}
    for ev in Evidence.objects.filter(round=rnd, subject=subject.key):
        evidence.setdefault(ev.item_code, []).append(ev)
    items = []
    for i in rnd.document["items"]:
        value = (mine or {}).get("values", {}).get(i.get("indicator")) if i.get("indicator") else None
        items.append({**i, "rule_label": RULE_LABELS[i["rule"]],
                      "indicator_name": values.indicator_name(i["indicator"]) if i.get("indicator") else "",
                      "unit": values.indicator_unit(i["indicator"]) if i.get("indicator") else "",
                      "value": value, "score": (mine or {}).get("items", {}).get(i["code"]),
                      # a department answers for its region: the drill-down lists that region's records
                      "drill": drill_url(i["indicator"], reg, period) if i.get("indicator")
                      and subject.has_values else None,
                      "self": selfs.get(i["code"]), "review": reviews.get(i["code"]),
                      "files": evidence.get(i["code"], [])})
    whatif = None
    if request.method == "POST" and "whatif" in request.POST:
        overrides = {}
        for i in rnd.document["items"] + (rnd.document.get("vetoes") or []):
            raw = request.POST.get(f"v-{i.get('indicator')}", "").strip() if i.get("indicator") else ""
            if raw:
                from qualitybrand.planning.documents import number

                parsed = number(raw)
                if parsed is None:
                    messages.error(request, f"假设值 “{raw}” 不是数字：请填写数值，例如 95.5。")
                else:
                    overrides[i["indicator"]] = parsed
        if overrides:
            try:
                res, _ = services.what_if(rnd, subject.key, overrides)
                whatif = {"result": res, "changes": [
                    f"{values.indicator_name(code)} = {v} {values.indicator_unit(code)}".strip()
                    for code, v in overrides.items()]}
            except selectors.AssessmentError as exc:
                messages.error(request, str(exc))
    can_self = not rnd.is_frozen and (office or visibility.speaks_for(request.user, rnd, subject.key, reg))
    indicators = []
    for i in rnd.document["items"] + (rnd.document.get("vetoes") or []):
        ind = i.get("indicator")
        if ind and ind not in {x[0] for x in indicators}:
            indicators.append((ind, values.indicator_name(ind), (mine or {}).get("values", {}).get(ind),
                               values.indicator_unit(ind)))
    return render(request, "planning/region.html", {
        "rnd": rnd, "region": reg, "subject": subject, "label": visibility.kind_label(rnd), "mine": mine, "items": items, "office": office, "error": error,
        "can_self": can_self, "reviewer": services.is_reviewer(request.user, rnd), "late": clock.today() > rnd.deadline, "whatif": whatif, "indicators": indicators,
        "disputes": with_item_names(rnd, Dispute.objects.filter(round=rnd, subject=subject.key)),
    })


@login_required
@require_POST
def self_evaluate(request, pk, region):
    rnd = _round(request, pk)
    subject = _assessed_subject(request, rnd, region, page=False)
    try:
        services.submit_self_evaluation(request.user, rnd, subject, request.POST.get("item", ""),
                                        request.POST.get("score", ""), request.POST.get("explanation", ""),
                                        request.FILES.getlist("files"))
        messages.success(request, "自评已提交。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("planning:region", pk=pk, region=region)


@login_required
@require_POST
def dispute(request, pk, region):
    rnd = _round(request, pk)
    subject = _assessed_subject(request, rnd, region, page=False)
    try:
        services.raise_dispute(request.user, rnd, subject, request.POST.get("item", ""), request.POST.get("records", ""),
                               request.POST.get("reason", ""))
        messages.success(request, "异议已提交，市级管理员将核实并通过台账更正。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("planning:region", pk=pk, region=region)


@login_required
@require_POST
def answer_dispute(request, pk, dispute_id):
    rnd = _round(request, pk)
    d = Dispute.objects.filter(round=rnd, pk=dispute_id).first()
    if d is None:
        raise Http404
    try:
        services.answer_dispute(request.user, d, request.POST.get("state", ""), request.POST.get("reply", ""))
        messages.success(request, "异议已答复。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("planning:round", pk=pk)


@login_required
@require_POST
def review(request, pk, region):
    rnd = _round(request, pk)
    subject = _assessed_subject(request, rnd, region, page=False)
    try:
        services.score_manual(request.user, rnd, subject, request.POST.get("item", ""), request.POST.get("score", ""),
                              request.POST.get("comment", ""))
        messages.success(request, "评分已保存。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("planning:region", pk=pk, region=region)


@login_required
def evidence_download(request, pk):
    ev = Evidence.objects.filter(pk=pk).select_related("round__region", "region").first()
    if ev is None:
        raise Http404
    office = services.is_office(request.user, ev.round)
    if not office and not (Evidence.objects.for_user(request.user).filter(pk=pk).exists()
                           or visibility.speaks_for(request.user, ev.round, ev.subject, ev.region_id)):
        raise Http404
    try:
        handle = ev.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=ev.original_name)


@login_required
@require_POST
def finalise(request, pk):
    rnd = _round(request, pk)
    try:
        services.finalise_round(request.user, rnd)
        messages.success(request, "考核已定稿：得分、等次、排名和所用指标值已冻结。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("planning:round", pk=pk)


@login_required
def notice(request, pk):
    rnd = _round(request, pk)
    office = services.is_office(request.user, rnd)
    existing = getattr(rnd, "notice", None) if hasattr(rnd, "notice") else None
    if request.method == "POST":
        try:
            services.publish_notice(request.user, rnd, title=request.POST.get("title", ""),
                                    doc_number=request.POST.get("doc_number", ""), body=request.POST.get("body", ""))
            messages.success(request, "通报已发布。")
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("planning:notice", pk=pk)
    if existing is None and not office:
        raise Http404
    losses = services.losses(rnd) if rnd.is_frozen else []
    vetoes = {v["code"]: v["name"] for v in rnd.document.get("vetoes") or []}
    ranking = []
    for r in (rnd.snapshot or {}).get("results", []):
        ranking.append({**r, "veto_names": "、".join(vetoes.get(v, v) for v in r["vetoed"])})
    return render(request, "planning/notice.html", {"rnd": rnd, "notice": existing, "office": office,
                                                    "ranking": ranking, "losses": losses,
                                                    "label": visibility.kind_label(rnd)})


@login_required
def notice_document(request, pk, kind):
    rnd = _round(request, pk)
    existing = getattr(rnd, "notice", None) if hasattr(rnd, "notice") else None
    if existing is None or kind not in ("docx", "xlsx"):
        raise Http404
    losses = services.losses(rnd)
    if kind == "docx":
        return _download(exports.notice_docx(rnd, existing, losses), f"{existing.title}.docx", "docx")
    return _download(exports.notice_xlsx(rnd, losses), f"{existing.title}.xlsx", "xlsx")


@login_required
def tasks(request, pk):
    rnd = _round(request, pk)
    office = services.is_office(request.user, rnd)
    if request.method == "POST":
        from qualitybrand.planning.documents import number, parse_date

        deadline = parse_date(request.POST.get("deadline", ""))
        share = number(request.POST.get("share", "")) if request.POST.get("share") else None
        if deadline is None:
            messages.error(request, "请填写整改期限（YYYY-MM-DD）。")
        elif share is not None and not Decimal(0) < share < Decimal(1):
            messages.error(request, "失分比例应在 0 到 1 之间，例如 0.2。")
        else:
            try:
                made = services.create_rectification_tasks(request.user, rnd, deadline=deadline, share=share,
                                                           owner=request.POST.get("owner", ""))
                messages.success(request, f"已生成 {len(made)} 项整改任务。")
            except ValidationError as exc:
                _errors(request, exc)
        return redirect("planning:tasks", pk=pk)
    qs = visibility.records_for(request.user, rnd, RectificationTask.objects.select_related("region"))
    today = clock.today()
    label = visibility.kind_label(rnd)
    names = {s.key: s.name for s in visibility.round_subjects(rnd)}
    fmt = list_exports.export_format(request)
    if fmt:
        tasks_in_order = list(qs.order_by("region__code", "subject", "id"))
        for t in tasks_in_order:
            t.subject_name = names.get(t.subject, t.region.name)
        return list_exports.export_response(fmt, "整改任务", task_columns(today, label), tasks_in_order,
                                            filters=[("考核", f"{rnd.scheme.name}（{rnd.kind}）")],
                                            place=list_exports.place_of(request.user))
    # the submit form only for whoever may submit (services.submit_rectification): the subject itself
    tasks_list = list(qs)
    for t in tasks_list:
        t.subject_name = names.get(t.subject, t.region.name)
    may_submit = {t.pk for t in tasks_list if request.user.is_superuser
                  or visibility.speaks_for(request.user, rnd, t.subject, t.region_id)}
    return render(request, "planning/tasks.html", {"rnd": rnd, "tasks": tasks_list, "office": office,
                                                   "today": today, "label": label,
                                                   "overdue": [t.pk for t in tasks_list if t.is_overdue(today)],
                                                   "may_submit": may_submit})


def task_columns(today, label: str = "县区") -> list[list_exports.Column]:
    """The rectification tasks as the page lists them (逾期 before the state of a late task); the
    first columns name the subject (县区 and 区划代码 for regions; 部门, 乡镇街道, 企业 and its key)."""
    C = list_exports.Column
    key_label = {"县区": "区划代码", "乡镇街道": "区划代码", "部门": "部门简称", "企业": "统一社会信用代码"}[label]
    return [
        C(label, "subject_name", "text"), C(key_label, "subject", "text"), C("评分项", "item_code", "text"),
        C("评分项名称", "item_name", "text"), C("分值", "points", "number"), C("失分", "lost", "number"),
        C("责任人", "owner", "text"), C("整改期限", "deadline", "date"),
        C("状态", lambda t: f"逾期、{t.state}" if t.is_overdue(today) else t.state, "text"),
        C("整改报告", "closing_report", "text", width=40), C("审核意见", "review_comment", "text", width=30),
        C("完成日期", "closed_at", "date"),
    ]


@login_required
@require_POST
def task_action(request, pk):
    task = RectificationTask.objects.filter(pk=pk).select_related("round__region", "region").first()
    if task is None or not (services.is_office(request.user, task.round)
                            or RectificationTask.objects.for_user(request.user).filter(pk=pk).exists()
                            or visibility.speaks_for(request.user, task.round, task.subject, task.region_id)):
        raise Http404
    try:
        if request.POST.get("action") == "submit":
            services.submit_rectification(request.user, task, request.POST.get("report", ""))
            messages.success(request, "整改报告已提交，等待审核。")
        else:
            services.review_rectification(request.user, task, request.POST.get("action") == "approve",
                                          request.POST.get("comment", ""))
            messages.success(request, "审核意见已保存。")
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, PermissionDenied):
            raise
        _errors(request, exc)
    return redirect("planning:tasks", pk=task.round_id)
