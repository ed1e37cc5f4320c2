"""The recall workflow as a transitions table (core/workflow.py).

```
已启动 ──提交计划──▶ 计划已提交 ──发布信息──▶ 已发布 ──开始实施──▶ 实施中 ──完成召回──▶ 已完成 ──结束监督──▶ 监督结束
  (食品: 停止生产销售 is recorded in any open state; it keeps the state)
```
- 提交计划, 发布信息, 开始实施, 完成召回 (with the summary), 停止生产销售: the responsible enterprise or
  the office of its region (recording what the enterprise reported).
- 结束监督 (with the office's opinion): the office only, after the enterprise's 完成召回 — or at any open
  state when the office ends the supervision for another reason (e.g. the defect disproved).
Per holder (not state changes): 通知 and 处置 by the office of the recall's region, the office of the
holder's region (辖区有受影响主体: its own holders only, never the steps above) or the holder
enterprise for its own row.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.roles import CHANGE, Role
from qualitybrand.core.workflow import Transition, Workflow

from .models import Recall, Status

CITY, COUNTY, ENTERPRISE = Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE
BOTH = {CITY, COUNTY, ENTERPRISE}
OFFICE = {CITY, COUNTY}
PLAN, PUBLISH, ACT, FINISH, END, STOP = "提交计划", "发布信息", "开始实施", "完成召回", "结束监督", "停止生产销售"
OPEN_STATES = (Status.STARTED, Status.PLANNED, Status.PUBLISHED, Status.ACTING)
# the date a step sets on the recall
DATE_FIELDS = {PLAN: "plan_submitted", PUBLISH: "published", FINISH: "closed", END: "closed"}


def in_scope(user, recall: Recall, context: dict):
    """The office of the recall's region (or above), or the responsible enterprise itself."""
    if user is None:
        return {}
    if not Recall.objects.for_user(user, CHANGE).filter(pk=recall.pk).exists():
        if getattr(user, "role", "") == ENTERPRISE:
            raise PermissionDenied("企业用户只能办理本企业作为召回责任企业的召回；作为受影响主体，只能登记本企业的通知和处置情况。")
        from . import selectors

        if selectors.holders_in_scope(user, recall.holders.all()).exists():
            raise PermissionDenied("召回的计划、发布、实施、完成和结束监督由责任企业及其所在地的市场监管部门办理；"
                                   "您可以登记本辖区受影响主体的通知和处置情况。")
        raise PermissionDenied("该召回不在您的管辖范围内，不能办理。")
    return {}


def food_not_stopped(user, recall: Recall, context: dict):
    if recall.product_type != "食品":
        raise ValidationError("只有食品召回需要登记停止生产销售时间（消费品召回没有这一时限）。")
    if recall.stopped_at is not None:
        raise ValidationError("该召回已登记停止生产销售，不能重复登记。")
    return {}


def summary_given(user, recall: Recall, context: dict):
    if not (context.get("comment") or "").strip():
        raise ValidationError("“完成召回”须填写召回总结：召回数量、处置方式和结果。")
    return {"summary": context["comment"].strip()}


RECALL = Workflow("召回", [
    Transition(Status.STARTED, PLAN, Status.PLANNED, BOTH, ("in_scope",)),
    Transition(Status.PLANNED, PUBLISH, Status.PUBLISHED, BOTH, ("in_scope",)),
    Transition(Status.PUBLISHED, ACT, Status.ACTING, BOTH, ("in_scope",)),
    Transition(Status.ACTING, FINISH, Status.DONE, BOTH, ("in_scope", "summary")),
    Transition(Status.DONE, END, Status.ENDED, OFFICE, ("in_scope", "comment")),
    *[Transition(s, END, Status.ENDED, OFFICE, ("in_scope", "comment")) for s in OPEN_STATES],
    *[Transition(s, STOP, s, BOTH, ("in_scope", "food_stop")) for s in OPEN_STATES],
], checks={"in_scope": in_scope, "food_stop": food_not_stopped, "summary": summary_given})

ACTIONS = (PLAN, PUBLISH, ACT, FINISH, END, STOP)
