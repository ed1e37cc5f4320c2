"""工作台的“开始使用”清单: what a new deployment (without the demo) still lacks, for its administrator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qualitybrand.core.roles import Role


@dataclass
class Step:
    title: str
    done: bool
    hint: str
    links: list[tuple[str, str]]  # (label, url)
    command: str = ""


# Steps of the apps above core, registered from their `AppConfig.ready()` (core imports none of them):
# `register(fn, order)`, `fn(user, region_code) -> Step`. Core's own: 载入行政区划 (10), 创建用户 (40);
# registry: 定义认定项目 (20); ledgers: 完成第一次台账导入 (30).
_steps: dict[str, tuple[int, Callable]] = {}


def register(fn: Callable, order: int) -> None:
    _steps[f"{fn.__module__}.{fn.__qualname__}"] = (order, fn)


def _regions_step(user, code: str) -> Step:
    from qualitybrand.core.models import Region

    region = getattr(user, "region", None)
    below = Region.objects.filter(parent=region) if region else Region.objects.filter(parent__isnull=False)
    return Step("载入行政区划", below.exists(),
                "本市的区县和乡镇街道：在服务器上运行下面的命令（随附 GB/T 2260 名录），或导入“行政区划”台账。",
                [("导入行政区划台账", "/ledgers/?ledger=regions")], command=f"qualitybrand setup_regions {code}")


def _users_step(user, code: str) -> Step:
    from django.contrib.auth import get_user_model

    return Step("创建用户", get_user_model().objects.exclude(pk=user.pk).exists(),
                "为区县、部门和企业创建账号：每人一个账号，按角色和区划授权。",
                [("新建用户", "/accounts/users/new/"), ("用户管理", "/accounts/users/")])


register(_regions_step, 10)
register(_users_step, 40)


def steps_for(user) -> list[Step] | None:
    """The checklist for a city administrator (or superuser) while something is missing; None otherwise."""
    if not (user.is_superuser or getattr(user, "role", "") == Role.CITY_ADMIN):
        return None
    region = getattr(user, "region", None)
    code = region.code if region else "620500"
    steps = [fn(user, code) for _, fn in sorted(_steps.values(), key=lambda item: item[0])]
    return None if all(s.done for s in steps) else steps
