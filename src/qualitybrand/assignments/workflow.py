"""An assignee's life as a transitions table (core/workflow.py): 办理中 → 待验收 → 已验收, or back to
退回 (with the office's comment) and 待验收 again. The roles are the two sides of the task: the
assignee (who reports) and the office (who accepts); `services` decides which side a user is."""

from __future__ import annotations

from qualitybrand.core.roles import Role
from qualitybrand.core.workflow import Transition, Workflow

OFFICES = {Role.CITY_ADMIN, Role.COUNTY}
ASSIGNEE_ROLE, OFFICE_ROLE = "承办单位", "交办单位"
SUBMIT, ACCEPT, RETURN = "报送办结", "验收通过", "退回"

ASSIGNEE = Workflow("交办任务", [
    Transition("办理中", SUBMIT, "待验收", {ASSIGNEE_ROLE}),
    Transition("退回", SUBMIT, "待验收", {ASSIGNEE_ROLE}),
    Transition("待验收", ACCEPT, "已验收", {OFFICE_ROLE}),
    Transition("待验收", RETURN, "退回", {OFFICE_ROLE}, ("comment",)),
])

STATE_TONES = {"办理中": "blue", "待验收": "orange", "已验收": "green", "退回": "red", "已办结": "green",
               "已撤销": "grey"}
