"""Pages of planning: target sets (editor, progress, decomposition documents) and schemes."""

from __future__ import annotations

import json
from decimal import Decimal

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core import clock
from qualitybrand.core.models import Region
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, region_in_scope
from qualitybrand.planning import documents as docs
from qualitybrand.planning import exports, selectors, values
from qualitybrand.planning.api import visible_target_sets
from qualitybrand.planning.loading import STATUS_LABELS, load_documents, load_text
from qualitybrand.planning.models import RectificationTask, TargetSet

STATUS_TAGS = {"已完成": "tag-green", "正常": "tag-blue", "滞后": "tag-orange"}


def is_city_office(user) -> bool:
    return has_scoped_role(user, {Role.CITY_ADMIN})


def _download(content: bytes, filename: str, kind: str) -> HttpResponse:
    from urllib.parse import quote

    types = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    resp = HttpResponse(content, content_type=types[kind])
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


@login_required
def index(request):
    from qualitybrand.planning.selectors import rounds_for_user

    tasks = RectificationTask.objects.for_user(request.user).select_related("region", "round__scheme")
    today = clock.today()
    return render(request, "planning/index.html", {
        "target_sets": visible_target_sets(request.user),
        "schemes": selectors.schemes_for_user(request.user),
        "rounds": rounds_for_user(request.user),
        "tasks": tasks, "today": today,
        "overdue": sum(1 for t in tasks if t.is_overdue(today)),
        "office": is_city_office(request.user),
    })


@login_required
@require_POST
def upload(request):
    """Load a YAML file (targets / scheme / indicator) from the browser: all or nothing."""
    if not is_city_office(request.user):
        raise PermissionDenied("只有市级管理员可以导入目标集和考核方案。")
    f = request.FILES.get("file")
    if f is None:
        messages.error(request, "请选择要导入的 YAML 文件。")
        return redirect("planning:index")
    if f.size > 2 * 1024 * 1024:
        messages.error(request, "文件过大：目标集和考核方案文件不能超过 2 MB。")
        return redirect("planning:index")
    try:
        text = f.read().decode("utf-8-sig")
        result = load_text(text, user=request.user)
    except UnicodeDecodeError:
        messages.error(request, "文件编码无法识别：请保存为 UTF-8 后重新导入。")
        return redirect("planning:index")
    except docs.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("planning:index")
    _report(request, result)
    return redirect("planning:index")


def _report(request, result) -> None:
    for w in result.warnings:
        messages.warning(request, w)
    if not result.ok:
        for e in result.errors:
            messages.error(request, e)
        messages.error(request, "未保存任何内容：请按以上提示修改后重新提交。")
        return
    for _kind, code, status, version in result.outcomes:
        messages.success(request, f"{code}：{STATUS_LABELS.get(status, status)}" + (f"（第 {version} 版）" if version else ""))


# --- target sets ---------------------------------------------------------------------------

def _target_set(request, code) -> TargetSet:
    ts = visible_target_sets(request.user).filter(code=code).first()
    if ts is None:
        raise Http404
    return ts


@login_required
def target_progress(request, code):
    ts = _target_set(request, code)
    raw = request.GET.get("as_of")
    day = selectors.default_as_of(ts.year)
    if raw:
        parsed = docs.parse_date(raw)
        if parsed is None or parsed.year != ts.year:
            messages.error(request, f"日期 “{raw}” 无效：应为 {ts.year} 年内的日期（YYYY-MM-DD）。")
        else:
            day = parsed
    regions = {r.code: r for r in Region.objects.filter(code__in={ts.document["region"]} | {
        rc for i in ts.document["items"] for rc in i["allocations"]})}
    try:
        rows = [r for r in selectors.progress(ts, day) if region_in_scope(request.user, regions[r.region])]
    except selectors.AssessmentError as exc:
        messages.error(request, str(exc))
        rows = []
    tr = selectors.time_ratio(day)
    names = {i["indicator"]: values.indicator_name(i["indicator"]) for i in ts.document["items"]}
    units = {i["indicator"]: values.indicator_unit(i["indicator"]) for i in ts.document["items"]}
    table = [{"row": r, "name": names[r.indicator], "unit": units[r.indicator], "pct": float(r.ratio) * 100,
              "tag": STATUS_TAGS[r.status], "drill": drill_url(r.indicator, regions[r.region],
                                                                selectors.Period.as_of(day))} for r in rows]
    chart = {}
    for r in rows:
        entry = chart.setdefault(r.indicator, {"name": names[r.indicator], "regions": [], "pct": [],
                                               "status": [], "actual": [], "target": [], "unit": units[r.indicator]})
        entry["regions"].append(r.region_name)
        entry["pct"].append(round(float(r.ratio) * 100, 1))
        entry["status"].append(r.status)
        entry["actual"].append(selectors.json_number(r.actual) if r.actual is not None else 0)
        entry["target"].append(selectors.json_number(r.target))
    return render(request, "planning/target_progress.html", {
        "ts": ts, "day": day, "table": table, "time_pct": float(tr) * 100, "chart": chart,
        "late": sum(1 for r in rows if r.status == "滞后"), "office": is_city_office(request.user),
        "versions": versions_of("targets", ts.code),
    })


def versions_of(kind: str, code: str):
    from qualitybrand.planning.models import DocumentVersion

    return DocumentVersion.objects.filter(kind=kind, code=code).only("version", "created_at", "created_by")


def drill_url(code, region, period):
    try:
        from qualitybrand.indicators.drilldown import drilldown
    except ImportError:
        return None
    try:
        return drilldown(code, region, period)
    except Exception:  # a drill-down is a convenience: never break the page for it
        return None


@login_required
def target_edit(request, code=None):
    """The target-set editor: items, targets, allocations (with the difference to the total)."""
    if not is_city_office(request.user):
        raise PermissionDenied("只有市级管理员可以编辑目标集。")
    ts = _target_set(request, code) if code else None
    region = ts.region if ts else (request.user.region or Region.objects.filter(depth=1).first())
    errors, warnings = [], []
    if ts:
        doc = ts.document
        allocated = {rc for i in doc["items"] for rc in i["allocations"]}
    else:
        allocated = set()
    # columns: the regions directly below, and any other region the set already allocates to
    children = list(Region.objects.filter(Q(parent=region) | Q(code__in=allocated)).order_by("code"))
    if not ts:
        doc = {"code": "", "name": "", "year": clock.today().year, "region": region.code if region else "",
               "items": []}
    if request.method == "POST":
        doc = _doc_from_post(request.POST, children)
        result = load_documents([doc], user=request.user, dry_run="check" in request.POST)
        errors, warnings = result.errors, result.warnings
        if result.ok and "check" not in request.POST:
            _report(request, result)
            return redirect("planning:target_progress", code=doc["code"])
        if result.ok:
            messages.success(request, "校验通过：可以保存。")
    rows = []
    for n, item in enumerate(list(doc.get("items") or []) + [{}] * 3):
        alloc = item.get("allocations") or {}
        total = sum((Decimal(str(v)) for v in alloc.values() if docs.number(v) is not None), Decimal(0))
        target = docs.number(item.get("target"))
        rows.append({"n": n, "indicator": item.get("indicator", ""), "target": item.get("target", ""),
                     "name": values.indicator_name(item["indicator"]) if item.get("indicator") else "",
                     "lib": item.get("lower_is_better", False),
                     "cells": [(c.code, alloc.get(c.code, "")) for c in children],
                     "allocated": total if alloc else None,
                     "difference": (total - target) if (alloc and target is not None) else None})
    specs = []
    try:
        from qualitybrand.indicators import catalog

        specs = [(s.code, s.name) for s in catalog.all_specs()]
    except ImportError:
        pass
    return render(request, "planning/target_edit.html", {
        "ts": ts, "doc": doc, "rows": rows, "children": children, "errors": errors, "warnings": warnings,
        "region": region, "specs": specs,
    })


def _doc_from_post(post, children) -> dict:
    items = []
    for n in range(200):
        prefix = f"item-{n}-"
        if f"{prefix}indicator" not in post:
            break
        indicator = post.get(f"{prefix}indicator", "").strip()
        target = post.get(f"{prefix}target", "").strip()
        if not indicator and not target:
            continue
        alloc = {}
        for c in children:
            v = post.get(f"{prefix}alloc-{c.code}", "").strip()
            if v:
                alloc[c.code] = v
        item = {"indicator": indicator, "target": target}
        if post.get(f"{prefix}lib"):
            item["lower_is_better"] = True
        if alloc:
            item["allocations"] = alloc
        items.append(item)
    year = post.get("year", "").strip()
    return {"kind": "targets", "code": post.get("code", "").strip(), "name": post.get("name", "").strip(),
            "year": int(year) if year.isdecimal() else year, "region": post.get("region", "").strip(), "items": items}


@login_required
def target_document(request, code, kind):
    ts = _target_set(request, code)
    if kind not in ("docx", "xlsx"):
        raise Http404
    names = dict(Region.objects.values_list("code", "name"))
    if kind == "docx":
        return _download(exports.decomposition_docx(ts, names, clock.today()), f"{ts.name}分解.docx", "docx")
    return _download(exports.decomposition_xlsx(ts, names), f"{ts.name}分解.xlsx", "xlsx")


# --- schemes -------------------------------------------------------------------------------

@login_required
def scheme_detail(request, code=None):
    """Scheme view and YAML editor with validation before use."""
    scheme = None
    if code:
        scheme = selectors.schemes_for_user(request.user).filter(code=code).first()
        if scheme is None:
            raise Http404
    office = is_city_office(request.user)
    text = yaml.safe_dump(_public_doc(scheme.document), allow_unicode=True, sort_keys=False) if scheme else ""
    errors, warnings = [], []
    if request.method == "POST":
        if not office:
            raise PermissionDenied("只有市级管理员可以编辑考核方案。")
        text = request.POST.get("yaml", "")
        try:
            result = load_text(text, user=request.user, dry_run="check" in request.POST)
        except docs.DocumentError as exc:
            errors = [str(exc)]
        else:
            errors, warnings = result.errors, result.warnings
            if result.ok and "check" not in request.POST:
                _report(request, result)
                saved = [c for k, c, *_ in result.outcomes if k == "scheme"]
                return redirect("planning:scheme", code=saved[0]) if saved else redirect("planning:index")
            if result.ok:
                messages.success(request, "校验通过：可以保存。")
    rounds = list(scheme.rounds.all()) if scheme else []
    return render(request, "planning/scheme.html", {
        "scheme": scheme, "text": text, "errors": errors, "warnings": warnings, "office": office,
        "rounds": rounds, "kinds": ["年中督查", "年终考核"], "today": clock.today(),
        "items": _items_view(scheme.document) if scheme else [],
        "versions": versions_of("scheme", scheme.code) if scheme else [],
        "vetoes": _vetoes_view(scheme.document) if scheme else [],
    })


RULE_LABELS = {"ratio_to_target": "目标完成率", "linear": "线性插值", "rank": "排名", "manual": "人工评分",
               "deduction": "扣分", "bonus": "加分"}


def _params_text(i: dict) -> str:
    parts = []
    if i["rule"] == "linear":
        parts.append(f"{i['zero_at']} 得 0 分，{i['full_at']} 得满分")
    if i["rule"] == "rank":
        parts.append("越大越好" if i.get("order", "desc") == "desc" else "越小越好")
    if i["rule"] in ("deduction", "bonus"):
        parts.append(f"每单位 {i['per_unit']} 分")
        if i.get("cap") is not None:
            parts.append(f"最多 {i['cap']} 分")
    if i["rule"] == "manual" and i.get("evidence") == "required":
        parts.append("须附佐证材料")
    return "，".join(parts)


def _items_view(doc) -> list[dict]:
    return [{**i, "rule_label": RULE_LABELS[i["rule"]], "params": _params_text(i),
             "indicator_name": values.indicator_name(i["indicator"]) if i.get("indicator") else ""}
            for i in doc["items"]]


def _vetoes_view(doc) -> list[dict]:
    return [{**v, "indicator_name": values.indicator_name(v["indicator"])} for v in doc.get("vetoes") or []]


def _public_doc(doc: dict) -> dict:
    """The stored document written back as YAML the office can edit (numbers as numbers)."""
    def num(v):
        d = Decimal(v)
        return int(d) if d == d.to_integral_value() else float(d)

    out = {k: doc[k] for k in ("kind", "code", "name", "year", "region", "assessed") if doc.get(k) is not None}
    if doc.get("targets"):
        out["targets"] = doc["targets"]
    out["grades"] = [{"grade": g["grade"], "min": num(g["min"])} for g in doc["grades"]]
    out["items"] = []
    for i in doc["items"]:
        item = {}
        for k, v in i.items():
            if v is None or (k == "evidence" and v == "optional"):
                continue
            item[k] = num(v) if k in ("points", "zero_at", "full_at", "per_unit", "cap") else v
        out["items"].append(item)
    if doc.get("vetoes"):
        out["vetoes"] = [{k: (num(v) if k == "above" else v) for k, v in veto.items() if v is not None}
                         for veto in doc["vetoes"]]
    return out


@login_required
@require_POST
def round_create(request, code):
    from qualitybrand.planning import services

    scheme = selectors.schemes_for_user(request.user).filter(code=code).first()
    if scheme is None:
        raise Http404
    deadline = docs.parse_date(request.POST.get("deadline", ""))
    if deadline is None:
        messages.error(request, "请填写自评截止日（YYYY-MM-DD）。")
        return redirect("planning:scheme", code=code)
    from django.core.exceptions import ValidationError

    try:
        rnd = services.create_round(request.user, scheme, request.POST.get("kind", ""), deadline=deadline,
                                    rectify_share=request.POST.get("share") or "0.2")
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("planning:scheme", code=code)
    messages.success(request, f"已发布{rnd.kind}，自评截止 {exports.cn_date(rnd.deadline)}。")
    return redirect("planning:round", pk=rnd.pk)


def chart_json(data) -> str:
    return json.dumps(data, ensure_ascii=False)

