"""Every write of the complaints app: registering (pages, API, portal), the workflow steps, the
deadline rule versions and the public status look-up. Each write records the change log; the
complainant's identity is logged masked (the log is read by other offices too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from qualitybrand.core import changelog, clock
from qualitybrand.core.models import Region
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, is_own_region, may_create_in
from qualitybrand.core.workdays import CalendarMissing, is_working_day
from qualitybrand.core.workflow import record_step, role_of
from qualitybrand.registry.models import Entity
from qualitybrand.supervision.models import Case

from . import workflow as wf
from .models import (
    CATEGORIES,
    CHANNELS,
    IDENTITY_FIELDS,
    Complaint,
    ComplaintStep,
    DeadlineRule,
    NumberCounter,
    Status,
)

MASK = "（已登记，仅承办机构可见）"
PREFIXES = {"投诉": "TS", "举报": "JB"}


# --- identity -------------------------------------------------------------------------------

def identity_visible(user, complaint: Complaint) -> bool:
    """The handling office only: a county or city office user bound to exactly the complaint's region."""
    return any(is_own_region(user, complaint.region_id, role) for role in (Role.COUNTY, Role.CITY_ADMIN))


def _snapshot(c: Complaint) -> dict:
    data = changelog.snapshot(c)
    for name in IDENTITY_FIELDS:
        if data.get(name):
            data[name] = MASK
    return data


def _log(user, action: str, c: Complaint, before: dict | None, reason: str) -> None:
    changelog.record(user=user, action=action, obj=c, before=before, after=_snapshot(c), reason=reason)


# --- registering ----------------------------------------------------------------------------

def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def next_number(category: str, registered: dt.date) -> str:
    """TS20140710-0001 / JB…: one locked counter row per prefix and day (unique when clerks register at once)."""
    prefix = f"{PREFIXES[category]}{registered:%Y%m%d}"
    with transaction.atomic():
        NumberCounter.objects.get_or_create(prefix=prefix)
        counter = NumberCounter.objects.select_for_update().get(prefix=prefix)
        n = counter.last
        while True:
            n += 1
            number = f"{prefix}-{n:04d}"
            if not Complaint.objects.filter(number=number).exists():  # an imported number is never reused
                break
        counter.last = n
        counter.save(update_fields=["last"])
    return number


def _parse_date(value, label: str, errors: dict) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[label] = f"{label}“{value}”不是有效日期：应为 2014-07-10 这样的格式。"
        return None


def _calendar_known(day: dt.date, label: str, errors: dict) -> None:
    try:
        is_working_day(day)
    except CalendarMissing as exc:
        errors[label] = f"{label} {day.isoformat()}：{exc}"


def find_respondent(code: str) -> Entity | None:
    """The respondent by its USCC (any county: routing needs the entity's region)."""
    code = (code or "").strip().upper()
    return Entity.objects.select_related("region").filter(uscc=code).first() if code else None


def file_complaint(data: dict, *, user=None, channel: str = "门户") -> Complaint:
    """Register a complaint or report (pages, API, portal form: anonymous with `user=None`).

    `data`: category, registered (default today), respondent_uscc or respondent_name + region (code),
    product, summary, complainant_name / complainant_phone / complainant_address, number (optional).
    Routed to the respondent entity's county, else the region given. Raises ValidationError with a
    message per field (Chinese); nothing is written then."""
    if user is not None and not has_scoped_role(user, {Role.CITY_ADMIN, Role.COUNTY}):
        raise PermissionDenied("只有市、县区市场监管部门的用户可以登记投诉举报。")
    errors: dict[str, str] = {}
    category = str(data.get("category") or "").strip()
    if category not in dict(CATEGORIES):
        errors["category"] = "类别必填：应为 投诉 或 举报。"
    channel = str(data.get("channel") or channel or "").strip()
    if channel not in dict(CHANNELS):
        errors["channel"] = f"渠道“{channel}”无效：应为 {'、'.join(dict(CHANNELS))} 之一。"
    today = clock.today()
    registered = _parse_date(data.get("registered"), "登记日期", errors) or today
    if registered > today:
        errors["registered"] = f"登记日期 {_cn(registered)} 晚于今天。"
    elif "登记日期" not in errors:
        _calendar_known(registered, "登记日期", errors)
    errors = {("registered" if k == "登记日期" else k): v for k, v in errors.items()}
    summary = str(data.get("summary") or "").strip()
    if not summary:
        errors["summary"] = "内容摘要必填：请简要记录投诉举报的事实和诉求。"
    uscc = str(data.get("respondent_uscc") or "").strip().upper()
    name = str(data.get("respondent_name") or "").strip()
    entity = find_respondent(uscc) if uscc else None
    region = None
    if uscc and entity is None:
        errors["respondent_uscc"] = (f"统一社会信用代码 {uscc} 不在市场主体名录中：请核对，"
                                     f"或不填代码而填写被投诉人名称和所在区划。")
    elif entity is not None:
        region = entity.region
    else:
        if not name:
            errors["respondent_name"] = "未填写被投诉人统一社会信用代码时，被投诉人名称必填。"
        code = str(data.get("region") or "").strip()
        region = Region.objects.filter(code=code).first() if code else None
        if region is None:
            errors["region"] = ("未填写被投诉人统一社会信用代码时，请选择被投诉人所在区划（由该区划办理）。"
                                if not code else f"区划代码 {code} 不存在。")
    number = str(data.get("number") or "").strip()
    if number and Complaint.objects.filter(number=number).exists():
        # only a number of the user's own scope is named as existing: never hint at another county's record
        seen = user is not None and Complaint.objects.for_user(user).filter(number=number).exists()
        errors["number"] = (f"登记编号 {number} 已存在：请换一个编号，或留空由系统生成。" if seen
                            else f"登记编号 {number} 不能使用：请换一个编号，或留空由系统生成。")
    fields = {k: str(data.get(k) or "").strip() for k in ("product", *IDENTITY_FIELDS)}
    for key, limit in (("product", 200), ("complainant_name", 100), ("complainant_phone", 50),
                       ("complainant_address", 300)):
        if len(fields[key]) > limit:
            errors[key] = f"过长：最多 {limit} 个字符。"
    if len(name) > 200 or len(number) > 100:
        errors["respondent_name" if len(name) > 200 else "number"] = "过长。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c = Complaint(number=number or next_number(category, registered), category=category, channel=channel,
                      registered=registered, entity=entity, respondent_name=name or (entity.name if entity else ""),
                      summary=summary, region=region, status=Status.REGISTERED,
                      created_by=user if getattr(user, "pk", None) else None, **fields)
        try:
            with transaction.atomic():
                c.save()
        except IntegrityError:
            raise ValidationError({"number": f"登记编号 {c.number} 已存在：请换一个编号。"}) from None
        _log(user, "create", c, None, f"登记{category}（{channel}）")
        record_step(ComplaintStep, user=user, role=role_of(user) if user else "", action="登记", from_state="",
                    to_state=Status.REGISTERED, comment="" if region is None else f"由{region.name}办理",
                    complaint=c)
    return c


def lookup_status(number: str, phone_tail: str) -> dict | None:
    """The public status look-up (portal): the number and the last 4 digits of the phone left with
    it. None for any mismatch, whether the number exists or not (nothing else is told)."""
    number, tail = (number or "").strip(), (phone_tail or "").strip()
    if not number or len(tail) < 4 or not tail.isdecimal():
        return None
    c = Complaint.objects.filter(number=number).select_related("region").first()
    if c is None or not c.complainant_phone or not c.complainant_phone.strip().endswith(tail):
        return None
    return {"number": c.number, "category": c.category, "registered": c.registered, "status": c.status,
            "result": c.result or "", "closed": c.closed, "office": f"{c.region.name}市场监管部门"}


# --- the workflow ---------------------------------------------------------------------------

def actors(c: Complaint) -> list[int | None]:
    """Who handles it (registered, accepted, verified): none of them approves its extension."""
    handlers = c.steps.filter(action__in=[wf.ACCEPT, wf.VERIFY, "登记"]).values_list("user_id", flat=True)
    return [c.created_by_id, *handlers]


def available_actions(user, c: Complaint) -> list[str]:
    if not Complaint.objects.for_user(user, "change").filter(pk=c.pk).exists():
        return []
    ts = wf.COMPLAINT.available(user, c.status, role_of(user), actors(c))
    return [t.action for t in ts if wf.applies_to(t.action, c)]


def act(user, c: Complaint, action: str, *, on: dt.date | None = None, comment: str = "", result: str = "",
        recovered: Decimal | None = None, case_number: str = "", case_type: str = "",
        region: Region | None = None) -> Complaint:
    """Take a step of the workflow; ValidationError / PermissionDenied (Chinese) change nothing."""
    with transaction.atomic():
        c = Complaint.objects.select_for_update(of=("self",)).select_related("region", "entity").get(pk=c.pk)
        wf.office(user, c, {})  # before anything else is told about it
        context = {"on": on, "action": action, "result": result, "recovered": recovered, "region": region}
        t, _ = wf.COMPLAINT.check(user, c, c.status, action, role=role_of(user), comment=comment,
                                  actors=actors(c), context=context)
        day = on or clock.today()
        before = _snapshot(c)
        changes: dict = {"status": t.next_state}
        note = comment
        if action == wf.ACCEPT:
            changes["accepted"] = day
        elif action == wf.REFUSE:
            changes.update(result="不予受理", closed=day)
        elif action == wf.CLOSE:
            changes.update(result=result, closed=day, recovered=recovered)
            if result == "立案":
                case = _case_for(user, c, case_number, case_type, day)
                changes.update(case=case, case_number=case.number)
        elif action == wf.EXTEND:
            changes["extended"] = True
        elif action == wf.TRANSFER:
            note = f"转至{region.name}办理" + (f"：{comment}" if comment else "")
            changes["region"] = region
        for name, value in changes.items():
            setattr(c, name, value)
        c.save()
        _log(user, "update", c, before, f"{action}（{c.category}）")
        record_step(ComplaintStep, user=user, role=role_of(user), action=action, from_state=t.state,
                    to_state=t.next_state, comment=note, complaint=c)
    return c


def _case_for(user, c: Complaint, number: str, case_type: str, day: dt.date) -> Case:
    """立案: link the case named, or open it (a supervision Case of the complaint's county)."""
    number = (number or "").strip()
    if not number:
        raise ValidationError("处理结果为立案时，请填写案件编号（已有案件则关联，新案件则同时登记）。")
    case = Case.objects.for_user(user, "view").filter(number=number).first() if user else \
        Case.objects.filter(number=number).first()
    if case is not None:
        return case
    if Case.objects.filter(number=number).exists():  # held by another county: answered as a clash, nothing told
        raise ValidationError(f"案件编号 {number} 不能使用：请换一个编号。")
    from qualitybrand.registry.choices import CASE_TYPES

    if case_type not in dict(CASE_TYPES):
        raise ValidationError(f"案件编号 {number} 尚未登记：将新建案件，请选择案件类型"
                              f"（{'、'.join(dict(CASE_TYPES))}）。")
    source = c.channel if c.channel in ("12315", "12365") else ("举报" if c.category == "举报" else "其他")
    case = Case(number=number, case_type=case_type, region=c.region, party=c.entity, source=source, opened=day)
    if user is not None and not may_create_in(user, Case, c.region):
        raise PermissionDenied("您没有在该区划登记执法案件的权限。")
    case.full_clean()
    case.save()
    changelog.record(user=user, action="create", obj=case, after=changelog.snapshot(case),
                     reason=f"投诉举报 {c.number} 立案")
    return case


# --- deadline rule versions -----------------------------------------------------------------

RULE_FIELDS = ("code", "title", "valid_from", "valid_to", "accept_days", "mediate_days", "verify_days",
               "extension_days", "confirmed")


def _ensure_city(user) -> None:
    if user is not None and not has_scoped_role(user, {Role.CITY_ADMIN}):
        raise PermissionDenied("只有市级管理员可以维护投诉举报办理时限规则。")


def _check_rule(rule: DeadlineRule) -> None:
    errors = {}
    if not rule.code.strip():
        errors["code"] = "规则编号必填（如 SAMR-121）。"
    if not rule.title.strip():
        errors["title"] = "规则名称必填（如 总局令第121号）。"
    if rule.valid_to and rule.valid_from and rule.valid_to < rule.valid_from:
        errors["valid_to"] = "截止日期不能早于施行日期。"
    for name in ("accept_days", "mediate_days", "verify_days", "extension_days"):
        value = getattr(rule, name)
        if value is None or not 1 <= value <= 365:
            errors[name] = "应为 1 到 365 之间的整数（工作日）。"
    if errors:
        raise ValidationError(errors)
    end = rule.valid_to or dt.date.max
    for other in DeadlineRule.objects.exclude(pk=rule.pk):
        other_end = other.valid_to or dt.date.max
        if rule.valid_from <= other_end and other.valid_from <= end:
            span = f"{_cn(other.valid_from)}至{_cn(other.valid_to) if other.valid_to else '今后'}"
            raise ValidationError({"valid_from": f"与“{other.title}”（{span}）的施行期间重叠：同一天只能适用一个规则版本，"
                                                 f"请先调整该版本的截止日期。"})
    if DeadlineRule.objects.exclude(pk=rule.pk).filter(code=rule.code).exists():
        raise ValidationError({"code": f"规则编号 {rule.code} 已存在。"})


def save_rule(user, rule: DeadlineRule | None, values: dict) -> DeadlineRule:
    """Add (rule None) or edit a version; overlapping periods are refused."""
    _ensure_city(user)
    with transaction.atomic():
        creating = rule is None
        rule = DeadlineRule() if creating else DeadlineRule.objects.select_for_update().get(pk=rule.pk)
        before = None if creating else changelog.snapshot(rule)
        for name in RULE_FIELDS:
            if name in values:
                setattr(rule, name, values[name])
        _check_rule(rule)
        rule.save()
        changelog.record(user=user, action="create" if creating else "update", obj=rule, before=before,
                         after=changelog.snapshot(rule), reason="投诉举报办理时限规则")
    return rule
