"""A campaign's life as a transitions table (core/workflow.py): 筹备 → 实施中 → 总结 → 已结束.
The office that owns the campaign moves it (the city for a city-wide one, a county for its own);
`services.transition` checks the owner through `Campaign.objects.for_user(user, CHANGE)`."""

from __future__ import annotations

from qualitybrand.core.roles import Role
from qualitybrand.core.workflow import Transition, Workflow

OFFICES = {Role.CITY_ADMIN, Role.COUNTY}

START, SUMMARISE, REOPEN, FINISH = "启动实施", "进入总结", "退回实施", "结束"

CAMPAIGN = Workflow("专项整治", [
    Transition("筹备", START, "实施中", OFFICES),
    Transition("实施中", SUMMARISE, "总结", OFFICES),
    Transition("总结", REOPEN, "实施中", OFFICES, ("comment",)),
    Transition("总结", FINISH, "已结束", OFFICES),
])

STATUS_TONES = {"筹备": "blue", "实施中": "orange", "总结": "blue", "已结束": "grey"}
TASK_TONES = {"待办": "blue", "进行中": "orange", "已完成": "green"}
