"""Every write of the alerts app's rule settings (warnings.md: office rules and thresholds as data):
validated with Chinese messages, change-logged through core.services, versioned (each saved change
raises `RuleSetting.version`). Only the city office (市级管理员) or a superuser may change rules."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.alerts.engine import LEVEL_RANK, LEVELS
from qualitybrand.alerts.models import RuleSetting
from qualitybrand.alerts.rules import PARAM_UNITS, RULES, RuleDef
from qualitybrand.core import clock
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.services import create_record, update_record

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Upper bounds that keep a threshold meaningful (a 100-year window is a typing slip).
LIMITS = {"days": 3660, "months": 120, "years": 50, "count": 1000}
# Pairs (smaller, larger) that must be in order, with the message when they are not.
ORDERED = [
    ("urgent_days", "window_days", "紧急天数（{a}）应小于提前天数（{b}）：否则所有预警都是紧急级别。"),
    ("min_count", "urgent_count", "紧急批次（{b}）应大于最少批次（{a}）。"),
]


def may_change_rules(user) -> bool:
    return user is not None and (getattr(user, "is_superuser", False) or has_scoped_role(user, {Role.CITY_ADMIN}))


def _ensure_may_change(user) -> None:
    if user is not None and not may_change_rules(user):
        raise PermissionDenied("只有市级管理员可以修改预警规则。")


def clean_params(rule: RuleDef, raw: dict) -> dict:
    """The thresholds of `rule` from raw values (form text or JSON), every one checked; raises
    ValidationError with a dict of Chinese messages by parameter name."""
    errors: dict[str, str] = {}
    out: dict = {}
    for param in rule.params:
        value = raw.get(param.name, rule.defaults.get(param.name))
        text = "" if value is None else str(value).strip()
        if param.kind == "level":
            if text not in LEVELS:
                errors[param.name] = f"{param.label}“{text}”无效：应为 {'、'.join(LEVELS)} 之一。" if text else \
                    f"请选择{param.label}。"
            out[param.name] = text
            continue
        unit, limit = PARAM_UNITS[param.kind], LIMITS[param.kind]
        if isinstance(value, bool) or not (isinstance(value, int) or text.isdecimal()) or not text:
            errors[param.name] = (f"{param.label}“{text}”不是正整数：请填写 1–{limit} 之间的整数（单位：{unit}）。"
                                  if text else f"请填写{param.label}（1–{limit} 之间的整数，单位：{unit}）。")
            continue
        number = int(text)
        if not 1 <= number <= limit:
            errors[param.name] = f"{param.label} {number} 超出范围：应在 1–{limit} {unit}之间。"
            continue
        out[param.name] = number
    if "level" in out and "urgent_level" in out and not errors.get("level") and not errors.get("urgent_level"):
        if LEVEL_RANK[out["urgent_level"]] <= LEVEL_RANK[out["level"]]:
            errors["urgent_level"] = (f"级别顺序有误：紧急时级别（{out['urgent_level']}）应高于基本级别"
                                      f"（{out['level']}），级别由低到高为 {'、'.join(LEVELS)}。")
    for small, large, message in ORDERED:
        if small in out and large in out and out[small] >= out[large]:
            errors.setdefault(small, message.format(a=out[small], b=out[large]))
    if errors:
        raise ValidationError(errors)
    return out


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写规则名称。"})
    if len(name) > 100:
        raise ValidationError({"name": f"规则名称过长（{len(name)} 字）：最多 100 字。"})
    return name


@transaction.atomic
def save_rule(user, code: str, *, params: dict, enabled: bool, name: str | None = None,
              reason: str = "") -> RuleSetting:
    """Change a rule's thresholds, name or enabled flag (a built-in rule's first change creates its row);
    nothing is written when nothing changed."""
    _ensure_may_change(user)
    row = RuleSetting.objects.select_for_update().filter(rule=code).first()
    builtin = RULES.get(row.builtin_code if row else code)
    if builtin is None:
        raise ValidationError({"rule": f"未知的预警规则：{code}。"})
    clean = clean_params(builtin, params)
    new_name = _clean_name(name if name is not None else (row.name if row else builtin.name))
    if row is None:
        return create_record(user, RuleSetting(rule=code, name=new_name, params=clean, enabled=enabled,
                                               updated_by=user if _is_user(user) else None),
                             reason=reason or "修改预警规则", check=False)
    if (row.params, row.enabled, row.name) == (clean, enabled, new_name):
        return row
    return update_record(user, row, {"params": clean, "enabled": enabled, "name": new_name,
                                     "version": row.version + 1, "updated_at": clock.now(),
                                     "updated_by": user if _is_user(user) else None},
                         reason=reason or "修改预警规则", check=False)


@transaction.atomic
def create_office_rule(user, *, code: str, name: str, base: str, params: dict, enabled: bool = True,
                       reason: str = "") -> RuleSetting:
    """An office rule: a built-in rule's computation with other thresholds, under its own code."""
    _ensure_may_change(user)
    code = (code or "").strip()
    errors: dict[str, str] = {}
    if not code:
        errors["rule"] = "请填写规则代码，如 office.tm_renewal_180。"
    elif len(code) > 60 or not CODE_RE.match(code):
        errors["rule"] = (f"规则代码“{code}”无效：应以小写字母开头，由小写字母、数字、下划线组成并用点分段，"
                          "如 office.tm_renewal_180（最多 60 个字符）。")
    elif code in RULES or RuleSetting.objects.filter(rule=code).exists():
        errors["rule"] = f"规则代码“{code}”已被使用：请换一个。"
    builtin = RULES.get(base)
    if builtin is None:
        errors["base"] = f"基于的内置规则“{base}”不存在：请从列表中选择。" if base else "请选择基于的内置规则。"
    try:
        clean_name = _clean_name(name)
    except ValidationError as exc:
        errors.update(exc.message_dict and {k: v[0] for k, v in exc.message_dict.items()})
    clean = {}
    if builtin is not None:
        try:
            clean = clean_params(builtin, params)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return create_record(user, RuleSetting(rule=code, name=clean_name, base=base, params=clean, enabled=enabled,
                                           updated_by=user if _is_user(user) else None),
                         reason=reason or "新增办公室预警规则", check=False)


def _is_user(user) -> bool:
    return user is not None and getattr(user, "pk", None) is not None
