"""Pages of the credit app: the rating list (the drill-down of credit.grade.*) and the rating schemes
(list and versions, the form editor with a live preview, activation, YAML export and import).
Reads go through selectors, writes through services; these views only translate requests."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core import clock
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.selection import current_selection, scope_regions
from qualitybrand.credit import forms, selectors, services
from qualitybrand.credit import schemes as scheme_docs
from qualitybrand.credit.models import CreditScheme

OFFICE = {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}
GRADE_TAGS = {"A": "tag-green", "B": "tag-blue", "C": "tag-orange", "D": "tag-red"}


def _may_view_schemes(user) -> bool:
    return has_scoped_role(user, OFFICE)


def _may_edit_schemes(user) -> bool:
    return has_scoped_role(user, {Role.CITY_ADMIN})


def _root(request):
    """The region asked for (`?region=`, within the user's scope) or the one selected in the top bar."""
    code = (request.GET.get("region") or "").strip()
    if code:
        region = scope_regions(request.user).filter(code=code).first()
        if region is None:
            raise PermissionDenied(f"区划 {code[:20]} 不存在或不在您的管辖范围内。")
        return region
    return current_selection(request)["qb_region"]


# --- ratings -----------------------------------------------------------------------------------

@login_required
def ratings(request):
    """信用评价: the entities of a region on a day with score and grade (`?grade=` for one grade)."""
    user = request.user
    try:
        as_of = selectors.parse_date(request.GET.get("as_of"))
    except selectors.BadRequest as exc:
        messages.error(request, str(exc))
        as_of = clock.today()
    grade = (request.GET.get("grade") or "").strip().upper()
    if grade not in scheme_docs.GRADES:
        grade = ""
    enterprise = getattr(user, "role", "") == Role.ENTERPRISE and not user.is_superuser
    root = None if enterprise else _root(request)
    try:
        region, entity_ids = selectors.rating_scope(user, root)
    except selectors.OutOfScope as exc:
        raise PermissionDenied(str(exc)) from None
    page_obj, counts = selectors.rating_page(as_of, region=region, entity_ids=entity_ids, grade=grade,
                                             page=request.GET.get("page"), size=request.GET.get("page_size"))
    for row in page_obj.object_list:
        row["tone"] = GRADE_TAGS[row["rating"].grade]
    base = {"as_of": as_of.isoformat(), **({"region": root.code} if root else {})}
    grade_links = [(g, counts.get(g, 0), "?" + urlencode({**base, "grade": g}), GRADE_TAGS[g])
                   for g in scheme_docs.GRADES]
    return render(request, "credit/ratings.html", {
        "page_obj": page_obj, "as_of": as_of, "grade": grade, "root": root, "grade_links": grade_links,
        "all_link": "?" + urlencode(base), "total": sum(counts.values()),
        "regions": [] if enterprise else list(scope_regions(user).exclude(kind="乡镇街道").order_by("path")),
    })


# --- schemes -----------------------------------------------------------------------------------

def _scheme(pk: int) -> CreditScheme:
    scheme = CreditScheme.objects.filter(pk=pk).select_related("created_by").first()
    if scheme is None:
        raise Http404("没有该信用评价方案版本。")
    return scheme


@login_required
def schemes(request):
    if not _may_view_schemes(request.user):
        raise PermissionDenied("您的角色不能查看信用评价方案。")
    may_edit = _may_edit_schemes(request.user)
    yaml_text, yaml_error = "", ""
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("只有市级管理员可以导入信用评价方案。")
        yaml_text = request.POST.get("yaml", "")
        upload = request.FILES.get("file")
        if upload is not None:
            yaml_text = upload.read(200_000).decode("utf-8", errors="replace")
        try:
            scheme, outcome = services.import_yaml(request.user, yaml_text,
                                                   activate=request.POST.get("activate") == "1")
        except ValidationError as exc:
            yaml_error = "未导入：" + " ".join(exc.messages)
        else:
            messages.success(request, f"已导入{scheme}。" if outcome == "created"
                             else f"内容与{scheme}相同：未产生新版本。")
            return redirect("credit:schemes")
    groups: dict[str, list[CreditScheme]] = {}
    for row in CreditScheme.objects.select_related("created_by").order_by("code", "-version"):
        groups.setdefault(row.code, []).append(row)
    ordered = sorted(groups.items(), key=lambda item: (item[0] != scheme_docs.BUILTIN_CODE, item[0]))
    return render(request, "credit/schemes.html", {
        "groups": ordered, "may_edit": may_edit, "yaml_text": yaml_text, "yaml_error": yaml_error,
        "builtin": scheme_docs.BUILTIN_CODE}, status=400 if yaml_error else 200)


@login_required
def scheme_detail(request, pk: int):
    if not _may_view_schemes(request.user):
        raise PermissionDenied("您的角色不能查看信用评价方案。")
    scheme = _scheme(pk)
    parsed = scheme_docs.parse(scheme.document, code=scheme.code, version=scheme.version)
    versions = CreditScheme.objects.filter(code=scheme.code).order_by("-version")
    from qualitybrand.core.selectors import history_for

    return render(request, "credit/scheme.html", {
        "scheme": scheme, "parsed": parsed, "versions": versions, "may_edit": _may_edit_schemes(request.user),
        "builtin": scheme_docs.BUILTIN_CODE, "history": history_for(scheme)})


@login_required
def scheme_editor(request, pk: int | None = None):
    """New scheme (from the built-in one or `?from=<id>`), or a new version of an existing code."""
    user = request.user
    if not _may_view_schemes(user):
        raise PermissionDenied("您的角色不能查看信用评价方案。")
    if not _may_edit_schemes(user):
        raise PermissionDenied("只有市级管理员可以编辑信用评价方案。")
    base = _scheme(pk) if pk is not None else None
    if base is None and (request.GET.get("from") or "").isdecimal():
        base = _scheme(int(request.GET["from"]))
    new_code = pk is None or base.code == scheme_docs.BUILTIN_CODE
    if base is None:
        form = forms.form_of(scheme_docs.BUILTIN_DOCUMENT)
    else:
        form = forms.form_of(base.document, code="" if new_code else base.code,
                             name="" if new_code else base.name)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        if not new_code:
            form["code"] = base.code  # a version keeps its code
        document, errors = forms.document_from_form(request.POST)
        if document is not None:
            try:
                scheme, outcome = services.save_scheme_version(
                    user, code=form["code"], name=form["name"], document=document, note=form["note"],
                    activate=request.POST.get("activate") == "1")
            except ValidationError as exc:
                message = " ".join(exc.messages)
                errors["code" if "代码" in message else ("name" if "名称" in message else "general")] = message
            else:
                messages.success(request, f"已保存{scheme}。" if outcome == "created"
                                 else f"内容与{scheme}相同：未产生新版本。")
                return redirect("credit:scheme", pk=scheme.pk)
    root = _root(request)
    preview = None
    if root is not None:
        document, _ = forms.document_from_form(form)
        if document is not None:
            preview = selectors.grade_distribution(clock.today(), root, scheme_docs.parse(document))
    return render(request, "credit/scheme_editor.html", {
        "form": form, "errors": errors, "base": base, "new_code": new_code, "preview": preview, "root": root,
        "grades": scheme_docs.GRADES, "today": clock.today(),
        "level_rows": [(level, field, form.get(field, ""), errors.get(field))
                       for level, field in forms.LEVEL_FIELDS.items()],
        "band_rows": [_band_row(g, form, errors) for g in scheme_docs.GRADES],
    }, status=400 if errors else 200)


def _band_row(grade: str, form: dict, errors: dict) -> dict:
    low, high = forms.band_field(grade, "min"), forms.band_field(grade, "max")
    return {"grade": grade, "low": low, "high": high, "low_value": form.get(low, ""),
            "high_value": form.get(high, ""), "low_error": errors.get(low), "high_error": errors.get(high)}


@login_required
def scheme_preview(request):
    """The live preview: the grade distribution of the region on today's date under the form's scheme."""
    if not _may_view_schemes(request.user):
        raise PermissionDenied("您的角色不能查看信用评价方案。")
    document, errors = forms.document_from_form(request.GET)
    if document is None:
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    root = _root(request)
    if root is None:
        return JsonResponse({"ok": False, "errors": {"general": "您的账号没有管辖区划。"}}, status=400)
    dist = selectors.grade_distribution(clock.today(), root, scheme_docs.parse(document))
    return JsonResponse({"ok": True, **selectors.distribution_json(dist)})


@require_POST
@login_required
def scheme_activate(request, pk: int):
    if not _may_edit_schemes(request.user):
        raise PermissionDenied("只有市级管理员可以启用信用评价方案。")
    scheme = _scheme(pk)
    try:
        services.activate_version(request.user, scheme)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"已启用{scheme}：--scheme {scheme.code} 即按此版本评价。")
    return redirect("credit:scheme", pk=scheme.pk)


@login_required
def scheme_export(request, pk: int):
    if not _may_view_schemes(request.user):
        raise PermissionDenied("您的角色不能查看信用评价方案。")
    scheme = _scheme(pk)
    response = HttpResponse(services.scheme_to_yaml(scheme), content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credit_scheme_{scheme.code}_v{scheme.version}.yaml"'
    return response


__all__ = ["ratings", "schemes", "scheme_detail", "scheme_editor", "scheme_preview", "scheme_activate",
           "scheme_export"]
