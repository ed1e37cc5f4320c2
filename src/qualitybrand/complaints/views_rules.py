"""办理时限规则 (/complaints/rules/): the statutory deadline versions, kept by the city office."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.selectors import history_for

from . import services
from .models import DeadlineRule

LABELS = {"code": "规则编号", "title": "规则名称", "valid_from": "施行日期", "valid_to": "截止日期",
          "accept_days": "投诉受理时限", "mediate_days": "调解时限", "verify_days": "举报核查时限",
          "extension_days": "举报延期"}


def _city(user) -> bool:
    return user.is_superuser or has_scoped_role(user, {Role.CITY_ADMIN})


def _values(post) -> tuple[dict, dict]:
    values, errors = {}, {}
    for name in ("code", "title"):
        values[name] = (post.get(name) or "").strip()[:100]
    for name in ("valid_from", "valid_to"):
        raw = (post.get(name) or "").strip()
        try:
            values[name] = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            errors[name] = f"{LABELS[name]}“{raw}”无效：应为 2026-04-15 这样的日期。"
    if values.get("valid_from") is None and "valid_from" not in errors:
        errors["valid_from"] = "施行日期必填。"
    for name in ("accept_days", "mediate_days", "verify_days", "extension_days"):
        raw = (post.get(name) or "").strip()
        if raw.isdecimal() and len(raw) < 4:
            values[name] = int(raw)
        else:
            errors[name] = f"{LABELS[name]}应为 1 到 365 之间的整数（工作日）。"
    values["confirmed"] = post.get("confirmed") == "1"
    return values, {k: [v] for k, v in errors.items()}


def _form(request, rule: DeadlineRule | None):
    if not _city(request.user):
        raise PermissionDenied("只有市级管理员可以维护投诉举报办理时限规则。")
    errors: dict = {}
    data = {n: getattr(rule, n) for n in services.RULE_FIELDS} if rule else \
        {"accept_days": 7, "mediate_days": 45, "verify_days": 15, "extension_days": 15, "confirmed": False}
    if request.method == "POST":
        values, errors = _values(request.POST)
        data = values
        if not errors:
            try:
                saved = services.save_rule(request.user, rule, values)
                messages.success(request, f"已保存办理时限规则“{saved.title}”。")
                return redirect("complaints:rules")
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return render(request, "complaints/rule_form.html", {
        "rule": rule, "data": data, "errors": errors, "general": errors.get("__all__", []), "labels": LABELS,
        "history": history_for(rule) if rule else [],
    }, status=400 if errors else 200)


@login_required
def rule_list(request):
    if not (_city(request.user) or has_scoped_role(request.user, {Role.COUNTY, Role.LEADER})):
        raise PermissionDenied("您的角色不能查看投诉举报办理时限规则。")
    return render(request, "complaints/rules.html", {
        "rules": list(DeadlineRule.objects.order_by("valid_from")), "is_city": _city(request.user)})


@login_required
def rule_new(request):
    return _form(request, None)


@login_required
def rule_edit(request, pk):
    return _form(request, get_object_or_404(DeadlineRule, pk=pk))
