"""A program's eligibility rules in an editor (instead of code or YAML): list, add, edit and remove a rule
by kind with its parameters, each rule previewed on the records of the user's region, saved through
`services.set_program_rules` (change-logged). YAML stays as import and export of the same list.

The rule schema is `cultivation.rules` (workflows.md). Bad input is answered at its field in Chinese and
nothing is saved.
"""

from __future__ import annotations

import copy
import hashlib
import json
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from qualitybrand.core import clock
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.registry.models import Program

from . import rules, selectors, services
from .rules import KIND_LABELS

VIEW_ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}
# Which parameters each kind takes (the form shows only these): years are required except for a prerequisite.
KIND_FIELDS = {"prerequisite": ("program", "years"), "trademark_age": ("years",), "entity_age": ("years",),
               "no_failed_inspection": ("years",), "no_serious_incident_or_transfer": ("years",),
               "not_blacklisted": (), "min_score": ("score", "scheme")}
WINDOW_KINDS = {"no_failed_inspection", "no_serious_incident_or_transfer"}
SAMPLE = 10


def _may_view(user) -> bool:
    return has_scoped_role(user, VIEW_ROLES)


def _may_edit(user) -> bool:
    return has_scoped_role(user, {Role.CITY_ADMIN})


def _program(code: str) -> Program:
    program = Program.objects.filter(code=code).first()
    if program is None:
        raise Http404(f"没有认定项目 {code}。")
    return program


def _stamp(rule_list) -> str:
    """A short fingerprint of the stored list: an edit made against an older list is refused."""
    return hashlib.sha256(json.dumps(rule_list or [], sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _current(program) -> list[dict]:
    return [dict(r) for r in (program.rules or []) if isinstance(r, dict)]


# --- one rule from the form ------------------------------------------------------------------

def rule_from_form(data, program: Program, existing: list[dict], index: int | None) -> tuple[dict, dict[str, str]]:
    """The rule (the JSON/YAML form of `cultivation.rules`) the form describes, and the errors by field."""
    from . import scoring

    errors: dict[str, str] = {}
    kind = (data.get("kind") or "").strip()
    if kind not in rules.RULE_TYPES:
        errors["kind"] = f"规则类型“{kind}”无效：请从列表中选择一种规则。" if kind else "请选择规则类型。"
        return {"type": kind}, errors
    rule: dict = {"type": kind}
    if kind == "prerequisite":
        code = (data.get("program") or "").strip()
        required = Program.objects.filter(code=code).first() if code else None
        if not code:
            errors["program"] = "请选择前置项目。"
        elif required is None:
            errors["program"] = f"前置项目“{code}”不存在：请从列表中选择已配置的认定项目。"
        elif required.pk == program.pk:
            errors["program"] = "前置项目不能是本项目自身。"
        rule["program"] = code
    if "years" in KIND_FIELDS[kind]:
        text = (data.get("years") or "").strip()
        if not text and kind == "prerequisite":
            years = 0
        elif not text:
            years = None
            errors["years"] = "请填写年限（整数，单位：年），如 3。"
        elif not text.isdecimal() or len(text) > 3:
            years = None
            errors["years"] = f"年限“{text}”无效：应为不小于 0 的整数（单位：年），如 3。"
        else:
            years = int(text)
            if years > 100:
                errors["years"] = f"年限 {years} 年过大：应在 0–100 年之间。"
            elif years == 0 and kind in WINDOW_KINDS:
                errors["years"] = "年限应至少为 1 年：0 年的核查期间不含任何记录。"
        if years is not None:
            rule["years"] = years
    if kind == "min_score":
        text = (data.get("score") or "").strip()
        try:
            score = Decimal(text)
            if not score.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            score = None
            errors["score"] = f"最低分“{text}”不是数字：请填写 0–1000 之间的分数，如 600。" if text else \
                "请填写最低分（0–1000 之间的分数），如 600。"
        if score is not None:
            if not Decimal(0) <= score <= Decimal(1000):
                errors["score"] = f"最低分 {score} 超出范围：应在 0–1000 分之间。"
            elif score != score.quantize(Decimal("0.01")):
                errors["score"] = f"最低分 {score} 最多保留两位小数。"
            rule["score"] = int(score) if score == score.to_integral_value() else float(score)
        scheme = (data.get("scheme") or "").strip()
        if scheme:
            try:
                scoring.load_scheme(scheme)
            except (ValidationError, OSError, ValueError):
                errors["scheme"] = f"评分标准“{scheme}”不存在：请从列表中选择。"
            rule["scheme"] = scheme
        others = [r for i, r in enumerate(existing) if r.get("type") == "min_score" and i != index]
        if others and "score" not in errors:
            errors["score"] = "本项目已有最低分规则：请修改那一条，不要重复添加。"
    if not errors and any(r == rule for i, r in enumerate(existing) if i != index):
        errors["kind"] = "已有一条完全相同的规则。"
    return rule, errors


def rule_text(rule: dict, names: dict[str, str]) -> str:
    """The rule in words (a table cell)."""
    kind = rule.get("type")
    years = rule.get("years")
    if kind == "prerequisite":
        name = names.get(rule.get("program"), rule.get("program"))
        return f"持有有效的{name}" + (f"满 {years} 年" if years else "")
    if kind == "trademark_age":
        return f"商标注册满 {years or 0} 年"
    if kind == "entity_age":
        return f"企业成立满 {years or 0} 年"
    if kind == "no_failed_inspection":
        return f"近 {years or 0} 年无监督抽查不合格"
    if kind == "no_serious_incident_or_transfer":
        return f"近 {years or 0} 年无较大及以上质量安全事故、无移送司法案件"
    if kind == "not_blacklisted":
        return "未列入严重违法失信名单"
    if kind == "min_score":
        return f"评审得分不低于 {rule.get('score')} 分" + (f"（评分标准 {rule['scheme']}）" if rule.get("scheme") else "")
    return str(kind)


# --- previews on real records ----------------------------------------------------------------

def _pool_text(program, rule_list, names) -> str:
    prereq = [names.get(r.get("program"), r.get("program")) for r in rule_list if r.get("type") == "prerequisite"]
    if prereq:
        return f"持有{'或'.join(prereq)}的对象"
    if program.object_kind == "商标":
        return "有效注册商标"
    return "持有任一有效认定的主体"


def preview(program, rule_list: list[dict], rule: dict, root, on) -> dict:
    """How the candidates of the region (the pool the pipeline uses for the program with `rule_list`) fare
    under `rule` on `on`: counts and the first SAMPLE that fail and that pass, with reasons."""
    from qualitybrand.registry.models import Entity, Trademark

    if not isinstance(rule, dict) or rule.get("type") not in rules.RULE_TYPES:
        return None
    draft = copy.copy(program)
    draft.rules = [r for r in rule_list if isinstance(r, dict) and r.get("type") in rules.RULE_TYPES]
    universe = [c for c, _ in selectors._universe(draft, root, [on])]
    single = copy.copy(program)
    single.rules = [rule]
    results = rules.evaluate(single, universe, on) if universe else []
    groups = {True: [], False: [], None: []}
    counts = {True: 0, False: 0, None: 0}
    for cand, res in zip(universe, results):
        outcome = res[0]["passed"] if res else True
        counts[outcome] += 1
        if len(groups[outcome]) < SAMPLE:
            groups[outcome].append((cand, res[0] if res else None))
    shown = [c for g in groups.values() for c, _ in g]
    entities = {pk: (name, uscc) for pk, name, uscc in Entity.objects.filter(
        id__in={c.entity_id for c in shown}).values_list("id", "name", "uscc")}
    marks = {t.id: t for t in Trademark.objects.filter(id__in={c.trademark_id for c in shown if c.trademark_id})
             .only("id", "number", "name")}

    def rows(group):
        out = []
        for cand, result in group:
            mark = marks.get(cand.trademark_id)
            name, uscc = entities.get(cand.entity_id, ("—", ""))
            out.append({"entity": name, "uscc": uscc, "entity_id": cand.entity_id,
                        "object": f"{mark.name}（{mark.number}）" if mark else (cand.product_name or ""),
                        "reason": result["reason"] if result else ""})
        return out

    return {"total": len(universe), "passed": counts[True], "failed": counts[False], "pending": counts[None],
            "failed_rows": rows(groups[False]), "passed_rows": rows(groups[True]),
            "pending_rows": rows(groups[None]), "shown": len(shown), "region": root, "on": on}


# --- pages -------------------------------------------------------------------------------------

def _root(request):
    from qualitybrand.core.selection import current_selection, scope_regions

    code = (request.GET.get("region") or request.POST.get("region") or "").strip()
    if code:
        region = scope_regions(request.user).filter(code=code).first()
        if region is None:
            raise PermissionDenied(f"区划 {code} 不存在或不在您的管辖范围内。")
        return region
    return current_selection(request)["qb_region"]


def _back(request) -> str:
    """Back to the editor after a write: the same region, scrolled to the top (where the message shows)."""
    from urllib.parse import urlencode

    code = (request.POST.get("region") or request.GET.get("region") or "").strip()
    return request.path + (f"?{urlencode({'region': code})}" if code else "") + "#main"


def _form_of(rule: dict) -> dict:
    return {"kind": rule.get("type", ""), "program": rule.get("program", ""),
            "years": "" if rule.get("years") is None else str(rule["years"]),
            "score": "" if rule.get("score") is None else str(rule["score"]), "scheme": rule.get("scheme", "")}


def _index(text, rule_list) -> int | None:
    text = (text or "").strip()
    if text.isdecimal() and len(text) < 6 and int(text) < len(rule_list):
        return int(text)
    return None


@login_required
def programs(request):
    """The programs with their rules in words, each linking to its editor."""
    if not _may_view(request.user):
        raise PermissionDenied("您的角色不能查看申报条件。")
    items = list(Program.objects.order_by("level", "id"))
    names = {p.code: p.name for p in items}
    rows = [{"program": p, "rules": [rule_text(r, names) for r in _current(p)]} for p in items]
    return render(request, "cultivation/program_rules_list.html", {"rows": rows})


@login_required
def editor(request, code: str):
    user = request.user
    if not _may_view(user):
        raise PermissionDenied("您的角色不能查看申报条件。")
    program = _program(code)
    may_edit = _may_edit(user)
    root = _root(request)
    today = clock.today()
    current = _current(program)
    stamp = _stamp(program.rules)
    form: dict = {"kind": "", "program": "", "years": "", "score": "", "scheme": ""}
    errors: dict[str, str] = {}
    editing = _index(request.GET.get("edit"), current)
    if editing is not None:
        form = _form_of(current[editing])
    draft_preview = None
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("只有市级管理员可以修改申报条件。")
        action = request.POST.get("action", "")
        if request.POST.get("stamp", "") != stamp:
            messages.error(request, "申报条件已被他人修改：页面已刷新为最新的规则，请重新操作。")
            return redirect(_back(request))
        editing = _index(request.POST.get("index"), current)
        if action == "remove":
            if editing is None:
                messages.error(request, "要删除的规则不存在：页面已刷新，请重新操作。")
                return redirect(_back(request))
            removed = current.pop(editing)
            try:
                services.set_program_rules(user, program, current)
            except ValidationError as exc:
                messages.error(request, "未能删除：" + " ".join(exc.messages))
            else:
                messages.success(request, f"已删除规则：{rule_text(removed, _names())}。")
            return redirect(_back(request))
        if action in ("save", "preview"):
            form = {k: request.POST.get(k, "") for k in ("kind", "program", "years", "score", "scheme")}
            rule, errors = rule_from_form(request.POST, program, current, editing)
            if not errors and action == "save":
                new = list(current)
                if editing is None:
                    new.append(rule)
                else:
                    new[editing] = rule
                try:
                    services.set_program_rules(user, program, new)
                except ValidationError as exc:
                    errors["kind"] = " ".join(exc.messages)
                else:
                    verb = "已添加" if editing is None else "已修改"
                    messages.success(request, f"{verb}规则：{rule_text(rule, _names())}。")
                    return redirect(_back(request))
            if not errors and root is not None:
                draft = list(current)
                if editing is None:
                    draft.append(rule)
                else:
                    draft[editing] = rule
                draft_preview = dict(preview(program, draft, rule, root, today), text=rule_text(rule, _names()))
            status = 400 if errors else 200
        elif action != "import":
            messages.error(request, "未知的操作。")
            return redirect(_back(request))
    names = _names()
    items = []
    for i, rule in enumerate(current):
        items.append({"index": i, "rule": rule, "text": rule_text(rule, names),
                      "preview": preview(program, current, rule, root, today) if root is not None else None})
    yaml_text, yaml_error = "", ""
    if request.method == "POST" and request.POST.get("action") == "import":
        yaml_text = request.POST.get("yaml", "")
        try:
            new = rules_from_yaml(yaml_text, program)
            services.set_program_rules(user, program, new)
        except ValidationError as exc:
            yaml_error = " ".join(exc.messages)
            status = 400
        else:
            messages.success(request, f"已导入 {len(new)} 条申报条件，原有规则已替换。")
            return redirect(_back(request))
    from qualitybrand.core.selection import scope_regions

    return render(request, "cultivation/program_rules.html", {
        "program": program, "items": items, "form": form, "errors": errors, "editing": editing,
        "may_edit": may_edit, "stamp": stamp, "root": root, "today": today, "draft": draft_preview,
        "kinds": KIND_LABELS, "kind_fields": {k: " ".join(v) for k, v in KIND_FIELDS.items()},
        "programs": Program.objects.exclude(pk=program.pk).order_by("level", "id"),
        "schemes": _schemes(), "regions": scope_regions(user).exclude(kind="乡镇街道").order_by("path"),
        "pool": _pool_text(program, current, names), "pool_total": _pool_size(program, current, root, today), "yaml_text": yaml_text, "yaml_error": yaml_error,
        "sample": SAMPLE, "default_scheme": rules.DEFAULT_SCHEME,
    }, status=status)


def _pool_size(program, rule_list, root, on) -> int | None:
    if root is None:
        return None
    draft = copy.copy(program)
    draft.rules = [r for r in rule_list if isinstance(r, dict) and r.get("type") in rules.RULE_TYPES]
    return len(selectors._universe(draft, root, [on]))


def _names() -> dict[str, str]:
    return dict(Program.objects.values_list("code", "name"))


def _schemes() -> list[str]:
    from . import scoring

    found = {p.stem for p in scoring.DATA_DIR.glob("*.json")}
    from django.conf import settings

    extra = scoring.Path(getattr(settings, "DATA_DIR", scoring.DATA_DIR)) / "schemes"
    if extra.is_dir():
        found |= {p.stem for p in extra.glob("*.json")}
    return sorted(found)


# --- YAML import and export --------------------------------------------------------------------

def document_of(program) -> dict:
    return {"kind": "program_rules", "program": program.code, "rules": _current(program)}


def rules_from_yaml(text: str, program) -> list[dict]:
    """The rule list of a YAML document (`kind: program_rules` as exported, or a bare list of rules)."""
    import yaml

    try:
        doc = yaml.safe_load(text or "")
    except yaml.YAMLError as exc:
        raise ValidationError(f"YAML 格式有误：{str(exc).splitlines()[0]}。请检查缩进和冒号。") from None
    if doc is None:
        raise ValidationError("没有可导入的内容：请粘贴导出的申报条件 YAML。")
    if isinstance(doc, dict):
        if doc.get("kind", "program_rules") != "program_rules":
            raise ValidationError(f"文档类型“{doc.get('kind')}”不是 program_rules。")
        if doc.get("program") not in (None, program.code):
            raise ValidationError(f"这份申报条件属于项目 {doc.get('program')}，不是本项目 {program.code}。")
        extra = sorted(set(doc) - {"kind", "program", "rules"})
        if extra:
            raise ValidationError(f"申报条件文档含有不认识的字段：{'、'.join(map(str, extra))}。")
        doc = doc.get("rules") or []
    if not isinstance(doc, list):
        raise ValidationError("申报条件应为规则列表，每条规则含 type 和参数。")
    errors = []
    out: list[dict] = []
    for n, item in enumerate(doc, 1):
        if not isinstance(item, dict):
            errors.append(f"第 {n} 条规则应为键值对，如 type: not_blacklisted。")
            continue
        unknown = sorted(set(item) - {"type", "program", "years", "score", "scheme"})
        if unknown:
            errors.append(f"第 {n} 条规则含有不认识的字段：{'、'.join(map(str, unknown))}。")
            continue
        kind = item.get("type")
        if kind in KIND_FIELDS:
            needless = sorted(set(item) - {"type", *KIND_FIELDS[kind]})
            if needless:
                errors.append(f"第 {n} 条规则（{kind}）不带参数 {'、'.join(needless)}：请删去。")
                continue
        data = {"kind": item.get("type"), "program": item.get("program"),
                "years": "" if item.get("years") is None else str(item.get("years")),
                "score": "" if item.get("score") is None else str(item.get("score")),
                "scheme": item.get("scheme") or ""}
        data = {k: "" if v is None else str(v) for k, v in data.items()}
        rule, problems = rule_from_form(data, program, out, None)
        if problems:
            errors.extend(f"第 {n} 条规则：{msg}" for msg in problems.values())
        else:
            out.append(rule)
    if errors:
        raise ValidationError(errors)
    return out


@login_required
def export_yaml(request, code: str):
    import yaml

    if not _may_view(request.user):
        raise PermissionDenied("您的角色不能查看申报条件。")
    program = _program(code)
    text = yaml.safe_dump(document_of(program), allow_unicode=True, sort_keys=False)
    response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''rules_{program.code}.yaml"
    return response


def program_links(program, user) -> list[tuple[str, str]]:
    """The program detail page's link to this editor (registry.views.PROGRAMS), for those who may open it."""
    from django.urls import reverse

    if not _may_view(user):
        return []
    label = "编辑申报条件" if _may_edit(user) else "申报条件"
    return [(label, reverse("cultivation:program_rules_edit", args=[program.code]))]
