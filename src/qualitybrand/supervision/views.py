"""Pages of supervision: inspections, incidents, cases and the blacklist (see registry/views.py)."""

from __future__ import annotations

from qualitybrand.core import clock
from qualitybrand.core.listing import Col, RecordPage
from qualitybrand.supervision import api, selectors


def inspection_tags(i):
    tags = [(i.conclusion, "green" if i.conclusion == "合格" else "red")]
    if i.key_product:
        tags.append(("重点产品", "blue"))
    return tags


def incident_tags(i):
    return [(i.grade, {"一般": "orange"}.get(i.grade, "red"))]


def case_tags(c):
    tags = [("已结案", "grey")] if c.closed else [("办理中", "blue")]
    if c.transferred:
        tags.append(("移送司法", "orange"))
    return tags


def blacklist_tags(b):
    return [selectors.entry_status(b, clock.today())]


def blacklist_links(entry, user):
    from qualitybrand.supervision.views_repair import apply_link

    return apply_link(entry, user)


def blacklist_context(request, entry):
    from qualitybrand.supervision.views_repair import blacklist_detail_context

    return blacklist_detail_context(request, entry)


INSPECTIONS = RecordPage(
    "supervision", "inspections", "监督抽查", api.InspectionViewSet,
    columns=[Col("number", "抽检编号", "number", link=True), Col("entity.name", "被抽查单位", "entity"),
             Col("product_category", "产品类别"), Col("level", "抽查级别", "level"),
             Col("sampled", "抽样日期", "sampled"), Col("status", "结论", kind="tag"),
             Col("failed_items", "不合格项目"), Col("region", "区划", "region", kind="region")],
    filters=["level", "conclusion", "key_product", "product_category", "entity"], name_attr="number",
    codes=[("被抽查单位", "entity.name"), ("产品类别", "product_category")], ledger="inspections",
    tags=inspection_tags, unit="批次",
)

INCIDENTS = RecordPage(
    "supervision", "incidents", "质量安全事故", api.IncidentViewSet,
    columns=[Col("number", "事故编号", "number", link=True), Col("occurred", "发生日期", "occurred"),
             Col("domain", "领域", "domain"), Col("status", "等级", kind="tag"), Col("summary", "简要情况"),
             Col("region", "区划", "region", kind="region")],
    filters=["domain", "grade"], name_attr="number", codes=[("领域", "domain"), ("发生日期", "occurred")],
    ledger="incidents", tags=incident_tags, unit="起",
)

CASES = RecordPage(
    "supervision", "cases", "执法案件", api.CaseViewSet,
    columns=[Col("number", "案件编号", "number", link=True), Col("case_type", "案件类型"),
             Col("party.name", "当事人"), Col("source", "线索来源"), Col("opened", "立案日期", "opened"),
             Col("closed", "结案日期", "closed"), Col("goods_value", "涉案货值(万元)", "goods_value", kind="amount"),
             Col("fines", "罚没金额(万元)", "fines", kind="amount"), Col("status", "状态", kind="tag"),
             Col("region", "区划", "region", kind="region")],
    filters=["case_type", "source", "closed", "closed_year", "transferred", "party"], name_attr="number",
    codes=[("案件类型", "case_type"), ("当事人", "party.name")], ledger="cases", tags=case_tags, unit="件",
)

BLACKLIST = RecordPage(
    "supervision", "blacklist", "严重违法失信名单", api.BlacklistViewSet,
    columns=[Col("entity.name", "主体", "entity"), Col("entity.uscc", "统一社会信用代码"),
             Col("listed", "列入日期", "listed"), Col("reason", "列入事由"),
             Col("public_until", "公示截止", kind="date"), Col("removed", "移出日期", "removed"),
             Col("status", "状态", kind="tag"), Col("region", "区划", "region", kind="region"),
             Col("", "操作", kind="detail")],
    filters=["active", "listed_on", "removal_method", "entity"], name_attr="entity",
    codes=[("统一社会信用代码", "entity.uscc"), ("列入日期", "listed")], ledger="blacklist",
    tags=blacklist_tags, unit="条", prefetch=("repairs",), links=blacklist_links,
    detail_template="supervision/blacklist_detail.html", detail_context=blacklist_context,
)

PAGES = [INSPECTIONS, INCIDENTS, CASES, BLACKLIST]
