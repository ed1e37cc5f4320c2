"""Column specs of the supervision ledgers: inspections, incidents, cases, blacklist."""

from __future__ import annotations

from qualitybrand.ledgers.engine import register
from qualitybrand.ledgers.spec import Column as C
from qualitybrand.ledgers.spec import Ledger, choices
from qualitybrand.registry import choices as ch
from qualitybrand.registry.ledgers import EntityOwned
from qualitybrand.supervision import models as s


@register
class Inspections(EntityOwned):
    name, title, model = "inspections", "监督抽查", s.Inspection
    columns = [
        C("抽检编号", "text", True, field="number"),
        C("抽查级别", "choice", True, field="level", choices=choices(ch.INSPECTION_LEVELS)),
        C("产品类别", "text", True, field="product_category"),
        C("被抽查单位统一社会信用代码", "code", True, upper=True),
        C("抽样日期", "date", True, field="sampled"),
        C("结论", "choice", True, field="conclusion", choices=choices(ch.CONCLUSIONS)),
        C("不合格项目", "text", field="failed_items"),
        C("重点产品", "bool", field="key_product", default=False),
    ]
    key, key_fields = ("抽检编号",), ("number",)
    entity_column = "被抽查单位统一社会信用代码"

    def prefetch(self, ctx, rows):
        super().prefetch(ctx, rows)
        if "key_products" not in ctx.cache:
            from qualitybrand.supervision.keyproducts import Catalogue

            ctx.cache["key_products"] = Catalogue()

    def complete(self, ctx, row, fields, merged, new):
        if merged.get("conclusion") == "不合格" and not merged.get("failed_items"):
            row.error("不合格项目", "结论为不合格时，不合格项目必填。")
        # 重点产品 left empty (or a new record of a file without the column): derived from 产品类别 by the
        # key products catalogue on 抽样日期. An explicit 是/否 in the file always wins.
        if row.values.get("重点产品") is None and ("重点产品" in row.values or new):
            catalogue = ctx.cache.get("key_products")
            if catalogue is not None:
                derived = catalogue.is_key(merged.get("product_category"), merged.get("sampled"))
                fields["key_product"] = merged["key_product"] = derived


@register
class Incidents(Ledger):
    name, title, model = "incidents", "质量安全事故", s.Incident
    columns = [
        C("事故编号", "text", True, field="number"),
        C("区划代码", "code", True),
        C("发生日期", "date", True, field="occurred"),
        C("领域", "choice", True, field="domain", choices=choices(ch.INCIDENT_DOMAINS)),
        C("等级", "choice", True, field="grade", choices=choices(ch.INCIDENT_GRADES)),
        C("简要情况", "text", field="summary"),
    ]
    key, key_fields = ("事故编号",), ("number",)
    region_column = "区划代码"


@register
class Cases(EntityOwned):
    name, title, model = "cases", "执法案件", s.Case
    columns = [
        C("案件编号", "text", True, field="number"),
        C("案件类型", "choice", True, field="case_type", choices=choices(ch.CASE_TYPES)),
        C("区划代码", "code", True),
        C("当事人统一社会信用代码", "code", upper=True),
        C("线索来源", "choice", field="source", choices=choices(ch.CASE_SOURCES)),
        C("立案日期", "date", True, field="opened"),
        C("结案日期", "date", field="closed"),
        C("涉案货值", "amount", field="goods_value", minimum=0),
        C("罚没金额", "amount", field="fines", minimum=0),
        C("移送司法", "bool", field="transferred", default=False),
    ]
    key, key_fields = ("案件编号",), ("number",)
    entity_column, entity_field = "当事人统一社会信用代码", "party_id"
    region_column = "区划代码"

    def build(self, ctx, row):
        out = Ledger.build(self, ctx, row)  # the region is the case's own 区划代码
        if self.entity_column in row.values:
            ent = ctx.entity(row, self.entity_column)
            out["party_id"] = ent[0] if ent else None
        return out

    date_order = (("closed", "opened", "结案日期", "立案日期", False),)


@register
class Blacklist(EntityOwned):
    name, title, model = "blacklist", "严重违法失信名单", s.BlacklistEntry
    columns = [
        C("统一社会信用代码", "code", True, upper=True),
        C("列入日期", "date", True, field="listed"),
        C("列入事由", "text", True, field="reason"),
        C("决定机关", "text", True, field="authority"),
        C("移出日期", "date", field="removed"),
        C("移出方式", "choice", field="removal_method", choices=choices(ch.BLACKLIST_REMOVALS)),
    ]
    key, key_fields = ("统一社会信用代码", "列入日期"), ("entity_id", "listed")
    entity_column = "统一社会信用代码"
    date_order = (("removed", "listed", "移出日期", "列入日期", False),)

    def complete(self, ctx, row, fields, merged, new):
        if merged.get("removed") and not merged.get("removal_method"):
            row.error("移出方式", "填写了移出日期时，移出方式必填（期满移出、信用修复或撤销）。")
        if merged.get("removal_method") and not merged.get("removed"):
            row.error("移出日期", "填写了移出方式时，移出日期必填。")

    def object_repr(self, merged):
        return f"{merged.get('listed')} {merged.get('reason', '')}"
