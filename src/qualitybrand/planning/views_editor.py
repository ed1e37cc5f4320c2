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
from qualitybrand.core.scoping import region_in_scope
from qualitybrand.planning import documents as docs
from qualitybrand.planning import editor, visibility
from qualitybrand.planning import editor_subjects as es
from qualitybrand.planning.api import visible_target_sets
from qualitybrand.planning.loading import load_documents
from qualitybrand.planning.models import Scheme, TargetSet
from qualitybrand.planning.subjects import LABELS, REGIONS, TOWNS, SubjectIndex
from qualitybrand.planning.views import _report, _target_set

DEFAULT_GRADES = [{"grade": "优秀", "min": "90"}, {"grade": "良好", "min": "80"}, {"grade": "合格", "min": "60"},
                  {"grade": "不合格", "min": "0"}]


def _office_region(user):
    return user.region or Region.objects.filter(depth=1).order_by("code").first()


def _ensure_editor(user, region, kind: str, what: str, index=None) -> None:
    """The city office for any kind; a county office for its own county's towns only (and only once
    its towns are in the region list: before that there is nothing it could allocate to)."""
    if not es.may_edit(user, region, kind):
        raise PermissionDenied(f"只有市级管理员，或为本县区乡镇街道制定{what}的县区管理员，可以编辑{what}。")
    if not es.is_city_office(user) and not es.town_columns(region, index or docs.RegionIndex()):
        raise PermissionDenied(f"{region.name}下尚无乡镇街道区划：请先导入乡镇街道（“行政区划”台账），"
                               f"再为乡镇街道制定{what}。")


def _new_region(request, index):
    """The region of a new document: the office's own; a city office may open one for a county in
    its scope (`?region=`, posted back), to allocate to or assess that county's towns."""
    own = _office_region(request.user)
    raw = (request.POST.get("region") if request.method == "POST" else None) or request.GET.get("region")
    picked = index.get(raw) if raw and es.is_city_office(request.user) else None
    if picked is not None and region_in_scope(request.user, picked):
        return picked
    return own


def _kind_context(request, region, index, kind: str, target: bool) -> dict:
    return {"kind": kind, "kinds": es.kinds_for(request.user, target), "kind_labels": LABELS,
            "town_counties": es.counties_for_towns(request.user, region, index),
            "enterprise_note": es.ENTERPRISE_TARGETS_NOTE, "own_region": _office_region(request.user)}


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
    """The target-set editor: indicators, targets, allocations to the subjects of the chosen kind
    (regions below, departments, towns), with the difference to the target for additive indicators."""
    ts = _target_set(request, code) if code else None
    index = docs.RegionIndex()
    region = ts.region if ts else _new_region(request, index)
    if region is None:
        raise Http404
    stored_kind = (ts.document.get("subjects") or REGIONS) if ts else None
    if ts:
        kind = stored_kind if request.method != "POST" else es.chosen_kind(
            request.user, request.POST.get("subjects"), stored_kind, target=True)
    else:
        default = TOWNS if not es.is_city_office(request.user) else REGIONS
        kind = es.chosen_kind(request.user, request.POST.get("subjects") or request.GET.get("subjects"),
                              default, target=True)
    _ensure_editor(request.user, region, stored_kind or kind, "目标", index)
    sindex = SubjectIndex(index)
    doc = ts.document if ts else {"kind": "targets", "code": "", "name": "", "year": clock.today().year,
                                  "region": region.code, "items": [{}]}
    allocated = {rc for i in doc["items"] for rc in (i.get("allocations") or {})}
    extra = [r for r in map(index.get, allocated) if r is not None] if stored_kind in (None, REGIONS) else []
    by_kind = es.columns_by_kind(region, index, sindex, extra)
    columns = [c for k in (REGIONS, "departments", TOWNS) for c in by_kind[k]]
    rows = editor.target_rows(doc, columns)
    errors, general, warnings = {}, [], []
    if request.method == "POST":
        form = editor.parse_targets(request.POST, region=region, columns=columns, index=index,
                                    existing_code=ts.code if ts else None, model=TargetSet, kind=kind, sindex=sindex)
        doc, errors, rows = form.doc, form.errors, form.context["rows"] or editor.target_rows({"items": [{}]}, columns)
        general, warnings, saved = _save(request, doc, errors)
        if saved:
            return redirect("planning:target_progress", code=doc["code"])
    shown = {k for i in doc.get("items") or [] for k in (i.get("allocations") or {})} if kind == "departments" else set()
    departments = [{"col": c, "checked": not shown or c.code in shown} for c in by_kind["departments"]]
    return render(request, "planning/target_edit.html", {
        "ts": ts, "doc": doc, "rows": rows, "columns": columns, "errors": errors, "general": general,
        "warnings": warnings, "region": region, "specs": editor.indicator_choices(),
        "blank": editor._target_row("__N__", "", "", False, {}, columns), "departments": departments,
        "has_towns": bool(by_kind[TOWNS]), **_kind_context(request, region, index, kind, target=True),
    })


@login_required
def target_export(request, code):
    ts = _target_set(request, code)
    _ensure_editor(request.user, ts.region, ts.document.get("subjects") or REGIONS, "目标")
    return _yaml_response(ts.document)


# --- schemes -------------------------------------------------------------------------------

def _scheme(request, code) -> Scheme:
    scheme = visibility.schemes_for_user(request.user).filter(code=code).first()
    if scheme is None:
        raise Http404
    return scheme


@login_required
def scheme_edit(request, code=None):
    """The scheme editor: the assessed subjects (regions, departments, towns, enterprises), grades,
    sections of items (rule, points, indicator or manual, the departments an item applies to), vetoes."""
    scheme = _scheme(request, code) if code else None
    index = docs.RegionIndex()
    region = scheme.region if scheme else _new_region(request, index)
    if region is None:
        raise Http404
    stored_kind = (scheme.document.get("subjects") or REGIONS) if scheme else None
    default = stored_kind or (REGIONS if es.is_city_office(request.user) else TOWNS)
    raw_kind = request.POST.get("subjects") if request.method == "POST" else (
        None if scheme else request.GET.get("subjects"))
    kind = es.chosen_kind(request.user, raw_kind, default, target=False)
    _ensure_editor(request.user, region, stored_kind or kind, "考核方案", index)
    sindex = SubjectIndex(index)
    children = index.children(region)
    if stored_kind == REGIONS and scheme.document.get("assessed") != "children":  # a YAML file may assess others
        children += sorted((r for r in map(index.get, scheme.document["assessed"]) if r and r not in children),
                           key=lambda r: r.code)
    by_kind = es.columns_by_kind(region, index, sindex)
    target_sets = {ts.code: ts for ts in visible_target_sets(request.user)}
    if scheme:
        doc = scheme.document
    else:
        doc = {"kind": "scheme", "code": "", "name": "", "year": clock.today().year, "region": region.code,
               "assessed": "children" if kind == REGIONS else [], "grades": DEFAULT_GRADES,
               "items": [{"rule": "ratio_to_target" if kind != "enterprises" else "manual"}], "vetoes": []}
        if kind != REGIONS:
            doc["subjects"] = kind
    form_context = editor.scheme_form(doc)
    errors, general, warnings = {}, [], []
    if request.method == "POST":
        form = editor.parse_scheme(request.POST, region=region, children=children, index=index,
                                   target_sets={c: ts.document for c, ts in target_sets.items()},
                                   existing_code=scheme.code if scheme else None, model=Scheme,
                                   kind=kind, columns=by_kind, sindex=sindex)
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
        "departments": by_kind["departments"], "towns": by_kind[TOWNS],
        "enterprises": es.enterprise_choices(request.user, region) if es.is_city_office(request.user) else [],
        "blank_item": {"n": "__N__", "sec": "__S__", "rule": "ratio_to_target", "order": "desc",
                       "label": editor.indicator_label(""), "applies_to": []},
        "blank_section": {"n": "__S__", "name": "", "items": []},
        **_kind_context(request, region, index, kind, target=False),
    })


@login_required
def scheme_export(request, code):
    scheme = _scheme(request, code)
    _ensure_editor(request.user, scheme.region, scheme.document.get("subjects") or REGIONS, "考核方案")
    return _yaml_response(scheme.document)
