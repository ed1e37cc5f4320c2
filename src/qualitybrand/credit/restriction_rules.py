"""Writes of the joint-restriction table (联合惩戒与守信激励规则): the city admin adds and edits rules,
change-logged. Bad input is refused with a Chinese message naming the problem, and nothing is saved."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.core.roles import Role
from qualitybrand.core.services import create_record, update_record

from .models import EFFECTS, PLACES, TRIGGERS, RestrictionRule
from .restrictions import GRADES

FIELDS = ("place", "trigger", "grades", "effect", "basis", "since", "until", "active", "note")


def may_edit(user) -> bool:
    return user is not None and (user.is_superuser or getattr(user, "role", "") == Role.CITY_ADMIN)


def _date(raw, label: str) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValidationError({label: f"{label}“{raw}”不是有效日期：应为 YYYY-MM-DD。"}) from None


def clean(data: dict) -> dict:
    """The rule's values from form or API input, or ValidationError with every problem by field."""
    errors: dict[str, str] = {}
    place = str(data.get("place") or "").strip()
    places = dict(PLACES)
    if place not in places:
        errors["place"] = (f"未知的适用环节“{place}”：应为 " + "、".join(f"{k}（{v}）" for k, v in PLACES) + " 之一。"
                           if place else "请选择适用环节。")
    trigger = str(data.get("trigger") or "").strip()
    if trigger not in dict(TRIGGERS):
        errors["trigger"] = f"触发条件“{trigger}”无效：应为 listed（列入严重违法失信名单）或 grade（信用等级）。"
    effect = str(data.get("effect") or "").strip()
    if effect not in dict(EFFECTS):
        errors["effect"] = f"措施“{effect}”无效：应为 {'、'.join(dict(EFFECTS))} 之一。"
    raw_grades = str(data.get("grades") or "").replace("，", ",").replace("、", ",").upper()
    grades = [g.strip() for g in raw_grades.split(",") if g.strip()]
    wrong = [g for g in grades if g not in GRADES]
    if wrong:
        errors["grades"] = f"信用等级 {'、'.join(wrong)} 无效：应为 A、B、C、D 中的一个或几个，以逗号分隔。"
    elif trigger == "grade" and not grades:
        errors["grades"] = "触发条件为信用等级时，请填写适用的信用等级（如 C,D）。"
    elif trigger == "listed" and grades:
        errors["grades"] = "触发条件为列入严重违法失信名单时，不填信用等级。"
    since = until = None
    try:
        since = _date(data.get("since"), "生效日期")
        if since is None:
            errors["since"] = "请填写生效日期。"
    except ValidationError as exc:
        errors["since"] = exc.message_dict["生效日期"][0]
    try:
        until = _date(data.get("until"), "失效日期")
    except ValidationError as exc:
        errors["until"] = exc.message_dict["失效日期"][0]
    if since and until and until < since:
        errors["until"] = f"失效日期 {until} 早于生效日期 {since}：失效日期应不早于生效日期。"
    basis = str(data.get("basis") or "").strip()
    if len(basis) > 200:
        errors["basis"] = "依据最多 200 字。"
    if errors:
        raise ValidationError(errors)
    active = data.get("active")
    active = active if isinstance(active, bool) else str(active).strip().lower() in ("1", "true", "on", "是")
    return {"place": place, "trigger": trigger, "grades": ",".join(sorted(set(grades))), "effect": effect,
            "basis": basis, "since": since, "until": until, "active": active,
            "note": str(data.get("note") or "").strip()}


def _check_may_edit(user) -> None:
    if not may_edit(user):
        raise PermissionDenied("只有市级管理员可以修改联合惩戒与守信激励规则。")


@transaction.atomic
def create_rule(user, data: dict, *, reason: str = "") -> RestrictionRule:
    _check_may_edit(user)
    values = clean(data)
    return create_record(user, RestrictionRule(**values), reason=reason or "新增联合惩戒规则", check=False)


@transaction.atomic
def update_rule(user, rule: RestrictionRule, data: dict, *, reason: str = "") -> RestrictionRule:
    _check_may_edit(user)
    values = clean(data)
    changes = {k: v for k, v in values.items() if getattr(rule, k) != v}
    if not changes:
        return rule
    return update_record(user, rule, changes, reason=reason or "修改联合惩戒规则", check=False)
