"""complaint.overdue (warnings.md, supervision.md § Complaints): a complaint or report open on D whose
current statutory deadline is before D. It replaces the placeholder of `alerts.rules_offices` (a later
registration wins) and reads the complaints only through `complaints.deadlines`: one query for the open
complaints of the kept regions, then their deadlines set-based."""

from __future__ import annotations

from collections.abc import Iterable

from qualitybrand.alerts.engine import Alert
from qualitybrand.alerts.rules import Context, register, url_maker
from qualitybrand.alerts.rules_offices import LEVEL

WHAT = {"投诉": "受理期限", "举报": "核查办理期限"}


def complaint_overdue(ctx: Context) -> Iterable[Alert]:
    from qualitybrand.complaints.deadlines import overdue_on
    from qualitybrand.complaints.models import Complaint

    d, level = ctx.as_of, ctx.params["level"]
    qs = ctx.within(Complaint.objects.select_related("entity").only(
        "id", "number", "category", "registered", "accepted", "closed", "extended", "region_id",
        "respondent_name", "entity__name"))
    url = url_maker("complaints:detail")
    for c, due in overdue_on(d, qs):
        if c.category == "投诉" and c.accepted is not None and c.accepted <= d:
            what = "调解期限"
        else:
            what = WHAT.get(c.category, "办理期限")
        respondent = c.entity.name if c.entity_id else c.respondent_name
        about = f"（被投诉人：{respondent}）" if respondent else ""
        label = f"{c.category}“{c.number}”"
        yield Alert(ctx.code, c.number, ctx.region_code(c.region_id), level, due,
                    f"{label}{about}登记于 {c.registered:%Y-%m-%d}，{what}为 {due:%Y-%m-%d}（按工作日计算），"
                    f"截至 {d:%Y-%m-%d} 仍未办结，已逾期，请尽快办理", label, url(c.pk), None, "投诉举报")


register("complaint.overdue", complaint_overdue, name="投诉举报逾期", object_type="投诉举报", order=75, owner="region",
         meaning="在 D 未办结的投诉或举报（登记日期 ≤ D，办结日期为空或晚于 D）已过当前法定期限：未受理的投诉为"
                 "登记日期后 7 个工作日，已受理的投诉为受理日期后 45 个工作日，举报为登记日期后 15 个工作日（批准延期"
                 "的再加 15 个）；期限按登记日期适用的规则版本",
         level_text="固定（见阈值）", due_text="当前法定期限", defaults={"level": "紧急"}, params=(LEVEL,))
