"""The life of a risk as a transitions table (core/workflow.py).

```
(new) ──登记──▶ 登记 ──开始研判──▶ 研判 ──启动处置──▶ 处置中 ──关闭──▶ 已关闭
                                     └────────────关闭（研判后无需处置）───▶ 已关闭
```
- Every step by the office holding the risk (the county of its region, or the city above it).
- 关闭 requires a conclusion (处置结论); the closure date is the day it is closed.
- Measures (风险警示, 风险告知书, 约谈 …) are taken while the risk is 研判 or 处置中: a risk is assessed
  before anything is done about it, and nothing more is done once it is closed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.roles import CHANGE, Role
from qualitybrand.core.workflow import Transition, Workflow

from .models import RiskInfo, RiskStatus

CITY, COUNTY = Role.CITY_ADMIN, Role.COUNTY
NEW = ""
REGISTER, ASSESS, HANDLE, CLOSE = "登记", "开始研判", "启动处置", "关闭"
MEASURE_STATES = (RiskStatus.ASSESSING, RiskStatus.HANDLING)


def office_in_scope(user, risk: RiskInfo, context: dict):
    if user is not None and risk.pk and not RiskInfo.objects.for_user(user, CHANGE).filter(pk=risk.pk).exists():
        raise PermissionDenied("该风险信息不在您的管辖范围内，不能办理。")
    return {}


def has_conclusion(user, risk: RiskInfo, context: dict):
    if not (context.get("conclusion") or "").strip():
        raise ValidationError("关闭风险须填写处置结论：请写明采取的措施、结果和风险是否已消除。")
    return {}


RISK = Workflow("风险信息", [
    Transition(NEW, REGISTER, RiskStatus.REGISTERED, {CITY, COUNTY}),
    Transition(RiskStatus.REGISTERED, ASSESS, RiskStatus.ASSESSING, {CITY, COUNTY}, ("office_scope",)),
    Transition(RiskStatus.ASSESSING, HANDLE, RiskStatus.HANDLING, {CITY, COUNTY}, ("office_scope",)),
    Transition(RiskStatus.ASSESSING, CLOSE, RiskStatus.CLOSED, {CITY, COUNTY}, ("office_scope", "conclusion")),
    Transition(RiskStatus.HANDLING, CLOSE, RiskStatus.CLOSED, {CITY, COUNTY}, ("office_scope", "conclusion")),
], checks={"office_scope": office_in_scope, "conclusion": has_conclusion})

ACTIONS = (ASSESS, HANDLE, CLOSE)
