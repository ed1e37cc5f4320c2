"""What the ledgers show on a county's 工作清单 (core/landing.py): its recent imports."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role

TONES = {"done": "green", "refused": "red", "failed": "red", "pending": "blue", "running": "blue",
         "undoing": "orange", "undone": "grey"}


def recent_imports(user):
    from qualitybrand.ledgers.api import batches_for
    from qualitybrand.ledgers.engine import LEDGERS

    if getattr(user, "role", "") != Role.COUNTY:
        return None
    qs = batches_for(user).order_by("-id")
    rows = []
    for b in qs[:10]:
        spec = LEDGERS.get(b.ledger)
        rows.append([Cell(b.file_name, reverse("ledgers:batch", args=[b.pk])),
                     Cell(spec.title if spec else b.ledger), Cell(b.started.strftime("%Y年%-m月%-d日 %H:%M")),
                     Cell(b.get_status_display(), tone=TONES.get(b.status, "grey")),
                     Cell(f"{b.created:,}", num=True), Cell(f"{b.updated:,}", num=True)])
    return Section("最近的台账导入", ["文件", "台账", "导入时间", "状态", "新增(条)", "更新(条)"], rows,
                   empty="暂无导入记录。", total=qs.count(), unit="批次", more_url="/ledgers/history/",
                   more_label="全部导入记录")


def register() -> None:
    landing.register("worklist", recent_imports, order=30)
