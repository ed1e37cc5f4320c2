"""The complaint workflow (supervision.md § Complaints) as a transitions table.

```
登记 ──受理──▶ 已受理 ──调解 (投诉)──▶ 调解中 ──办结──▶ 已办结
  │                  └──核查 (举报)──▶ 核查中 ──办结──▶ 已办结
  └──不予受理 (投诉, reasons)──▶ 不予受理 (处理结果 不予受理, 办结日期 = the decision day)
延期 (举报, once, +15 working days): by an office user who is none of its handlers (not_self)
转办 (the city office): to another county, the step and status unchanged
```
Every step is taken by the office whose region holds the complaint (`office` check), on a date
not before the ones recorded (`on_date`), dated today unless the clerk gives the real day."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core import clock
from qualitybrand.core.roles import CHANGE, Role
from qualitybrand.core.workflow import Transition, Workflow

from .models import OPEN_STATUSES, Complaint, Status

CITY, COUNTY = Role.CITY_ADMIN, Role.COUNTY
OFFICES = {CITY, COUNTY}
ACCEPT, REFUSE, MEDIATE, VERIFY, CLOSE, EXTEND, TRANSFER = "受理", "不予受理", "调解", "核查", "办结", "延期", "转办"
RESULTS_BY_CATEGORY = {
    "投诉": ("调解成功", "调解不成", "终止调解", "立案", "转办"),
    "举报": ("立案", "不予立案", "转办"),
}


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def office(user, c: Complaint, context: dict):
    if user is not None and not Complaint.objects.for_user(user, CHANGE).filter(pk=c.pk).exists():
        raise PermissionDenied("该投诉举报不在您的管辖范围内，不能办理：由被投诉人所在县区的市场监管部门办理。")
    return {}


def on_date(user, c: Complaint, context: dict):
    """The step's day: not before 登记日期 (nor 受理日期 for later steps), not after today."""
    day = context.get("on") or clock.today()
    if day > clock.today():
        raise ValidationError(f"办理日期 {_cn(day)} 晚于今天，不能预先登记。")
    if day < c.registered:
        raise ValidationError(f"办理日期 {_cn(day)} 早于登记日期 {_cn(c.registered)}：应不早于登记日期。")
    if c.accepted and day < c.accepted and context.get("action") != ACCEPT:
        raise ValidationError(f"办理日期 {_cn(day)} 早于受理日期 {_cn(c.accepted)}：应不早于受理日期。")
    return {}


def complaint_only(user, c: Complaint, context: dict):
    if c.category != "投诉":
        raise ValidationError(f"“{context.get('action')}”只适用于投诉；{c.number} 是举报，"
                              f"举报受理后进行核查，不进行调解。")
    return {}


def report_only(user, c: Complaint, context: dict):
    if c.category != "举报":
        raise ValidationError(f"“{context.get('action')}”只适用于举报；{c.number} 是投诉，投诉受理后进行调解。")
    return {}


def not_extended(user, c: Complaint, context: dict):
    if c.extended:
        raise ValidationError("该举报已延期一次：核查期限只能延长一次（15 个工作日）。")
    return {}


def result_given(user, c: Complaint, context: dict):
    result = context.get("result") or ""
    allowed = RESULTS_BY_CATEGORY[c.category]
    if result not in allowed:
        raise ValidationError(f"请选择处理结果：{c.category}办结的处理结果应为 {'、'.join(allowed)} 之一。")
    recovered = context.get("recovered")
    if recovered is not None and recovered < 0:
        raise ValidationError("挽回经济损失不能为负数（单位：万元）。")
    return {}


def transfer_target(user, c: Complaint, context: dict):
    region = context.get("region")
    if region is None:
        raise ValidationError("请选择转办的县区。")
    from qualitybrand.core.scoping import region_in_scope

    if user is not None and not region_in_scope(user, region):
        raise PermissionDenied("只能转办到您管辖范围内的县区。")
    if region.pk == c.region_id:
        raise ValidationError(f"该投诉举报已由{region.name}办理，请选择另一个县区。")
    return {}


_OPEN = [s for s in OPEN_STATUSES]

COMPLAINT = Workflow("投诉举报", [
    Transition(Status.REGISTERED, ACCEPT, Status.ACCEPTED, OFFICES, ("office", "on_date")),
    Transition(Status.REGISTERED, REFUSE, Status.REFUSED, OFFICES, ("office", "complaint_only", "on_date", "comment")),
    Transition(Status.ACCEPTED, MEDIATE, Status.MEDIATING, OFFICES, ("office", "complaint_only", "on_date")),
    Transition(Status.ACCEPTED, VERIFY, Status.VERIFYING, OFFICES, ("office", "report_only", "on_date")),
    Transition(Status.MEDIATING, CLOSE, Status.CLOSED, OFFICES, ("office", "on_date", "result")),
    Transition(Status.VERIFYING, CLOSE, Status.CLOSED, OFFICES, ("office", "on_date", "result")),
    *[Transition(s, EXTEND, s, OFFICES, ("office", "report_only", "not_extended", "not_self", "comment"))
      for s in (Status.REGISTERED, Status.ACCEPTED, Status.VERIFYING)],
    *[Transition(s, TRANSFER, s, {CITY}, ("office", "transfer_target")) for s in _OPEN],
], checks={"office": office, "on_date": on_date, "complaint_only": complaint_only, "report_only": report_only,
           "not_extended": not_extended, "result": result_given, "transfer_target": transfer_target})

ACTIONS = (ACCEPT, REFUSE, MEDIATE, VERIFY, CLOSE, EXTEND, TRANSFER)


def applies_to(action: str, c: Complaint) -> bool:
    """Whether an action fits the complaint's category (the buttons a page offers)."""
    if action in (REFUSE, MEDIATE):
        return c.category == "投诉"
    if action in (VERIFY, EXTEND):
        return c.category == "举报" and not (action == EXTEND and c.extended)
    return True
