"""The ledgers' step of the home page's first-admin checklist (`core.first_steps`, registered in `ready()`)."""

from __future__ import annotations

from qualitybrand.core.first_steps import Step


def first_import_step(user, code: str) -> Step:
    from qualitybrand.ledgers.models import ImportBatch

    imported = (ImportBatch.objects.filter(status=ImportBatch.Status.DONE, dry_run=False)
                .exclude(ledger__in=["regions", "programs"]).exists())
    return Step("完成第一次台账导入", imported,
                "市场主体、商标、质量检验等台账：下载模板，填好后导入；可先“只检查不写入”。",
                [("台账导入", "/ledgers/")])
