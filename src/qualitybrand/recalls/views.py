"""Pages of recalls: the list (filters, overdue, export), the new-recall form (office) and the detail
page (deadlines, progress, the tree of affected holders, steps, history). Writes are in
views_actions.py through services.py; refusals come back as the service's Chinese message."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from qualitybrand.core import clock, exports
from qualitybrand.core.listing import query_with
from qualitybrand.core.paging import get_page
from qualitybrand.core.roles import VIEW, Role
from qualitybrand.core.scoping import has_scoped_role, region_in_scope, regions_in_scope
from qualitybrand.core.selectors import history_for
from qualitybrand.registry.models import Entity

from . import deadlines as dl
from . import selectors, services
from .models import FOOD_LEVELS, KINDS, NOTIFY_METHODS, PRODUCT_TYPES, Disposal, Recall, Status

OFFICE = {Role.CITY_ADMIN, Role.COUNTY}
ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER, Role.ENTERPRISE}
STATUS_TONES = {"已启动": "blue", "计划已提交": "blue", "已发布": "blue", "实施中": "orange", "已完成": "green",
                "监督结束": "grey"}
PAGE_SIZES = (20, 50, 100)


def flash(request, exc) -> None:
    for msg in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, msg)


def _check_role(user) -> None:
    if not (user.is_superuser or getattr(user, "role", "") in ROLES):
        raise PermissionDenied("您的角色不办理缺陷产品召回。")


def recall_or_404(user, pk) -> Recall:
    if not str(pk).isdecimal() or len(str(pk)) > 18:
        raise Http404("未找到该召回。")
    return get_object_or_404(selectors.recalls_for(user).select_related("entity", "region", "created_by"), pk=pk)


def _paging(request, qs) -> dict:
    raw = request.GET.get("page_size", "")
    size = int(raw) if raw.isdecimal() and int(raw) in PAGE_SIZES else PAGE_SIZES[0]
    page_obj = get_page(Paginator(qs, size), request.GET.get("page"))

    def href(n):
        return query_with(request.GET, page=str(n)) if 1 <= n <= page_obj.paginator.num_pages else None

    return {"page_obj": page_obj, "paginator": page_obj.paginator, "prev_href": href(page_obj.number - 1),
            "next_href": href(page_obj.number + 1), "page": {"unit": "件"},
            "page_sizes": [{"size": n, "current": n == size, "href": query_with(request.GET, page_size=str(n), page=None)}
                           for n in PAGE_SIZES]}


def _filtered(request):
    """The list's queryset and filter values (page and export alike)."""
    qs = selectors.recalls_for(request.user).select_related("entity", "region")
    f = {k: (request.GET.get(k) or "").strip() for k in ("status", "type", "region", "q", "overdue", "held")}
    if f["status"] in Status.values:
        qs = qs.filter(status=f["status"])
    elif f["status"] == "open":
        qs = qs.exclude(status__in=("已完成", "监督结束"))
    else:
        f["status"] = ""
    if f["type"] in dict(PRODUCT_TYPES):
        qs = qs.filter(product_type=f["type"])
    else:
        f["type"] = ""
    region = None
    if f["region"]:
        region = regions_in_scope(request.user).filter(code=f["region"]).first()
        if region is None:
            messages.warning(request, f"区划代码“{f['region']}”不在您的管辖范围内，已显示全部。")
            f["region"] = ""
        else:
            qs = qs.filter(region__path__startswith=region.path)
    if f["q"]:
        qs = qs.filter(Q(number__icontains=f["q"]) | Q(product__icontains=f["q"]) | Q(entity__name__icontains=f["q"])
                       | Q(batches__trace_code=f["q"])).distinct()
    if f["held"] == "1":  # 辖区有受影响主体
        qs = qs.filter(pk__in=selectors.held_recall_ids(request.user))
    else:
        f["held"] = ""
    if f["overdue"] == "1":
        qs = qs.filter(pk__in=selectors.overdue_ids(qs))
    return selectors.with_held_counts(qs, request.user).order_by("-decided", "-id"), f, region


EXPORT_COLUMNS = [
    exports.Column("召回编号", "number", "text"), exports.Column("产品名称", "product"),
    exports.Column("责任企业", "entity.name"), exports.Column("统一社会信用代码", "entity.uscc", "text"),
    exports.Column("区划", "region.name"), exports.Column("产品类别", "product_type"),
    exports.Column("召回级别", "level"), exports.Column("召回方式", "kind"),
    exports.Column("决定日期", "decided", "date"), exports.Column("状态", "status"),
    exports.Column("受影响主体（户）", lambda r: r.progress["total"], "int"),
    exports.Column("已通知（户）", lambda r: r.progress["notified"], "int"),
    exports.Column("已处置（户）", lambda r: r.progress["disposed"], "int"),
    exports.Column("下一期限", lambda r: r.next_text), exports.Column("逾期", lambda r: "是" if r.overdue else ""),
    exports.Column("辖区受影响主体（户）", "held", "int"),
]


def _decorate(recalls) -> list[Recall]:
    recalls = list(recalls)
    progress = selectors.progress(r.pk for r in recalls)
    for r, rows in selectors.with_deadlines(recalls):
        r.progress = progress.get(r.pk, {"total": 0, "notified": 0, "disposed": 0})
        r.next_deadline = dl.next_open(rows)
        r.overdue = dl.is_overdue(rows)
        r.next_text = (f"{r.next_deadline.label} {_due_text(r.next_deadline)}" if r.next_deadline else "—")
        r.tone = STATUS_TONES.get(r.status, "grey")
    return recalls


def _due_text(d: dl.Deadline) -> str:
    if d.due is None:
        return "期限待定"
    if isinstance(d.due, dt.datetime):
        return timezone.localtime(d.due).strftime("%Y-%m-%d %H:%M")
    return d.due.isoformat()


@login_required
def recall_list(request):
    _check_role(request.user)
    qs, f, region = _filtered(request)
    fmt = exports.export_format(request)
    if fmt:
        filters = exports.described(request.GET, {"status": "状态", "type": "产品类别", "q": "关键词"})
        if f["overdue"] == "1":
            filters.append(("逾期", "只看逾期"))
        if f["held"] == "1":
            filters.append(("范围", "辖区有受影响主体"))
        rows = exports.in_chunks(qs, _decorate)
        return exports.export_response(fmt, "缺陷产品召回", EXPORT_COLUMNS, rows, filters=filters,
                                       place=exports.place_of(request.user, region))
    paging = _paging(request, qs)
    rows = _decorate(paging["page_obj"])
    counties = regions_in_scope(request.user).filter(depth__gte=1).order_by("path") \
        if getattr(request.user, "role", "") != Role.ENTERPRISE else []
    return render(request, "recalls/list.html", {
        **paging, "rows": rows, "f": f, "statuses": Status.values, "types": [t for t, _ in PRODUCT_TYPES],
        "counties": counties, "may_create": has_scoped_role(request.user, OFFICE),
        "export_xlsx": query_with(request.GET, export="xlsx", page=None),
        "export_csv": query_with(request.GET, export="csv", page=None),
    })


def _form_values(post) -> dict:
    keys = ("uscc", "product", "product_type", "level", "kind", "reason", "trace_codes", "decided", "decided_time",
            "started", "number")
    return {k: (post.get(k) or "").strip() for k in keys}


def _date(value: str, label: str, required: bool = False):
    if not value:
        if required:
            raise ValidationError(f"请填写{label}。")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{label}“{value}”不是有效日期：应为 2024-09-27 这样的格式。") from None


def create_from_form(user, v: dict) -> Recall:
    entity = Entity.objects.for_user(user).filter(uscc=v["uscc"].upper()).select_related("region").first() \
        if v["uscc"] else None
    if v["uscc"] and entity is None:
        # another county's enterprise answers exactly as an unknown code: never say it exists elsewhere
        raise ValidationError(f"本辖区未找到统一社会信用代码为 {v['uscc']} 的市场主体：召回由责任企业所在地的"
                              f"市场监管部门登记，请核对代码或先在主体名录中登记。")
    decided = _date(v["decided"], "决定日期", required=True)
    decided_at = None
    if v["decided_time"]:
        try:
            t = dt.time.fromisoformat(v["decided_time"])
        except ValueError:
            raise ValidationError(f"决定时间“{v['decided_time']}”无效：应为 14:30 这样的格式。") from None
        decided_at = timezone.make_aware(dt.datetime.combine(decided, t))
    return services.create_recall(
        user, entity=entity, product=v["product"], product_type=v["product_type"], kind=v["kind"], reason=v["reason"],
        trace_codes=v["trace_codes"], decided=decided, decided_at=decided_at, level=v["level"],
        started=_date(v["started"], "启动日期"), number=v["number"])


@login_required
def recall_new(request):
    if not has_scoped_role(request.user, OFFICE):
        raise PermissionDenied("只有市、县区市场监管部门可以登记召回。")
    values = {"decided": clock.today().isoformat(), "product_type": "消费品", "kind": "责令召回"}
    status = 200
    if request.method == "POST":
        values = _form_values(request.POST)
        try:
            recall = create_from_form(request.user, values)
            n = recall.holders.count()
            messages.success(request, f"召回 {recall.number} 已登记，按追溯事件计算出受影响的下游主体 {n} 户。")
            return redirect(recall.get_absolute_url())
        except (ValidationError, PermissionDenied) as exc:
            flash(request, exc)
            status = 400
    return render(request, "recalls/new.html", {
        "v": values, "types": [t for t, _ in PRODUCT_TYPES], "levels": [x for x, _ in FOOD_LEVELS],
        "kinds": [k for k, _ in KINDS]}, status=status)


@login_required
def recall_detail(request, pk):
    _check_role(request.user)
    recall = recall_or_404(request.user, pk)
    rows = dl.deadlines(recall, clock.now())
    holders = list(selectors.holders_for(request.user, recall))
    all_holders = selectors.sees_all_holders(request.user, recall)
    recordable = set() if recall.is_closed else selectors.recordable_ids(request.user, recall, holders)
    tab = request.GET.get("tab", "holders")
    responsible = selectors.is_responsible(request.user, recall)
    office_view = all_holders and getattr(request.user, "role", "") != Role.ENTERPRISE or request.user.is_superuser
    # an office that sees the recall for its affected holders only (辖区有受影响主体): their 通知 / 处置
    in_region = responsible or Recall.objects.for_user(request.user, VIEW).filter(pk=recall.pk).exists()
    holder_office = office_view and not in_region
    in_scope = [h for h in holders if region_in_scope(request.user, h.region)] if holder_office else []
    return render(request, "recalls/detail.html", {
        "recall": recall, "tone": STATUS_TONES.get(recall.status, "grey"), "deadlines": rows,
        "overdue": dl.is_overdue(rows), "tree": selectors.tree(holders), "all_holders": all_holders,
        "progress": selectors.holder_progress(holders), "recordable": recordable, "batches": list(recall.batches.all()),
        "steps": list(recall.steps.select_related("holder").order_by("time", "id")) if all_holders else [],
        "actions": services.available_actions(request.user, recall),
        "may_recompute": office_view and responsible and not recall.is_closed and has_scoped_role(request.user, OFFICE),
        "history": history_for(recall) if office_view and in_region else [], "holder_office": holder_office,
        "in_scope": {h.pk for h in in_scope}, "scope_progress": selectors.holder_progress(in_scope),
        "tab": tab if tab in ("holders", "steps", "history") else "holders", "methods": [m for m, _ in NOTIFY_METHODS], "today": clock.today(),
        "disposals": [d for d in Disposal.values if d != Disposal.NONE], "path": _path(recall),
    })


def _path(recall: Recall) -> list[tuple[str, str]]:
    order = [Status.STARTED, Status.PLANNED, Status.PUBLISHED, Status.ACTING, Status.DONE, Status.ENDED]
    here = order.index(recall.status) if recall.status in order else 0
    return [(s, "done" if i < here else ("current" if i == here else "")) for i, s in enumerate(order)]
