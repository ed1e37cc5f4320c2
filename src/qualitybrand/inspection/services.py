"""Writes of 迎检 (every one change-logged through core.services): start a preparation, draft it from
the engine, turn manual items into assigned tasks for the holders of the evidence, score a manual item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.core.models import Department, Region
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, own_region_code
from qualitybrand.core.services import create_record, update_record
from qualitybrand.indicators.periods import Period
from qualitybrand.inspection import selectors
from qualitybrand.inspection.models import ItemEvaluation, Preparation
from qualitybrand.planning import selectors as planning_selectors
from qualitybrand.planning.models import Scheme
from qualitybrand.planning.selectors import json_number


def _ensure_city_admin(user) -> None:
    if user is not None and not has_scoped_role(user, {Role.CITY_ADMIN}):
        raise PermissionDenied("只有市级管理员可以开展迎检自评。")


def _ensure_may_change(user, prep: Preparation) -> None:
    if user is not None and not selectors.may_change(user, prep):
        raise PermissionDenied("您没有修改该迎检自评的权限。")


def _date(raw, label: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise ValidationError(f"{label}“{raw or ''}”不是有效日期：请按 2014-07-10 的格式填写。") from None


@transaction.atomic
def start_preparation(user, scheme: Scheme, *, as_of, deadline, title: str = "") -> Preparation:
    """A city admin starts the self-evaluation of its city for a scheme that assesses exactly that city."""
    _ensure_city_admin(user)
    code = selectors.assessed_city_code(scheme)
    mine = own_region_code(user, {Role.CITY_ADMIN}) if user is not None else None
    if code is None or (mine is not None and code != mine):
        raise ValidationError(f"考核方案“{scheme.name}”不是考核本市的方案：迎检自评只能针对只考核本市"
                              "（被考核对象仅为本市）的上级考核方案。")
    city = Region.objects.filter(code=code).first()
    if city is None:
        raise ValidationError(f"考核方案“{scheme.name}”的被考核区划 {code} 不存在。")
    as_of, deadline = _date(as_of, "统计截止日"), _date(deadline, "报送期限")
    if as_of.year != scheme.year:
        raise ValidationError(f"统计截止日 {as_of:%Y-%m-%d} 不在方案年度 {scheme.year} 年内。")
    if deadline < as_of:
        raise ValidationError("报送期限不能早于统计截止日。")
    if Preparation.objects.filter(region=city, scheme=scheme).exists():
        raise ValidationError(f"已为考核方案“{scheme.name}”开展过迎检自评，请在列表中打开它。")
    prep = Preparation(region=city, scheme=scheme, title=(title or "").strip() or f"{scheme.name}迎检自评",
                       as_of=as_of, deadline=deadline, created_by=user if getattr(user, "pk", None) else None)
    return create_record(user, prep, reason="开展迎检自评")


def _value_text(value) -> str:
    return "" if value is None else str(json_number(value))


@transaction.atomic
def draft(user, prep: Preparation) -> int:
    """Score every item for the city with the engine (period as of the preparation's date) and store
    value and score per item; manual items keep their scores, explanations and tasks. Vetoes are
    stored as rows too (their value), so the report can say they were checked. Returns the rows written."""
    _ensure_may_change(user, prep)
    doc = prep.scheme.document
    try:
        assessment = planning_selectors.assess_document(doc, Period.as_of(prep.as_of))
    except planning_selectors.AssessmentError as exc:
        raise ValidationError(f"无法起草自评：{exc}") from None
    city = prep.region.code
    result = next((r for r in assessment.results if r.region == city), None)
    if result is None:
        raise ValidationError(f"考核方案“{prep.scheme.name}”不考核{prep.region.name}，无法起草自评。")
    stored = {e.item_code: e for e in prep.items.all()}
    written = 0
    for item in doc["items"]:
        if item["rule"] == "manual":
            if item["code"] not in stored:
                create_record(user, ItemEvaluation(preparation=prep, item_code=item["code"]), reason="起草迎检自评")
                written += 1
            continue
        changes = {"value": _value_text(assessment.value(item.get("indicator"), city)),
                   "score": result.items[item["code"]], "reviewed": True}
        written += _upsert(user, prep, stored.get(item["code"]), item["code"], changes)
    for veto in doc.get("vetoes") or []:
        changes = {"value": _value_text(assessment.value(veto["indicator"], city))}
        written += _upsert(user, prep, stored.get(veto["code"]), veto["code"], changes)
    return written


def _upsert(user, prep, ev, code, changes) -> int:
    if ev is None:
        create_record(user, ItemEvaluation(preparation=prep, item_code=code, **changes), reason="起草迎检自评")
        return 1
    update_record(user, ev, changes, reason="刷新迎检自评")
    return 1


def holder_choices(prep: Preparation) -> list[tuple[str, str]]:
    """Who may hold the evidence: the departments and the counties of the city, as (key, label)."""
    depts = [(f"department:{d.code}", d.name) for d in Department.objects.order_by("id")]
    counties = [(f"region:{r.code}", r.name) for r in Region.objects.filter(parent=prep.region).order_by("code")]
    return depts + counties


def _holders(prep: Preparation, keys) -> list[tuple[str, object]]:
    depts = {d.code: d for d in Department.objects.all()}
    counties = {r.code: r for r in Region.objects.filter(parent=prep.region)}
    out = []
    for key in keys:
        kind, _, code = str(key).partition(":")
        if kind == "department" and code in depts:
            out.append(("department", depts[code]))
        elif kind == "region" and code in counties:
            out.append(("region", counties[code]))
        else:
            raise ValidationError(f"承办单位“{key}”不是本市的部门或县区，请重新选择。")
    return out


def _standard(item: dict) -> str:
    need = "必须提供佐证材料" if item.get("evidence") == "required" else "佐证材料可选"
    return f"提供“{item.get('name', item['code'])}”的佐证材料（文件、图片或扫描件），{need}；验收通过后作为迎检印证材料。"


@transaction.atomic
def create_tasks(user, prep: Preparation, holders_by_item: dict[str, list[str]]) -> list:
    """One assigned task per manual item for the picked holders (departments and/or counties), linked
    to the item's evaluation. All or nothing."""
    from qualitybrand.assignments.services import create_task

    _ensure_may_change(user, prep)
    manual = {i["code"]: i for i in selectors.scheme_items(prep) if i["rule"] == "manual"}
    picked = {code: keys for code, keys in holders_by_item.items() if keys}
    if not picked:
        raise ValidationError("请至少为一个人工评分项选择承办单位（部门或县区）。")
    stored = {e.item_code: e for e in prep.items.all()}
    tasks = []
    for code, keys in picked.items():
        item = manual.get(code)
        if item is None:
            raise ValidationError(f"{code} 不是本方案的人工评分项。")
        ev = stored.get(code)
        if ev is None:
            ev = create_record(user, ItemEvaluation(preparation=prep, item_code=code), reason="交办迎检材料")
        if ev.task_id:
            raise ValidationError(f"评分项 {code} {item.get('name', '')} 已交办，不能重复交办。")
        # the task names its item in its content: assignments links item codes to its own rounds only,
        # the link to the province's item is ItemEvaluation.task
        try:
            task = create_task(user, region=prep.region, title=f"迎检材料：{item.get('name', code)}",
                               content=f"为《{prep.scheme.name}》评分项 {code} {item.get('name', '')}"
                                       f"（{item['points']} 分）收集佐证材料，统计截至 {prep.as_of:%Y年%m月%d日}。",
                               standard=_standard(item), deadline=prep.deadline,
                               assignees=_holders(prep, keys), source=selectors.SOURCE)
        except ValidationError as exc:
            raise ValidationError(f"评分项 {code} {item.get('name', '')} 未能交办：{'；'.join(exc.messages)}") from None
        update_record(user, ev, {"task": task}, reason="交办迎检材料")
        tasks.append(task)
    return tasks


@transaction.atomic
def score_manual(user, prep: Preparation, item_code: str, score, explanation: str = "",
                 reviewed: bool = True) -> ItemEvaluation:
    """The city's score of a manual item, in [0, points], with its explanation."""
    _ensure_may_change(user, prep)
    item = next((i for i in selectors.scheme_items(prep) if i["code"] == item_code), None)
    if item is None or item["rule"] != "manual":
        raise ValidationError(f"“{item_code}”不是本方案的人工评分项。")
    try:
        value = Decimal(str(score).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"评分项 {item_code} 的分数“{score}”不是数字：请填写 0 到 {item['points']} 之间的数。") from None
    if not value.is_finite() or value < 0 or value > Decimal(str(item["points"])):
        raise ValidationError(f"评分项 {item_code} 的分数 {score} 超出范围：应在 0 到 {item['points']} 分之间。")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(f"评分项 {item_code} 的分数最多保留两位小数。")
    ev = prep.items.filter(item_code=item_code).first()
    changes = {"score": value, "explanation": (explanation or "").strip(), "reviewed": bool(reviewed)}
    if ev is None:
        return create_record(user, ItemEvaluation(preparation=prep, item_code=item_code, **changes),
                             reason="迎检自评评分")
    return update_record(user, ev, changes, reason="迎检自评评分")


def may_start(user) -> bool:
    return has_scoped_role(user, {Role.CITY_ADMIN})

