"""文书模板: an office's own .docx templates per document kind — the list (built-in / the office's, which one is
in use), upload (checked, refused with the paragraph and what is wrong), preview against real data (.docx,
its text on the page, PDF through LibreOffice), activate / deactivate / delete, download, and a sample
template per kind. City and county offices for their own region (the city sees the counties' too); leaders,
departments and everyone else get 403: the templates are the offices' working files."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core import clock
from qualitybrand.core.roles import CHANGE
from qualitybrand.core.selection import selected_year
from qualitybrand.reports import kinds, pdf
from qualitybrand.reports import office_templates as ot
from qualitybrand.reports.models import DocumentKind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _guard(request) -> None:
    if not ot.may_manage(request.user):
        raise PermissionDenied("文书模板由市、县区市场监管部门管理，您的角色不能查看。")


def _attachment(data: bytes, name: str, content_type: str = DOCX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _template(request, pk: int, action: str = "view"):
    qs = ot.templates_for(request.user, CHANGE if action == CHANGE else "view")
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404("模板不存在或不在您的管辖范围内。")
    return found


def _label(code: str) -> str:
    kind = kinds.get(code)
    return kind.label if kind else DocumentKind(code).label if code in DocumentKind.values else code


@login_required
def template_list(request):
    _guard(request)
    user = request.user
    rows = list(ot.templates_for(user).order_by("kind", "region__path", "-uploaded_at"))
    registered = ot.templatable_kinds()
    codes = [k.code for k in registered] + sorted({t.kind for t in rows} - {k.code for k in registered})
    groups = []
    for code in codes:
        kind = kinds.get(code)
        in_use = ot.active_template(code, user.region) if user.region_id else None
        groups.append({
            "code": code, "label": _label(code), "kind": kind,
            "fields": len(kind.fields) if kind else 0,
            "templates": [t for t in rows if t.kind == code],
            "in_use": in_use,
            "inherited": in_use is not None and in_use.region_id != user.region_id,
        })
    return render(request, "reports/office_templates.html", {
        "groups": groups, "region": user.region, "max_mb": ot.max_bytes() / ot.MB,
    })


def _default_request(kind, region, user, params=None) -> kinds.DocRequest:
    """The document request a preview (or the upload's trial render) is made for: the chosen year, as-of
    date or period, else the selected year / today / this month."""
    params = params or {}
    today = clock.today()
    req = kinds.DocRequest(kind=kind.code, region=region, user=user, office=f"{region.name}市场监督管理局")
    if kind.period == "year":
        req.year = params.get("year") or today.year - 1
    elif kind.period == "as_of":
        req.as_of = params.get("as_of") or today
    else:
        req.start = params.get("start") or today.replace(day=1)
        req.end = params.get("end") or today
        req.issue_no = params.get("issue_no") or 1
    return req


def _context_or_none(kind, region, user):
    try:
        return kind.context(_default_request(kind, region, user))
    except Exception:  # the kind's own data failing must not block an upload: the preview says it
        return None


@login_required
def template_upload(request):
    _guard(request)
    choices = ot.templatable_kinds()
    values = {"kind": request.GET.get("kind", ""), "name": "", "note": ""}
    problems: list[str] = []
    if request.method == "POST":
        values = {k: (request.POST.get(k) or "").strip() for k in ("kind", "name", "note")}
        kind = kinds.get(values["kind"])
        context = _context_or_none(kind, request.user.region, request.user) if kind and request.user.region_id \
            else None
        try:
            template = ot.upload(request.user, kind=values["kind"], name=values["name"],
                                 upload_file=request.FILES.get("file"), note=values["note"], context=context)
        except ValidationError as exc:
            problems = list(exc.messages)
        else:
            messages.success(request, f"模板“{template.name}”已上传，检查通过。请先预览，确认无误后再启用。")
            return redirect("reports:template-preview", pk=template.pk)
    return render(request, "reports/office_template_upload.html", {
        "choices": choices, "values": values, "problems": problems, "max_mb": ot.max_bytes() / ot.MB,
    }, status=400 if problems else 200)


def _preview_params(kind, request) -> tuple[dict, list[str]]:
    """year / as_of / start / end from the query, with Chinese messages for bad values."""
    params, errors = {}, []
    if kind.period == "year":
        text = (request.GET.get("year") or "").strip()
        if text:
            if text.isdecimal() and 2000 <= int(text) <= 2100:
                params["year"] = int(text)
            else:
                errors.append(f"年度“{text}”无效：请填写 4 位年份，如 2013。")
        else:
            params["year"] = selected_year(request)
    else:
        for name, label in (("as_of", "截至日期"), ("start", "统计期起"), ("end", "统计期止")):
            text = (request.GET.get(name) or "").strip()
            if text:
                try:
                    params[name] = dt.date.fromisoformat(text)
                except ValueError:
                    errors.append(f"{label}“{text}”无效：请按 2014-07-10 的格式填写。")
    return params, errors


def _render_preview(request, template):
    """(kind, request, docx bytes | None, error | None) of the template against the region's real data."""
    kind = kinds.get(template.kind)
    if kind is None:
        return None, None, None, "本文书类型尚未启用，无法预览。"
    params, errors = _preview_params(kind, request)
    req = _default_request(kind, template.region, request.user, params)
    if errors:
        return kind, req, None, "；".join(errors)
    try:
        context = kind.context(req)
    except Exception:
        return kind, req, None, "取得本文书的数据时出错，无法预览：请稍后重试或联系管理员。"
    try:
        with template.file.open("rb") as fh:
            data = fh.read()
        return kind, req, ot.render_template(data, context), None
    except OSError:
        return kind, req, None, "模板文件已丢失：请重新上传。"
    except ValidationError as exc:
        return kind, req, None, f"按真实数据生成失败：{exc.messages[0]}"


def _paragraphs(data: bytes) -> list[dict]:
    """The rendered document's text, paragraph by paragraph and table by table, for the page."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    out = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            out.append({"text": text})
        elif tag == "tbl":
            rows = []
            for tr in block.iter():
                if tr.tag.endswith("}tr"):
                    rows.append(["".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t"))
                                 for tc in tr.iterchildren() if tc.tag.endswith("}tc")])
            out.append({"rows": rows})
    return out


@login_required
def template_preview(request, pk: int):
    _guard(request)
    template = _template(request, pk)
    kind, req, data, error = _render_preview(request, template) if request.GET.get("run", "1") != "0" \
        else (kinds.get(template.kind), None, None, None)
    query = urlencode({k: v for k, v in request.GET.items() if k in ("year", "as_of", "start", "end")})
    may_change = ot.templates_for(request.user, CHANGE).filter(pk=template.pk).exists()
    return render(request, "reports/office_template_preview.html", {
        "template": template, "kind": kind, "label": _label(template.kind), "req": req, "error": error,
        "blocks": _paragraphs(data) if data else [], "query": query, "pdf_available": pdf.available(),
        "install_hint": pdf.INSTALL_HINT, "may_change": may_change, "years": range(clock.today().year, 2009, -1),
    })


@login_required
def template_preview_file(request, pk: int, fmt: str):
    _guard(request)
    template = _template(request, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404("预览文件只有 Word（.docx）和 PDF 两种。")
    kind, req, data, error = _render_preview(request, template)
    if error:
        messages.error(request, error)
        return redirect("reports:template-preview", pk=template.pk)
    name = f"预览-{template.name}"
    if fmt == "pdf":
        try:
            return _attachment(pdf.to_pdf(data, "preview"), f"{name}.pdf", "application/pdf")
        except pdf.PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect("reports:template-preview", pk=template.pk)
    return _attachment(data, f"{name}.docx")


@login_required
def template_download(request, pk: int):
    _guard(request)
    template = _template(request, pk)
    try:
        with template.file.open("rb") as fh:
            data = fh.read()
    except OSError:
        raise Http404("模板文件已丢失：请重新上传。") from None
    return _attachment(data, template.original_name or f"{template.name}.docx")


@login_required
def template_sample(request, kind: str):
    _guard(request)
    spec = kinds.get(kind)
    if spec is None or not spec.templatable or spec.fmt != "docx":
        raise Http404("没有这种可自定义模板的文书。")
    context = _context_or_none(spec, request.user.region, request.user) if request.user.region_id else None
    return _attachment(ot.sample_template(spec, context), f"{spec.label}示例模板.docx")


def _write(request, pk: int, action, done: str):
    _guard(request)
    template = _template(request, pk)
    try:
        action(request.user, template)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done.format(name=template.name))
    return redirect("reports:templates")


@login_required
@require_POST
def template_activate(request, pk: int):
    return _write(request, pk, ot.activate, "已启用模板“{name}”：本区划生成该文书时使用此模板。")


@login_required
@require_POST
def template_deactivate(request, pk: int):
    return _write(request, pk, ot.deactivate, "已停用模板“{name}”：生成该文书时恢复使用内置模板。")


@login_required
@require_POST
def template_delete(request, pk: int):
    return _write(request, pk, ot.delete, "已删除模板“{name}”。")
