"""The registry's step of the home page's first-admin checklist (`core.first_steps`, registered in `ready()`)."""

from __future__ import annotations

from qualitybrand.core.first_steps import Step


def programs_step(user, code: str) -> Step:
    from qualitybrand.registry.models import Program

    return Step("定义认定项目", Program.objects.exists(),
                "荣誉认定、培育申报和奖励都引用认定项目（如 省名牌产品）：逐个新增或用“认定项目”台账导入。",
                [("认定项目", "/registry/programs/"), ("导入认定项目台账", "/ledgers/?ledger=programs")])
