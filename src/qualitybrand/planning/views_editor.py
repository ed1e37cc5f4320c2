"""The form editors of target sets and schemes, and their YAML export.

The form builds the same document a YAML file holds (planning/editor.py) and saves it through
`loading.load_documents`, like the YAML import: same checks, versions and change-log entries.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from qualitybrand.core import clock
from qualitybrand.core.models import Region
from qualitybrand.planning import documents as docs
from qualitybrand.planning import editor, selectors
from qualitybrand.planning.api import visible_target_sets
from qualitybrand.planning.loading import load_documents
from qualitybrand.planning.models import Scheme, TargetSet
from qualitybrand.planning.views import _report, _target_set, is_city_office

DEFAULT_GRADES = [{"grade": "优秀", "min": "90"}, {"grade": "良好", "min": "80"}, {"grade": "合格", "min": "60"},
                  {"grade": "不合格", "min": "0"}]


def _office_region(user):
    return user.region or Region.objects.filter(depth=1).order_by("code").first()


def _ensure_office(user, what: str) -> None:
    if not is_city_office(user):
        raise PermissionDenied(f"只有市级管理员可以编辑{what}。")


def _save(request, doc: dict, form_errors: dict) -> tuple[list[str], list[str], bool]:
    """Nothing is saved while a field is wrong; else the loader decides (dry run for 校验)."""
    if form_errors:
        return [], [], False
    check = "check" in request.POST
    result = load_documents([doc], user=request.user, dry_run=check)
    if result.ok and not check:
        _report(request, result)
        return [], [], True
    if result.ok:
        messages.success(request, "校验通过：可以保存。")
    return result.errors, result.warnings, False


def _yaml_response(doc: dict) -> HttpResponse:
    resp = HttpResponse(editor.to_yaml(doc).encode("utf-8"), content_type="application/yaml; charset=utf-8")
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(doc['code'])}.yaml"
    return resp


# --- target sets ---------------------------------------------------------------------------

@login_required
def target_edit(request, code=None):
    """The target-set editor: indicators, targets, allocations to the regions below (with the
    difference to the target for additive indicators)."""
    ts = _target_set(request, code) if code else None
    _ensure_office(request.user, "目标集")
    region = ts.region if ts else _office_region(request.user)
    if region is None:
        raise Http404
    index = docs.RegionIndex()
    doc = ts.document if ts else {"kind": "targets", "code": "", "name": "", "year": clock.today().year,
                                  "region": region.code, "items": [{}]}
    allocated = {rc for i in doc["items"] for rc in (i.get("allocations") or {})}
    columns = index.children(region)
    columns += sorted((r for r in map(index.get, allocated) if r is not None and r not in columns),
                      key=lambda r: r.code)
    rows = editor.target_rows(doc, columns)
    errors, general, warnings = {}, [], []
    if request.method == "POST":
        form = editor.parse_targets(request.POST, region=region, columns=columns, index=index,
                                    existing_code=ts.code if ts else None, model=TargetSet)
        doc, errors, rows = form.doc, form.errors, form.context["rows"] or editor.target_rows({"items": [{}]}, columns)
        general, warnings, saved = _save(request, doc, errors)
        if saved:
            return redirect("planning:target_progress", code=doc["code"])
    return render(request, "planning/target_edit.html", {
        "ts": ts, "doc": doc, "rows": rows, "columns": columns, "errors": errors, "general": general,
        "warnings": warnings, "region": region, "specs": editor.indicator_choices(),
        "blank": editor._target_row("__N__", "", "", False, {}, columns),
    })


@login_required
def target_export(request, code):
    ts = _target_set(request, code)
    _ensure_office(request.user, "目标集")
    return _yaml_response(ts.document)


# --- schemes -------------------------------------------------------------------------------

def _scheme(request, code) -> Scheme:
    scheme = selectors.schemes_for_user(request.user).filter(code=code).first()
    if scheme is None:
        raise Http404
    return scheme


@login_required
def scheme_edit(request, code=None):
    """The scheme editor: grades, sections of items (rule, points, indicator or manual), vetoes."""
    scheme = _scheme(request, code) if code else None
    _ensure_office(request.user, "考核方案")
    region = scheme.region if scheme else _office_region(request.user)
    if region is None:
        raise Http404
    index = docs.RegionIndex()
    children = index.children(region)
    if scheme and scheme.document.get("assessed") != "children":  # a YAML file may assess other regions
        children += sorted((r for r in map(index.get, scheme.document["assessed"]) if r and r not in children),
                           key=lambda r: r.code)
    target_sets = {ts.code: ts for ts in visible_target_sets(request.user)}
    if scheme:
        doc = scheme.document
    else:
        doc = {"kind": "scheme", "code": "", "name": "", "year": clock.today().year, "region": region.code,
               "assessed": "children", "grades": DEFAULT_GRADES, "items": [{"rule": "ratio_to_target"}],
               "vetoes": []}
    form_context = editor.scheme_form(doc)
    errors, general, warnings = {}, [], []
    if request.method == "POST":
        form = editor.parse_scheme(request.POST, region=region, children=children, index=index,
                                   target_sets={c: ts.document for c, ts in target_sets.items()},
                                   existing_code=scheme.code if scheme else None, model=Scheme)
        doc, errors, form_context = form.doc, form.errors, form.context
        general, warnings, saved = _save(request, doc, errors)
        if saved:
            return redirect("planning:scheme", code=doc["code"])
    total = sum((editor.docs.number(i.get("points")) or 0 for s in form_context["sections"] for i in s["items"]
                 if i.get("rule") in editor.SCORED_RULES), 0)
    return render(request, "planning/scheme_edit.html", {
        "scheme": scheme, "doc": doc, "errors": errors, "general": general, "warnings": warnings,
        "region": region, "children": children, "target_sets": target_sets.values(),
        "specs": editor.indicator_choices(), "rules": editor.RULE_LABELS, "total": total, **form_context,
        "blank_item": {"n": "__N__", "sec": "__S__", "rule": "ratio_to_target", "order": "desc",
                       "label": editor.indicator_label("")},
        "blank_section": {"n": "__S__", "name": "", "items": []},
    })


@login_required
def scheme_export(request, code):
    scheme = _scheme(request, code)
    _ensure_office(request.user, "考核方案")
    return _yaml_response(scheme.document)
