"""Pages of the follow-ups (抽查后处理): the worklist with bulk notices and its export, a batch's
follow-up (timeline, documents, the step forms) and the deadline settings. Every write goes through
services_followup; a refusal comes back as its Chinese message and changes nothing."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qualitybrand.core import clock, exports
from qualitybrand.core.filtering import find_region, parse_iso_date
from qualitybrand.core.roles import CHANGE, Role
from qualitybrand.core.scoping import has_scoped_role, region_in_scope, regions_in_scope
from qualitybrand.core.selectors import history_for
from qualitybrand.supervision import followup as fw
from qualitybrand.supervision import selectors_followup as sel
from qualitybrand.supervision import services_followup as svc
from qualitybrand.supervision.models import Case, DayKind, DeadlineStep, FollowUpDocument, FollowUpStatus
from qualitybrand.supervision.views_repair import TYPES_TEXT, _file, _flash, _paging

# the menu shows 抽查后处理 to every office role (core/navigation.py): a department reads, never acts
ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER, Role.ENTERPRISE}


def _allowed(user) -> None:
    if not (user.is_superuser or getattr(user, "role", "") in ROLES):
        raise PermissionDenied("您的角色不办理抽查后处理。")


class Filters:
    """The worklist's filters read from the query string (bad values are ignored, never an error)."""

    def __init__(self, request):
        g = request.GET
        self.status = g.get("status", "") if g.get("status", "") in FollowUpStatus.values else ""
        self.overdue = g.get("overdue") == "1"
        raw_year = g.get("year", "")
        self.year = int(raw_year) if raw_year.isdecimal() and 1990 <= int(raw_year) <= 2100 else None
        self.product = (g.get("product") or "").strip()[:50]
        self.historical = g.get("historical", "") if g.get("historical", "") in sel.HISTORICAL_CHOICES else ""
        region = find_region(g.get("region", ""))
        self.region = region if region is not None and region_in_scope(request.user, region) else None
        raw_entity = g.get("entity", "")
        self.entity = None
        if raw_entity.isdecimal() and len(raw_entity) < 19:  # only the user's own entities: a scoped read
            from qualitybrand.registry.models import Entity

            self.entity = Entity.objects.for_user(request.user).filter(pk=int(raw_entity)).first()

    def kwargs(self) -> dict:
        return {"status": self.status, "overdue": self.overdue, "year": self.year, "product": self.product,
                "region": self.region, "entity_id": self.entity.pk if self.entity else None,
                "historical": self.historical}

    def described(self) -> list[tuple[str, str]]:
        out = [("状态", self.status)] if self.status else []
        out += [("只看逾期", "是")] if self.overdue else []
        out += [("年度", str(self.year))] if self.year else []
        out += [("产品", self.product)] if self.product else []
        out += [("区划", self.region.name)] if self.region else []
        out += [("被抽查单位", self.entity.name)] if self.entity else []
        out += [("历史批次", sel.HISTORICAL_CHOICES[self.historical])] if self.historical else []
        return out


def _region_choices(user) -> list:
    """The city and its counties for the region filter (a county alone needs no choice)."""
    regions = [r for r in regions_in_scope(user) if r.kind in ("区", "县", "市")]
    return regions if len(regions) > 1 else []


def _deadline_text(row) -> str:
    if row.due is None:
        return ""
    if row.days_left is None:
        return row.due.isoformat()
    if row.days_left < 0:
        return f"{row.due.isoformat()}（逾期 {-row.days_left} 个工作日）"
    return f"{row.due.isoformat()}（剩 {row.days_left} 个工作日）"


EXPORT_COLUMNS = [
    exports.Column("抽检编号", lambda r: r.inspection.number, "text"),
    exports.Column("被抽查单位", lambda r: r.inspection.entity.name, "text"),
    exports.Column("统一社会信用代码", lambda r: r.inspection.entity.uscc, "text"),
    exports.Column("产品类别", lambda r: r.inspection.product_category, "text"),
    exports.Column("抽样日期", lambda r: r.inspection.sampled, "date"),
    exports.Column("不合格项目", lambda r: r.inspection.failed_items, "text"),
    exports.Column("状态", lambda r: r.label, "text"),
    exports.Column("处理期限", lambda r: r.due, "date"),
    exports.Column("期限情况", lambda r: ("逾期" if r.overdue else "") if r.due else "未设期限", "text"),
    exports.Column("通知日期", lambda r: r.followup.notice_date if r.followup else None, "date"),
    exports.Column("整改报告日期", lambda r: r.followup.report_date if r.followup else None, "date"),
    exports.Column("复查日期", lambda r: r.followup.recheck_date if r.followup else None, "date"),
    exports.Column("复查结果", lambda r: r.followup.recheck_result if r.followup else "", "text"),
    exports.Column("关联案件", lambda r: r.followup.case.number if r.followup and r.followup.case else "", "text"),
    exports.Column("办结日期", lambda r: r.followup.closed if r.followup else None, "date"),
    exports.Column("区划", lambda r: r.inspection.region.name, "text"),
    exports.Column("区划代码", lambda r: r.inspection.region.code, "text"),
]


@login_required
def followup_list(request):
    _allowed(request.user)
    filters = Filters(request)
    qs = sel.followup_rows(request.user, **filters.kwargs())
    fmt = exports.export_format(request)
    today = clock.today()
    if fmt:
        with clock.held():
            rows = sel.rows_of(qs, today)
        return exports.export_response(fmt, "抽查后处理", EXPORT_COLUMNS, rows, filters=filters.described(),
                                       place=exports.place_of(request.user, filters.region))
    paging = _paging(request, qs)
    rows = sel.rows_of(paging["page_obj"], today)
    is_office = has_scoped_role(request.user, {Role.CITY_ADMIN, Role.COUNTY})
    start = fw.tracking_start()
    return render(request, "supervision/followup_list.html", {
        "tracking_start": start, "historical_total": sel.historical_count(request.user) if start else 0,
        "historical_choices": sel.HISTORICAL_CHOICES.items(),
        **paging, "rows": [(r, _deadline_text(r)) for r in rows], "f": filters, "statuses": FollowUpStatus.values,
        "regions": _region_choices(request.user) if is_office else [],
        "is_office": is_office, "is_city": has_scoped_role(request.user, {Role.CITY_ADMIN}),
        "overdue_total": sel.overdue_count(request.user, today), "page": {"unit": "批次"}, "today": today,
        "export_query": request.GET.urlencode(), "zip_url": request.session.pop("followup_zip", ""),
    })


@require_POST
@login_required
def bulk_notices(request):
    """下达整改通知 for the ticked batches: all or none; then the list offers the .zip of the notices."""
    _allowed(request.user)
    ids = [x for x in request.POST.getlist("ids") if x.isdecimal()]
    batches = list(sel.failed_batches(request.user).filter(pk__in=ids))
    back = reverse("supervision:followup-list") + ("?" + request.POST["query"] if request.POST.get("query") else "")
    try:
        done = svc.issue_notices(request.user, batches)
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
        return redirect(back)
    zip_url = reverse("supervision:followup-notices-zip") + "?ids=" + ",".join(str(f.inspection_id) for f in done)
    messages.success(request, f"已下达 {len(done)} 份责令整改通知书。")
    request.session["followup_zip"] = zip_url
    return redirect(back)


@login_required
def notices_zip(request):
    """The 责令整改通知书 of the given batches in one .zip (those the user may see)."""
    _allowed(request.user)
    ids = [x for x in (request.GET.get("ids") or "").split(",") if x.isdecimal()][:500]
    docs = (FollowUpDocument.objects.filter(kind="责令整改通知书", followup__inspection__in=sel.failed_batches(
        request.user).filter(pk__in=ids)).select_related("followup__inspection").order_by("id"))
    buf = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for d in docs:
            try:
                with d.file.open("rb") as handle:
                    z.writestr(d.original_name, handle.read())
                    count += 1
            except FileNotFoundError:
                continue
    if not count:
        raise Http404("没有可下载的责令整改通知书。")
    response = HttpResponse(buf.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = exports.content_disposition(
        exports.file_name("责令整改通知书", exports.place_of(request.user), "zip"))
    return response


def _batch_or_404(user, pk):
    i = sel.followup_for(user, pk)
    if i is None:
        raise Http404("未找到该不合格批次。")
    return i


def _post_step(request, i):
    action, p = request.POST.get("action", ""), request.POST
    if action == fw.NOTICE:
        svc.issue_notice(request.user, i)
        return "已下达责令整改通知书。"
    if action == fw.REPORT:
        svc.submit_report(request.user, i, request.FILES.get("file"), note=p.get("comment", ""))
        return "整改报告已提交，等待复查。"
    if action == "登记复查":
        on = parse_iso_date(p["recheck_date"], ValidationError) if p.get("recheck_date") else None
        svc.record_recheck(request.user, i, p.get("result", ""), on=on, items=p.get("items", ""),
                           comment=p.get("comment", ""), upload=request.FILES.get("file"))
        return "复查结果已登记。"
    if action == fw.CASE:
        case = None
        if p.get("case"):
            case = (Case.objects.for_user(request.user, CHANGE).filter(pk=p["case"]).first()
                    if p["case"].isdecimal() and len(p["case"]) < 19 else None)
            if case is None:
                raise ValidationError("所选案件不存在。")
        svc.open_case(request.user, i, case=case, number=p.get("number", ""),
                      case_type=p.get("case_type", "质量违法"), comment=p.get("comment", ""))
        return "已立案，后处理办结。"
    if action == fw.CLOSE:
        svc.close_followup(request.user, i, p.get("comment", ""))
        return "已结案。"
    raise ValidationError(f"未知的操作“{action}”。")


@login_required
def followup_detail(request, pk):
    _allowed(request.user)
    i = _batch_or_404(request.user, pk)
    status = 200
    if request.method == "POST":
        try:
            messages.success(request, _post_step(request, i))
            return redirect(reverse("supervision:followup-detail", args=[i.pk]))
        except ValidationError as exc:  # a refusal of rights answers 403 with its message
            _flash(request, exc)
            status = 400
            i = _batch_or_404(request.user, pk)
    row = sel.row_of(i)
    f = row.followup
    settings = fw.settings_map()
    actions = svc.available_actions(request.user, i)
    problem = ""
    if row.status in fw.OPEN_STATES and row.due is None:
        start = {fw.S.AWAITING_NOTICE: i.sampled}.get(row.status) or (
            f and {fw.S.RECTIFYING: f.notice_date, fw.S.AWAITING_RECHECK: f.report_date,
                   fw.S.RECHECK_FAILED: f.recheck_date}.get(row.status))
        problem = fw.due_problem(start, fw.STATE_DEADLINE[row.status], settings)
    return render(request, "supervision/followup_detail.html", {
        "i": i, "row": row, "f": f, "deadline_text": _deadline_text(row), "due_problem": problem,
        "actions": actions, "steps": list(f.steps.all()) if f else [],
        "documents": list(f.documents.all()) if f else [],
        "cases": (list(Case.objects.for_user(request.user, CHANGE).filter(party=i.entity).order_by("-opened")[:50])
                  if fw.CASE in actions else []),
        "case_types": [c for c, _ in Case._meta.get_field("case_type").choices],
        "history": history_for(f) if f else None, "types_text": TYPES_TEXT, "path": _path(row.status),
        "today": clock.today(), "tracking_start": fw.tracking_start() if row.historical else None,
    }, status=status)


def _path(status: str) -> list[tuple[str, str]]:
    order = [fw.S.AWAITING_NOTICE, fw.S.RECTIFYING, fw.S.AWAITING_RECHECK]
    last = status if status in (fw.S.RECHECK_PASSED, fw.S.RECHECK_FAILED, fw.S.CASE_OPENED, fw.S.CLOSED) else "复查"
    steps = [*order, last]
    if status in (fw.S.CASE_OPENED, fw.S.CLOSED):
        steps = [*order, fw.S.RECHECK_FAILED, status]
    here = steps.index(status) if status in steps else len(steps) - 1
    return [(s, "done" if k < here else "current" if k == here else "") for k, s in enumerate(steps)]


@login_required
def followup_document(request, pk, doc):
    _allowed(request.user)
    i = _batch_or_404(request.user, pk)
    return _file(get_object_or_404(FollowUpDocument, pk=doc, followup__inspection=i))


@login_required
def followup_settings(request):
    """The deadline of each step (data): everyone working follow-ups reads it, the city office edits it."""
    _allowed(request.user)
    is_city = has_scoped_role(request.user, {Role.CITY_ADMIN})
    status = 200
    if request.method == "POST" and request.POST.get("form") == "start":
        if not is_city:
            raise PermissionDenied("只有市级管理员可以设置抽查后处理的跟踪起始日期。")
        raw = (request.POST.get("start") or "").strip()
        try:
            svc.set_tracking_start(request.user, parse_iso_date(raw, ValidationError) if raw else None)
            messages.success(request, f"跟踪起始日期已保存：{raw}。" if raw else "已取消跟踪起始日期：全部不合格批次纳入跟踪。")
            return redirect("supervision:followup-settings")
        except ValidationError as exc:
            _flash(request, exc)
            status = 400
    elif request.method == "POST":
        if not is_city:
            raise PermissionDenied("只有市级管理员可以设置抽查后处理的期限。")
        step, raw = request.POST.get("step", ""), (request.POST.get("days") or "").strip()
        try:
            if raw and not raw.isdecimal():
                raise ValidationError(f"{step}期限应为 1 到 {svc.MAX_DAYS} 之间的整数（天），不设期限请留空。")
            svc.set_deadline(request.user, step, int(raw) if raw else None, request.POST.get("day_kind", ""))
            messages.success(request, f"{step}期限已保存，对此后办理的环节生效。")
            return redirect("supervision:followup-settings")
        except ValidationError as exc:
            _flash(request, exc)
            status = 400
    current = fw.settings_map()
    from qualitybrand.supervision.models import FollowUpSetting, FollowUpTracking

    rows = [{"step": s, "days": current[s][0], "kind": current[s][1], "base": fw.BASES[s],
             "obj": FollowUpSetting.objects.filter(step=s).first()} for s in DeadlineStep.values]
    return render(request, "supervision/followup_settings.html", {
        "rows": rows, "kinds": DayKind.values, "is_city": is_city, "max_days": svc.MAX_DAYS,
        "tracking_start": fw.tracking_start(),
        "history": history_for(tracking) if (tracking := FollowUpTracking.objects.first()) else None,
    }, status=status)
