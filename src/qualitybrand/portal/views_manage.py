"""The office's publishing pages (/portal/manage/…): pages of 政策文件 and 工作动态 with attachments, and the
抽查结果公告 (choose records by a filter → preview → create → publish / withdraw). The city office and the
counties only, each inside its region; writes through portal/services.py."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core.scoping import regions_in_scope
from qualitybrand.core.selectors import history_for
from qualitybrand.portal import selectors, services
from qualitybrand.portal.models import PageSection, PortalAttachment, PublishState
from qualitybrand.portal.sanitize import ALLOWED, clean
from qualitybrand.registry import choices as ch

PREVIEW_ROWS = 200
STATE_TONES = {PublishState.DRAFT: "tag-muted", PublishState.PUBLISHED: "tag-ok", PublishState.WITHDRAWN: "tag-warn"}


def _office(request) -> None:
    if not services.may_manage(request.user):
        raise PermissionDenied("只有市级和县区市场监管部门可以管理门户内容。")


def _messages_of(exc: ValidationError) -> tuple[dict, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: "；".join(m for e in v for m in e.messages) for k, v in exc.error_dict.items()}, []
    return {}, list(exc.messages)


@login_required
def index(request):
    _office(request)
    return render(request, "portal/manage_index.html", {
        "pages": list(selectors.pages_for(request.user)[:200]),
        "publications": list(selectors.publications_for(request.user)[:200]),
        "tones": STATE_TONES})


# --- pages ------------------------------------------------------------------------------------

def _page_form(request, page, values: dict, errors: dict, general: list[str]):
    return render(request, "portal/manage_page.html", {
        "page": page, "values": values, "errors": errors, "general": general,
        "sections": PageSection.choices, "allowed": " ".join(sorted(ALLOWED)),
        "preview": clean(values.get("body", "")),
        "attachments": list(page.attachments.all()) if page else [],
        "history": history_for(page) if page else None, "tones": STATE_TONES,
        "editable": page is None or page.state != PublishState.PUBLISHED,
        "types": ",".join(sorted(services.ATTACHMENT_TYPES)),
        "limit_mb": services.attachment_limit() // 1048576},
        status=400 if errors or general else 200)


def _page_values(page) -> dict:
    return {name: getattr(page, name) for name in services.PAGE_FIELDS}


@login_required
def page_new(request):
    _office(request)
    values = {"section": request.GET.get("section", "")}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in services.PAGE_FIELDS}
        try:
            page = services.save_page(request.user, None, values)
        except ValidationError as exc:
            return _page_form(request, None, values, *_messages_of(exc))
        messages.success(request, "页面已保存为草稿：检查无误后点击“发布”。")
        return redirect("portal:manage_page", pk=page.pk)
    return _page_form(request, None, values, {}, [])


@login_required
def page_edit(request, pk: int):
    _office(request)
    page = selectors.page_for(request.user, pk)
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in services.PAGE_FIELDS}
        try:
            services.save_page(request.user, page, values)
        except ValidationError as exc:
            page.refresh_from_db()
            return _page_form(request, page, values, *_messages_of(exc))
        messages.success(request, "修改已保存。")
        return redirect("portal:manage_page", pk=page.pk)
    return _page_form(request, page, _page_values(page), {}, [])


def _act(request, obj, action, done: str, target: str):
    try:
        action(request.user, obj)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(target, pk=obj.pk)


@require_POST
@login_required
def page_publish(request, pk: int):
    _office(request)
    return _act(request, selectors.page_for(request.user, pk), services.publish_page,
                "页面已发布，公众门户即可看到。", "portal:manage_page")


@require_POST
@login_required
def page_withdraw(request, pk: int):
    _office(request)
    return _act(request, selectors.page_for(request.user, pk), services.withdraw_page,
                "页面已撤回，公众门户不再显示；可修改后重新发布。", "portal:manage_page")


@require_POST
@login_required
def page_attach(request, pk: int):
    _office(request)
    page = selectors.page_for(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的附件。")
    else:
        try:
            services.add_attachment(request.user, page, upload)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"附件“{upload.name}”已上传。")
    return redirect("portal:manage_page", pk=page.pk)


@require_POST
@login_required
def attachment_delete(request, pk: int):
    _office(request)
    found = PortalAttachment.objects.for_user(request.user, "change").filter(pk=pk).select_related("page").first()
    if found is None:
        from django.http import Http404

        raise Http404("附件不存在")
    page_id = found.page_id
    try:
        services.remove_attachment(request.user, found)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "附件已删除。")
    return redirect("portal:manage_page", pk=page_id)


# --- inspection publications ------------------------------------------------------------------------

def _date(raw: str, label: str, errors: dict, name: str):
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors[name] = f"{label}“{raw[:20]}”不是有效日期：请按 2014-03-31 的格式填写。"
        return None


def _filter_from(request, data) -> tuple[selectors.InspectionFilter, dict, dict]:
    errors: dict = {}
    raw = {k: (data.get(k) or "").strip()[:100] for k in ("region", "start", "end", "level", "product", "conclusion")}
    f = selectors.InspectionFilter(level=raw["level"] if raw["level"] in dict(ch.INSPECTION_LEVELS) else "",
                                   product=raw["product"],
                                   conclusion=raw["conclusion"] if raw["conclusion"] in dict(ch.CONCLUSIONS) else "")
    if raw["region"]:
        f.region = regions_in_scope(request.user).filter(code=raw["region"]).first()
        if f.region is None:
            errors["region"] = "所选区划不在您的管辖范围内。"
    f.start = _date(raw["start"], "抽样开始日期", errors, "start")
    f.end = _date(raw["end"], "抽样结束日期", errors, "end")
    if f.start and f.end and f.start > f.end:
        errors["end"] = "抽样结束日期不能早于开始日期。"
    return f, raw, errors


def _region_options(user) -> list[tuple[str, str]]:
    return list(regions_in_scope(user).exclude(kind="乡镇街道").order_by("path").values_list("code", "name"))


@login_required
def publication_new(request):
    _office(request)
    data = request.POST if request.method == "POST" else request.GET
    f, raw, errors = _filter_from(request, data)
    texts = {k: (data.get(k) or "").strip() for k in ("title", "doc_number", "intro")}
    general: list[str] = []
    asked = any(raw.values()) or request.method == "POST" or "preview" in request.GET
    qs = selectors.choose_inspections(request.user, f) if asked and not errors else None
    if request.method == "POST" and not errors:
        try:
            publication = services.create_publication(
                request.user, title=texts["title"], doc_number=texts["doc_number"], intro=texts["intro"],
                inspection_ids=list(qs.values_list("id", flat=True)))
        except ValidationError as exc:
            more, general = _messages_of(exc)
            if "inspections" in more:
                general.append(more.pop("inspections"))
            errors.update(more)
        except PermissionDenied as exc:
            general = [str(exc)]
        else:
            messages.success(request, f"抽查结果公告已创建（{publication.inspections.count()} 批次），尚未发布。")
            return redirect("portal:manage_publication", pk=publication.pk)
    count = qs.count() if qs is not None else None
    failed = qs.filter(conclusion="不合格").count() if qs is not None else None
    return render(request, "portal/manage_publication_new.html", {
        "raw": raw, "texts": texts, "errors": errors, "general": general, "count": count, "failed": failed,
        "rows": list(qs[:PREVIEW_ROWS]) if qs is not None else [], "preview_rows": PREVIEW_ROWS,
        "regions": _region_options(request.user), "levels": [v for v, _ in ch.INSPECTION_LEVELS],
        "conclusions": [v for v, _ in ch.CONCLUSIONS]}, status=400 if errors or general else 200)


@login_required
def publication_detail(request, pk: int):
    _office(request)
    publication = selectors.publication_for(request.user, pk)
    rows = list(publication.inspections.select_related("entity", "region").order_by("sampled", "id"))
    return render(request, "portal/manage_publication.html", {
        "publication": publication, "rows": rows, "failed": sum(1 for r in rows if r.conclusion == "不合格"),
        "history": history_for(publication), "tones": STATE_TONES})


@require_POST
@login_required
def publication_publish(request, pk: int):
    _office(request)
    return _act(request, selectors.publication_for(request.user, pk), services.publish_publication,
                "公告已发布，公众门户即可看到。", "portal:manage_publication")


@require_POST
@login_required
def publication_withdraw(request, pk: int):
    _office(request)
    return _act(request, selectors.publication_for(request.user, pk), services.withdraw_publication,
                "公告已撤回，公众门户不再显示。", "portal:manage_publication")

