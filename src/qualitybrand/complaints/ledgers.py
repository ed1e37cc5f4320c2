"""The `complaints` ledger (投诉举报, supervision.md § Complaints and reports): the 12315 platform's
exports and the office's own tables. Registered from ComplaintsConfig.ready() (the ledger engine
lives below this app and never imports it).

The complainant's identity is no column: a ledger file travels between offices, the identity stays
with the handling office (pages and API only)."""

from __future__ import annotations

from qualitybrand.core.workdays import CalendarMissing, is_working_day
from qualitybrand.ledgers import export
from qualitybrand.ledgers.engine import register
from qualitybrand.ledgers.spec import Column as C
from qualitybrand.ledgers.spec import Context, Row, choices
from qualitybrand.registry.ledgers import EntityOwned
from qualitybrand.supervision.models import Case

from .models import CATEGORIES, CHANNELS, RESULTS, Complaint, Status

DATE_HEADERS = (("registered", "登记日期"), ("accepted", "受理日期"), ("closed", "办结日期"))


def derive_status(merged: dict, old_status: str | None) -> str:
    """The status a record's fields say (an import has no workflow): 不予受理 and 办结 from the
    result and 办结日期; an accepted record keeps the stage (调解中 / 核查中) the pages gave it."""
    if merged.get("result") == "不予受理":
        return Status.REFUSED
    if merged.get("closed"):
        return Status.CLOSED
    if merged.get("accepted"):
        if old_status in (Status.MEDIATING, Status.VERIFYING):
            return old_status
        return Status.ACCEPTED
    if old_status == Status.VERIFYING and merged.get("category") == "举报":
        return old_status  # a 举报 verified without a recorded 受理日期
    return Status.REGISTERED


def calendar_problem(day, cache: dict | None = None) -> str:
    """The message naming the working-day calendar to add when `day`'s year is unknown, else ""."""
    if day is None:
        return ""
    cache = {} if cache is None else cache
    if day.year not in cache:
        try:
            is_working_day(day)
            cache[day.year] = ""
        except CalendarMissing as exc:
            cache[day.year] = str(exc)
    return cache[day.year]


@register
class Complaints(EntityOwned):
    name, title, model = "complaints", "投诉举报", Complaint
    columns = [
        C("登记编号", "text", True, field="number"),
        C("类别", "choice", True, field="category", choices=choices(CATEGORIES)),
        C("渠道", "choice", True, field="channel", choices=choices(CHANNELS)),
        C("登记日期", "date", True, field="registered"),
        C("被投诉人统一社会信用代码", "code", upper=True),
        C("被投诉人名称", "text", field="respondent_name"),
        C("区划代码", "code"),
        C("涉及产品", "text", field="product"),
        C("内容摘要", "text", True, field="summary"),
        C("受理日期", "date", field="accepted"),
        C("办结日期", "date", field="closed"),
        C("处理结果", "choice", field="result", choices=choices(RESULTS)),
        C("关联案件编号", "text", field="case_number"),
        C("挽回经济损失", "amount", field="recovered", minimum=0),
    ]
    key, key_fields = ("登记编号",), ("number",)
    entity_column = "被投诉人统一社会信用代码"
    region_column = "区划代码"
    date_order = (("accepted", "registered", "受理日期", "登记日期", False),
                  ("closed", "registered", "办结日期", "登记日期", False))
    notes = ("填写被投诉人统一社会信用代码时，投诉举报由该主体所在区划办理；未填写时，被投诉人名称和区划代码必填。"
             "投诉人身份信息不在台账中，只在承办机构的页面上登记和查看。")

    def prefetch(self, ctx: Context, rows: list[Row]) -> None:
        super().prefetch(ctx, rows)
        cases = ctx.cache.setdefault("cases", {})
        wanted = list({r.values.get("关联案件编号") for r in rows} - {None, ""} - set(cases))
        for i in range(0, len(wanted), 5000):
            for number, pk, region_id in Case.objects.filter(number__in=wanted[i:i + 5000]).values_list(
                    "number", "id", "region_id"):
                if ctx.in_scope(region_id):  # another county's case answers as missing (Context.scope_path)
                    cases[number] = pk
        for number in wanted:
            cases.setdefault(number, None)

    def build(self, ctx, row):
        out = super().build(ctx, row)
        if "关联案件编号" in row.values:
            number = row.values.get("关联案件编号")
            if not number:
                out["case_id"] = None
            else:
                pk = ctx.cache["cases"].get(number)
                if pk is None:
                    row.error("关联案件编号", f"关联案件编号 {number} 不在{ctx.directory}执法案件台账中："
                                          f"请填写已登记的案件编号，或先导入该案件。")
                out["case_id"] = pk
        return out

    def complete(self, ctx, row, fields, merged, new):
        if not merged.get("entity_id"):
            if not merged.get("region_id"):
                row.error("区划代码", "未填写被投诉人统一社会信用代码时，区划代码必填（投诉举报由该区划办理）。")
            if not merged.get("respondent_name"):
                row.error("被投诉人名称", "未填写被投诉人统一社会信用代码时，被投诉人名称必填。")
        years = ctx.cache.setdefault("calendar", {})
        for att, header in DATE_HEADERS:
            problem = calendar_problem(merged.get(att), years)
            if problem:
                row.error(header, f"{header} {merged[att].isoformat()}：{problem}")
        status = derive_status(merged, None if new else merged.get("status"))
        if new or status != merged.get("status"):
            fields["status"] = merged["status"] = status


# The ledger-format export of this ledger: codes for the entity and the region, years by 登记日期.
export.SPECIAL["complaints"] = {"被投诉人统一社会信用代码": ("entity", "entity_id"), "区划代码": ("region", "region_id")}
export.YEAR_FIELDS["complaints"] = "registered"
