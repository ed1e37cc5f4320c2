"""The document archive (文书档案): the list with its filters and the 生成文书 form, a document's page
(progress while it is made, download, PDF preview, 签发, the data version it was made from)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qualitybrand.core import clock
from qualitybrand.core.exports import content_disposition
from qualitybrand.core.paging import get_page
from qualitybrand.core.scoping import has_scoped_role, region_in_scope, regions_in_scope
from qualitybrand.core.selection import region_options, selectable_years
from qualitybrand.reports import kinds, pdf, selectors, services
from qualitybrand.reports.api import content_type
from qualitybrand.reports.documents.common import suggested_number
from qualitybrand.reports.models import DocumentKind, DocumentState, IssuedDocument

STATE_TAGS = {"queued": "tag-grey", "running": "tag-blue", "failed": "tag-red", "draft": "tag-orange",
              "issued": "tag-green"}


@login_required
def archive(request):
    user = request.user
    if not has_scoped_role(user, {"city_admin", "county", "department", "leader"}):
        raise PermissionDenied("您的角色不能查看文书档案。")
    params = request.GET
    region = None
    if params.get("region"):
        region = regions_in_scope(user).filter(code=params["region"]).first()
    filters = selectors.Filters.from_params(params, region)
    qs = selectors.filtered(user, filters)
    try:
        size = int(params.get("page_size", 20))
    except ValueError:
        size = 20
    page = get_page(Paginator(qs, size if size in (20, 50, 100) else 20), params.get("page"))
    today = clock.today()
    may_generate = services.may_generate(user, user.region) if user.region_id else user.is_superuser
    return render(request, "reports/archive.html", {
        "page_obj": page, "filters": filters, "kinds": kinds.all_kinds(), "kind_choices": DocumentKind.choices,
        "states": DocumentState.choices, "years": selectable_years(),
        "regions": region_options(user), "region_code": params.get("region", ""),
        "may_generate": may_generate, "generate_regions": _generate_regions(user),
        "default_year": today.year - 1, "default_as_of": dt.date(today.year - 1, 12, 31).isoformat(),
        "today": today, "state_tags": STATE_TAGS,
        "form": {"kind": "annual_summary", "year": str(today.year - 1), "as_of": "", "region": "",
                 "number": "", "next_year": ""},
    })


def _generate_regions(user) -> list[dict]:
    """The regions the user may make documents for (a county: its own; the city: its scope)."""
    return [o for o in region_options(user) if services.may_generate(
        user, regions_in_scope(user).filter(code=o["code"]).first())]


@login_required
@require_POST
def generate(request):
    from qualitybrand.core.filtering import find_region

    user, data = request.user, request.POST
    region = find_region(data.get("region")) or (user.region if user.region_id else None)
    if region is not None and not region_in_scope(user, region):
        region = None
    kind = kinds.get(data.get("kind", ""))
    year = data.get("year") or None
    as_of = start = end = None
    number = data.get("number") or None
    try:
        if data.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(data["as_of"].strip())
            except ValueError:
                raise ValidationError(f"截至日期“{data['as_of'][:20]}”无效：格式为 YYYY-MM-DD。") from None
        if number is not None:
            if not number.strip().isdecimal() or len(number.strip()) > 6:
                raise ValidationError("期号须为不超过六位的正整数。")
            number = int(number)
        if kind is not None and kind.period == "period":
            if as_of is not None:
                start, end = as_of.replace(day=1), as_of
            elif year and str(year).isdecimal() and len(str(year)) == 4 and int(year) >= 1000:
                start, end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
            as_of = None
        if kind is not None and kind.period == "as_of" and as_of is None:
            raise ValidationError(f"{kind.label}需要截至日期。")
        doc = services.request_document(user, data.get("kind", ""), region, year=year, as_of=as_of, start=start,
                                        end=end, issue_no=number, extra={"next_year": data.get("next_year", ""),
                                                                             "tier": data.get("tier", "")})
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect(reverse("reports:archive"))
    messages.success(request, f"已开始生成“{doc.title}”。")
    return redirect(reverse("reports:document", args=[doc.pk]))


def _document(request, pk) -> IssuedDocument:
    return get_object_or_404(selectors.documents_for(request.user), pk=pk)


@login_required
def document(request, pk):
    doc = _document(request, pk)
    may_issue = services.may_issue(request.user, doc) and IssuedDocument.objects.for_user(
        request.user, "change").filter(pk=doc.pk).exists()
    year_for_number = (doc.finished_at or doc.created_at).year if doc.finished_at or doc.created_at else None
    from qualitybrand.core.selectors import history_for

    return render(request, "reports/document.html", {
        "doc": doc, "busy": selectors.is_busy(doc), "changed": selectors.data_changed_since(doc),
        "may_issue": may_issue and doc.state == DocumentState.DRAFT,
        "may_delete": may_issue and doc.state in (DocumentState.DRAFT, DocumentState.FAILED),
        "pdf_available": pdf.available(), "install_hint": pdf.INSTALL_HINT,
        "printable": doc.file_name.endswith(".docx") or doc.file_name.endswith(".pdf"),
        "number_hint": suggested_number(doc.region, year_for_number or clock.today().year, 1),
        "today": clock.today(), "state_tag": STATE_TAGS.get(doc.state, "tag-grey"),
        "history": history_for(doc),
    })


@login_required
def status(request, pk):
    doc = _document(request, pk)
    return JsonResponse({"state": doc.state, "state_label": doc.get_state_display(), "progress": doc.progress,
                         "message": doc.message, "busy": selectors.is_busy(doc)})


@login_required
def download(request, pk):
    doc = _document(request, pk)
    if not doc.file:
        raise Http404("文书尚未生成完成。")
    response = FileResponse(doc.file.open("rb"), content_type=content_type(doc.file_name))
    response["Content-Disposition"] = content_disposition(doc.file_name)
    return response


@login_required
def preview(request, pk):
    """The PDF of the document, inline (made once by LibreOffice and kept as `doc.pdf`)."""
    doc = _document(request, pk)
    if not doc.file:
        raise Http404("文书尚未生成完成。")
    if doc.file_name.endswith(".pdf"):
        data = doc.file.open("rb").read()
    elif doc.pdf:
        data = doc.pdf.open("rb").read()
    else:
        try:
            data = pdf.to_pdf(doc.file.open("rb").read(), name=f"doc{doc.pk}")
        except pdf.PdfUnavailable as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
        services.save_pdf(doc, data)
    response = HttpResponse(data, content_type="application/pdf")
    base = doc.file_name.rsplit(".", 1)[0] + ".pdf"
    response["Content-Disposition"] = content_disposition(base).replace("attachment", "inline", 1)
    return response


@login_required
@require_POST
def issue(request, pk):
    doc = _document(request, pk)
    day = None
    raw = request.POST.get("issued_on", "").strip()
    try:
        if raw:
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                raise ValidationError(f"签发日期“{raw[:20]}”无效：格式为 YYYY-MM-DD。") from None
        services.issue(request.user, doc, request.POST.get("number", ""), request.POST.get("signer", ""), day)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect(reverse("reports:document", args=[doc.pk]))
    messages.success(request, f"已签发：{doc.number}。")
    return redirect(reverse("reports:document", args=[doc.pk]))


@login_required
@require_POST
def delete(request, pk):
    doc = _document(request, pk)
    try:
        services.delete_draft(request.user, doc)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect(reverse("reports:document", args=[doc.pk]))
    messages.success(request, "已删除该文书。")
    return redirect(reverse("reports:archive"))
