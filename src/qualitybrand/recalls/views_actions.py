"""The writes of the recall pages (POST: workflow steps, 重新计算, a holder's 通知 and 处置) and the
holder downloads (.xlsx/.csv list, the 召回通知 .docx)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from qualitybrand.core import clock, exports, gbdocx

from . import selectors, services
from .views import _check_role, flash, recall_or_404


def _back(recall, tab="holders"):
    return redirect(f"{recall.get_absolute_url()}?tab={tab}")


@require_POST
@login_required
def recall_step(request, pk):
    recall = recall_or_404(request.user, pk)
    action = (request.POST.get("action") or "").strip()
    at = None
    try:
        if request.POST.get("at"):
            try:
                at = timezone.make_aware(dt.datetime.fromisoformat(request.POST["at"].strip()))
            except ValueError:
                raise ValidationError(f"时间“{request.POST['at']}”无效：应为 2024-10-08T14:30 这样的格式。") from None
        services.take_step(request.user, recall, action, comment=request.POST.get("comment", ""),
                           on=request.POST.get("on", ""), at=at)
        messages.success(request, f"已{action}。")
    except ValidationError as exc:  # a refusal of rights answers 403 with its message
        flash(request, exc)
    return _back(recall, "steps")


@require_POST
@login_required
def recall_recompute(request, pk):
    recall = recall_or_404(request.user, pk)
    try:
        result = services.recompute(request.user, recall)
        text = f"已按最新追溯事件重新计算：新增 {result['added']} 户，原有 {result['kept']} 户保留（含其通知和处置记录）。"
        if result["gone"]:
            text += f"{'、'.join(result['gone'][:5])} 已不在追踪结果中（保留原记录，请核实）。"
        messages.success(request, text)
    except ValidationError as exc:
        flash(request, exc)
    return _back(recall)


@require_POST
@login_required
def holder_notify(request, pk):
    recall = recall_or_404(request.user, pk)
    ids = request.POST.getlist("holder")
    try:
        n = services.notify_holders(request.user, recall, ids, on=request.POST.get("on", ""),
                                    method=request.POST.get("method", ""), note=request.POST.get("note", ""))
        messages.success(request, f"已登记 {n} 户受影响主体的通知。")
    except ValidationError as exc:
        flash(request, exc)
    return _back(recall)


@require_POST
@login_required
def holder_dispose(request, pk):
    recall = recall_or_404(request.user, pk)
    try:
        row = services.dispose_holder(request.user, recall, request.POST.get("holder", ""),
                                      disposal=request.POST.get("disposal", ""), on=request.POST.get("on", ""),
                                      quantity=request.POST.get("quantity", ""), note=request.POST.get("note", ""))
        messages.success(request, f"已登记“{row.name}”{row.disposal}。")
    except ValidationError as exc:
        flash(request, exc)
    return _back(recall)


HOLDER_COLUMNS = [
    exports.Column("层级", "depth", "int"), exports.Column("主体名称", "name"),
    exports.Column("统一社会信用代码", "entity.uscc", "text"), exports.Column("区划", "region.name"),
    exports.Column("来源主体", lambda h: h.via_name or (h.via.name if h.via else "")),
    exports.Column("追溯码", "trace_code", "text"), exports.Column("购进日期", "first_date", "date"),
    exports.Column("购进数量", "quantity", "number"), exports.Column("通知日期", "notified", "date"),
    exports.Column("通知方式", "notify_method"), exports.Column("处置状态", "disposal"),
    exports.Column("处置日期", "disposed", "date"), exports.Column("处置数量", "disposed_quantity", "number"),
    exports.Column("备注", "note"),
]


@login_required
def holders_export(request, pk):
    _check_role(request.user)
    recall = recall_or_404(request.user, pk)
    rows = [r.holder for r in selectors.tree(list(selectors.holders_for(request.user, recall)))]
    fmt = exports.export_format(request) or "xlsx"
    return exports.export_response(fmt, f"召回{recall.number}受影响主体", HOLDER_COLUMNS, rows,
                                   filters=[("召回", f"{recall.number} {recall.product}")],
                                   place=recall.entity.name)


@login_required
def notice_docx(request, pk):
    """召回通知 to the affected holders (GB/T 9704 layout): what is recalled, why, what to do, and the list."""
    _check_role(request.user)
    recall = recall_or_404(request.user, pk)
    holders = [r.holder for r in selectors.tree(list(selectors.holders_for(request.user, recall)))]
    today = clock.today()
    doc = gbdocx.document()
    gbdocx.title(doc, f"关于召回{recall.product}的通知")
    gbdocx.para(doc, "各相关经营者：", indent=False)
    batches = "、".join(f"{b.trace_code}{('（批次 ' + b.batch + '）') if b.batch else ''}" for b in recall.batches.all())
    gbdocx.para(doc, f"{recall.entity.name}（统一社会信用代码 {recall.entity.uscc}）生产的{recall.product}"
                     f"（追溯码 {batches}）存在以下问题：{recall.reason}。经{gbdocx.cn_date(recall.decided)}决定，"
                     f"实施{recall.kind}（{recall.product_type}{'，' + recall.level + '召回' if recall.level else ''}）。")
    gbdocx.heading(doc, "一、有关要求")
    gbdocx.para(doc, "请接到本通知的经营者立即停止销售和使用上述批次产品，就地封存、下架，并按召回计划退回或配合销毁；"
                     "将处置情况（处置方式、日期和数量）及时报告所在地市场监管部门，或由本企业在平台“缺陷产品召回”中登记。")
    deadlines = [d for d in services_deadlines(recall) if d.due is not None]
    if deadlines:
        gbdocx.heading(doc, "二、时限")
        for d in deadlines:
            local = timezone.localtime(d.due) if d.is_hours else None
            due = f"{gbdocx.cn_date(local.date())} {local:%H:%M}" if local else gbdocx.cn_date(d.due)
            gbdocx.para(doc, f"{d.label}：{d.rule}，即 {due} 前。")
    gbdocx.heading(doc, "三、受影响的经营者" if deadlines else "二、受影响的经营者")
    gbdocx.table(doc, ["层级", "经营者", "来源", "购进日期", "数量"],
                 [[h.depth, h.name, h.via_name or "—", gbdocx.cn_date(h.first_date),
                   format(h.quantity.normalize(), "f") if h.quantity is not None else "—"] for h in holders],
                 widths=[14, 58, 42, 26, 16])
    data = gbdocx.finish(doc, "质量强市与品牌战略综合管理平台 追溯事件", today)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = exports.content_disposition(f"召回通知_{recall.number}_{today.isoformat()}.docx")
    return response


def services_deadlines(recall):
    from . import deadlines as dl

    return dl.deadlines(recall, clock.now())
