"""工作台的“开始使用”清单: what a new deployment (without the demo) still lacks, for its administrator."""

from __future__ import annotations

from dataclasses import dataclass

from qualitybrand.core.roles import Role


@dataclass
class Step:
    title: str
    done: bool
    hint: str
    links: list[tuple[str, str]]  # (label, url)
    command: str = ""


def steps_for(user) -> list[Step] | None:
    """The checklist for a city administrator (or superuser) while something is missing; None otherwise."""
    if not (user.is_superuser or getattr(user, "role", "") == Role.CITY_ADMIN):
        return None
    from django.contrib.auth import get_user_model

    from qualitybrand.core.models import Region
    from qualitybrand.ledgers.models import ImportBatch
    from qualitybrand.registry.models import Program

    region = getattr(user, "region", None)
    below = Region.objects.filter(parent=region) if region else Region.objects.filter(parent__isnull=False)
    code = region.code if region else "620500"
    imported = (ImportBatch.objects.filter(status=ImportBatch.Status.DONE, dry_run=False)
                .exclude(ledger__in=["regions", "programs"]).exists())
    steps = [
        Step("载入行政区划", below.exists(),
             "本市的区县和乡镇街道：在服务器上运行下面的命令（随附 GB/T 2260 名录），或导入“行政区划”台账。",
             [("导入行政区划台账", "/ledgers/?ledger=regions")], command=f"qualitybrand setup_regions {code}"),
        Step("定义认定项目", Program.objects.exists(),
             "荣誉认定、培育申报和奖励都引用认定项目（如 省名牌产品）：逐个新增或用“认定项目”台账导入。",
             [("认定项目", "/registry/programs/"), ("导入认定项目台账", "/ledgers/?ledger=programs")]),
        Step("完成第一次台账导入", imported,
             "市场主体、商标、质量检验等台账：下载模板，填好后导入；可先“只检查不写入”。",
             [("台账导入", "/ledgers/")]),
        Step("创建用户", get_user_model().objects.exclude(pk=user.pk).exists(),
             "为区县、部门和企业创建账号：每人一个账号，按角色和区划授权。",
             [("新建用户", "/accounts/users/new/"), ("用户管理", "/accounts/users/")]),
    ]
    return None if all(s.done for s in steps) else steps
