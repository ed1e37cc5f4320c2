"""预警规则 pages: `/alerts/rules/` lists every rule with its meaning, thresholds and how many warnings
it yields today; the city office changes a rule's thresholds or switches it off, and adds office rules
based on a built-in rule. No logic here: parsing and checks are `alerts.services`, reads `alerts.selectors`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from qualitybrand.alerts import selectors, services
from qualitybrand.alerts.engine import LEVELS
from qualitybrand.alerts.rules import PARAM_UNITS, RULES
from qualitybrand.alerts.settings_store import effective_settings
from qualitybrand.core import clock
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role

VIEW_ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}


def _may_view(user) -> bool:
    return user.is_superuser or has_scoped_role(user, VIEW_ROLES)


def _require_editor(user) -> None:
    if not services.may_change_rules(user):
        raise PermissionDenied("只有市级管理员可以修改预警规则。")


@login_required
def rules(request):
    if not _may_view(request.user):
        raise PermissionDenied("您的角色不能查看预警规则。")
    today = clock.today()
    return render(request, "alerts/rules.html", {
        "rows": selectors.rule_rows(request.user, today), "today": today,
        "may_edit": services.may_change_rules(request.user)})


def _controls(rule, values: dict, errors: dict) -> list[dict]:
    """The threshold inputs of a rule (levels as a choice), with the values shown and their errors."""
    out = []
    for p in rule.params:
        value = values.get(p.name, rule.defaults.get(p.name, ""))
        out.append({"name": p.name, "label": p.label, "unit": PARAM_UNITS[p.kind], "is_level": p.kind == "level",
                    "value": "" if value is None else str(value), "error": errors.get(p.name, ""), "hint": p.hint,
                    "default": rule.defaults.get(p.name)})
    return out


def _errors(exc: ValidationError) -> dict[str, str]:
    if hasattr(exc, "error_dict"):
        return {("general" if k == "__all__" else k): "；".join(v) for k, v in exc.message_dict.items()}
    return {"general": "；".join(exc.messages)}


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request, code: str):
    _require_editor(request.user)
    setting = next((s for s in effective_settings() if s.rule == code), None)
    if setting is None:
        raise Http404(f"没有预警规则 {code}。")
    rule = RULES[setting.builtin]
    values, errors = dict(setting.params), {}
    name, enabled, reason = setting.name, setting.enabled, ""
    if request.method == "POST":
        values = {p.name: request.POST.get(p.name, "") for p in rule.params}
        name = request.POST.get("name", "")
        enabled = request.POST.get("enabled") == "1"
        reason = request.POST.get("_reason", "").strip()
        try:
            services.save_rule(request.user, code, params=values, enabled=enabled, name=name, reason=reason)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, f"已保存预警规则“{name.strip()}”。")
            return redirect("alerts:rules")
    return render(request, "alerts/rule_form.html", {
        "setting": setting, "rule": rule, "controls": _controls(rule, values, errors), "errors": errors,
        "name": name, "enabled": enabled, "reason": reason, "levels": LEVELS, "is_new": False})


@login_required
@require_http_methods(["GET", "POST"])
def rule_new(request):
    """An office rule: first the built-in rule it is based on (?base=), then its code, name and thresholds."""
    _require_editor(request.user)
    base = (request.POST.get("base") or request.GET.get("base") or "").strip()
    bases = [r for r in sorted(RULES.values(), key=lambda r: (r.order, r.code)) if r.params and not r.pending]
    rule = RULES.get(base)
    if rule is None:
        return render(request, "alerts/rule_base.html", {
            "bases": bases, "error": f"内置规则“{base[:60]}”不存在：请从列表中选择。" if base else ""})
    values, errors = dict(rule.defaults), {}
    code, name, reason = "", f"{rule.name}（办公室规则）", ""
    if request.method == "POST":
        values = {p.name: request.POST.get(p.name, "") for p in rule.params}
        code, name = request.POST.get("rule", ""), request.POST.get("name", "")
        reason = request.POST.get("_reason", "").strip()
        try:
            services.create_office_rule(request.user, code=code, name=name, base=base, params=values,
                                        enabled=True, reason=reason)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, f"已新增预警规则“{name.strip()}”。")
            return redirect("alerts:rules")
    return render(request, "alerts/rule_form.html", {
        "rule": rule, "base": base, "controls": _controls(rule, values, errors), "errors": errors,
        "code": code, "name": name, "enabled": True, "reason": reason, "levels": LEVELS, "is_new": True})
