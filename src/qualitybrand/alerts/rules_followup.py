"""insp.followup_overdue (warnings.md): a 不合格 batch whose follow-up is not closed on D and whose
deadline then was before D, level 紧急 (a threshold), due = that deadline, key = 抽检编号. The
follow-ups are read through supervision's selectors (the state and deadline each had on D)."""

from __future__ import annotations

from collections.abc import Iterable

from qualitybrand.alerts.engine import Alert
from qualitybrand.alerts.rules import Context, Param, register, url_maker

LEVEL = Param("level", "级别", "level", "级别由低到高：提示、预警、紧急")
WHAT = {"待下达通知": "尚未下达整改通知", "整改中": "整改期限已过、尚未提交整改报告", "待复查": "复查期限已过、尚未复查",
        "复查不合格": "复查不合格后尚未立案或结案"}


def followup_overdue(ctx: Context) -> Iterable[Alert]:
    from qualitybrand.supervision.selectors_followup import overdue_on

    url = url_maker("supervision:followup-detail")
    for o in overdue_on(ctx.as_of, path=ctx.path):
        label = f"抽检批次 {o.number}（{o.product}）"
        yield Alert(ctx.code, o.number, ctx.region_code(o.region_id), ctx.params["level"], o.due,
                    f"{label}不合格后处理{WHAT.get(o.status, '逾期')}，处理期限 {o.due:%Y-%m-%d}",
                    label, url(o.inspection_id), None, "抽查批次")


register("insp.followup_overdue", followup_overdue, name="抽查后处理逾期", object_type="抽查批次", order=70,
         owner="region", meaning="不合格批次的后处理未结束且已过当前环节的处理期限（期限可在抽查后处理设置中调整）",
         level_text="固定（见阈值）", due_text="当前环节的处理期限", defaults={"level": "紧急"}, params=(LEVEL,))
