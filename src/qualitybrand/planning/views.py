"""Pages of planning: target sets (editor, progress, decomposition documents) and schemes."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core import clock
from qualitybrand.core.models import Region
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, region_in_scope
from qualitybrand.planning import decomposition, editor, exports, selectors, values, visibility
from qualitybrand.planning import documents as docs
from qualitybrand.planning import subjects as subj
from qualitybrand.planning.api import visible_target_sets
from qualitybrand.planning.editor import RULE_LABELS
from qualitybrand.planning.editor_subjects import may_edit
from qualitybrand.planning.loading import STATUS_LABELS, load_text
from qualitybrand.planning.models import Round, TargetSet
from qualitybrand.planning.subjects import LABELS as SUBJECT_LABELS

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
    from qualitybrand.planning import visibility

    tasks = visibility.named_tasks(visibility.tasks_for_user(request.user).select_related("region", "round__scheme"))
    today = clock.today()
    return render(request, "planning/index.html", {
        "target_sets": visible_target_sets(request.user),
        "schemes": visibility.schemes_for_user(request.user),
        "rounds": visibility.rounds_for_user(request.user),
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
    """A set the user may see (404 otherwise: nothing is told about another region's sets)."""
    ts = visible_target_sets(request.user).filter(code=code).first()
    if ts is None:
        raise Http404
    return ts


@login_required
def target_progress(request, code):
    """Progress of a target set, one row per subject and indicator (a department 全称, a town or region
    by name); a row drills into the records of the region it answers for (a department: the set's)."""
    ts = _target_set(request, code)
    raw = request.GET.get("as_of")
    day = selectors.default_as_of(ts.year)
    if raw:
        parsed = docs.parse_date(raw)
        if parsed is None or parsed.year != ts.year:
            messages.error(request, f"日期 “{raw}” 无效：应为 {ts.year} 年内的日期（YYYY-MM-DD）。")
        else:
            day = parsed
    try:
        found = selectors.progress(ts, day)
    except selectors.AssessmentError as exc:
        messages.error(request, str(exc))
        found = []
    regions = {r.code: r for r in Region.objects.filter(code__in={ts.document["region"]} | {r.region for r in found})}
    rows = [r for r in found if r.region in regions and region_in_scope(request.user, regions[r.region])]
    tr = selectors.time_ratio(day)
    names = {i["indicator"]: values.indicator_name(i["indicator"]) for i in ts.document["items"]}
    units = {i["indicator"]: values.indicator_unit(i["indicator"]) for i in ts.document["items"]}
    period = selectors.Period.as_of(day)
    table = [{"row": r, "name": names[r.indicator], "unit": units[r.indicator], "pct": float(r.ratio) * 100,
              "subject_name": getattr(r, "subject_name", "") or r.region_name, "tag": STATUS_TAGS[r.status],
              "drill": drill_url(r.indicator, regions[r.region], period)} for r in rows]
    chart = {}
    for t in table:
        r = t["row"]
        entry = chart.setdefault(r.indicator, {"name": names[r.indicator], "regions": [], "pct": [],
                                               "status": [], "actual": [], "target": [], "unit": units[r.indicator]})
        entry["regions"].append(t["subject_name"])
        entry["pct"].append(round(float(r.ratio) * 100, 1))
        entry["status"].append(r.status)
        entry["actual"].append(selectors.json_number(r.actual) if r.actual is not None else 0)
        entry["target"].append(selectors.json_number(r.target))
    kind = ts.document.get("subjects") or "regions"
    return render(request, "planning/target_progress.html", {
        "ts": ts, "day": day, "table": table, "time_pct": float(tr) * 100, "chart": chart,
        "late": sum(1 for r in rows if r.status == "滞后"), "office": is_city_office(request.user),
        "may_edit": may_edit(request.user, ts.region, kind), "kind": kind, "kind_label": SUBJECT_LABELS[kind],
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
def target_document(request, code, kind):
    ts = _target_set(request, code)
    if kind not in ("docx", "xlsx"):
        raise Http404
    if kind == "docx":
        return _download(decomposition.docx(ts, clock.today()), f"{ts.name}分解.docx", "docx")
    return _download(decomposition.xlsx(ts), f"{ts.name}分解.xlsx", "xlsx")


# --- schemes -------------------------------------------------------------------------------

@login_required
def scheme_detail(request, code=None):
    """Scheme view and YAML editor with validation before use."""
    scheme = None
    if code:
        scheme = visibility.schemes_for_user(request.user).filter(code=code).first()
        if scheme is None:
            raise Http404
    office = is_city_office(request.user)
    # who may start a round: the office of the scheme's region (for towns also the county itself)
    round_office = scheme is not None and visibility.is_office(
        request.user, Round(scheme=scheme, region=scheme.region, document=scheme.document))
    text = editor.to_yaml(scheme.document) if scheme else ""
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
        "round_office": round_office, "subject_label": subj.LABELS.get(scheme.subjects, "区划") if scheme else "区划",
        "rounds": rounds, "kinds": ["年中督查", "年终考核"], "today": clock.today(),
        "items": _items_view(scheme.document) if scheme else [],
        "versions": versions_of("scheme", scheme.code) if scheme else [],
        "vetoes": _vetoes_view(scheme.document) if scheme else [],
    })


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
    if i.get("applies_to"):  # who is scored on the item (a department scheme's own items)
        parts.append(f"仅考核{'、'.join(i['applies_to'])}")
    return "，".join(parts)


def _items_view(doc) -> list[dict]:
    return [{**i, "rule_label": RULE_LABELS[i["rule"]], "params": _params_text(i),
             "indicator_name": values.indicator_name(i["indicator"]) if i.get("indicator") else ""}
            for i in doc["items"]]


def _vetoes_view(doc) -> list[dict]:
    return [{**v, "indicator_name": values.indicator_name(v["indicator"])} for v in doc.get("vetoes") or []]


@login_required
@require_POST
def round_create(request, code):
    from qualitybrand.planning import services

    scheme = visibility.schemes_for_user(request.user).filter(code=code).first()
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

