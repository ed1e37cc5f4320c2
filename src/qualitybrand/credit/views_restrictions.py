"""The joint-restriction table `/credit/restrictions/`: every office role reads it; the city admin adds
and edits rules through a form (credit/restriction_rules.py writes, change-logged). No logic here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from qualitybrand.core import clock
from qualitybrand.core.roles import Role
from qualitybrand.core.selectors import history_for

from . import restriction_rules
from .models import EFFECTS, PLACES, TRIGGERS, RestrictionRule
from .restrictions import rule_text, rules_on

OFFICE_ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}


def _ensure_office(user) -> None:
    if not (user.is_superuser or getattr(user, "role", "") in OFFICE_ROLES):
        raise PermissionDenied("联合惩戒与守信激励规则仅供机关用户查看。")


@login_required
def rule_list(request):
    _ensure_office(request.user)
    today = clock.today()
    in_force = {r.pk for r in rules_on(today)}
    rules = [{"rule": r, "text": rule_text(r), "in_force": r.pk in in_force}
             for r in RestrictionRule.objects.order_by("place", "id")]
    return render(request, "credit/restrictions.html", {
        "rules": rules, "today": today, "may_edit": restriction_rules.may_edit(request.user)})


def _form_values(rule: RestrictionRule | None) -> dict:
    if rule is None:
        return {"place": "", "trigger": "listed", "grades": "", "effect": "拒绝", "basis": "",
                "since": clock.today().isoformat(), "until": "", "active": True, "note": ""}
    return {"place": rule.place, "trigger": rule.trigger, "grades": rule.grades, "effect": rule.effect,
            "basis": rule.basis, "since": rule.since.isoformat(), "until": rule.until.isoformat() if rule.until else "",
            "active": rule.active, "note": rule.note}


@login_required
def rule_form(request, pk: int | None = None):
    _ensure_office(request.user)
    if not restriction_rules.may_edit(request.user):
        raise PermissionDenied("只有市级管理员可以修改联合惩戒与守信激励规则。")
    rule = get_object_or_404(RestrictionRule, pk=pk) if pk is not None else None
    errors: dict = {}
    status = 200
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in restriction_rules.FIELDS}
        data["active"] = request.POST.get("active") == "on"
        reason = request.POST.get("_reason", "").strip()[:500]
        try:
            if rule is None:
                restriction_rules.create_rule(request.user, data, reason=reason)
                messages.success(request, "已新增规则。")
            else:
                restriction_rules.update_rule(request.user, rule, data, reason=reason)
                messages.success(request, "已保存规则。")
            return redirect("credit:restrictions")
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            errors = {k: "；".join(v) for k, v in errors.items()}
            values, status = data, 400
    else:
        values = _form_values(rule)
    return render(request, "credit/restriction_form.html", {
        "rule": rule, "values": values, "errors": errors, "places": PLACES, "triggers": TRIGGERS,
        "effects": EFFECTS, "history": history_for(rule) if rule is not None else None,
        "title": "修改规则" if rule else "新增规则"}, status=status)
