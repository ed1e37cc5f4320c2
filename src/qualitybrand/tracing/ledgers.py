"""The `trace_events` ledger (追溯事件): the office's import of 生产 / 购进 / 销售 events.

The contract names the ledger, not its columns: they are documented in docs/dev-notes.md.
A row's 主体 gives its region (entity-owned). References follow `Context.in_scope`: for a county,
an entity of another county (主体 or 对方) is answered exactly as an unknown code; such a buyer or
seller is then recorded by 对方名称 only (the city office records cross-county codes).
"""

from __future__ import annotations

from qualitybrand.ledgers import export
from qualitybrand.ledgers.engine import register
from qualitybrand.ledgers.spec import Column as C
from qualitybrand.ledgers.spec import choices
from qualitybrand.registry.ledgers import EntityOwned
from qualitybrand.tracing import models as m
from qualitybrand.tracing.graph import Graph
from qualitybrand.tracing.rules import event_problems

COUNTERPARTY = "对方统一社会信用代码"


@register
class TraceEvents(EntityOwned):
    name, title, model = "trace_events", "追溯事件", m.TraceEvent
    columns = [
        C("事件编号", "text", True, field="number"),
        C("事件类型", "choice", True, field="kind", choices=choices(m.EVENT_KINDS)),
        C("主体统一社会信用代码", "code", True, upper=True),
        C("产品名称", "text", True, field="product"),
        C("批次号", "text", True, field="batch"),
        C("追溯码", "code", True, field="trace_code"),
        C(COUNTERPARTY, "code", upper=True),
        C("对方名称", "text", field="counterparty_name"),
        C("投入追溯码", "code", field="source_code"),
        C("事件日期", "date", True, field="occurred"),
        C("数量", "number", field="quantity", minimum=0),
        C("计量单位", "text", field="unit"),
    ]
    key, key_fields = ("事件编号",), ("number",)
    entity_column = "主体统一社会信用代码"
    notes = "购进、销售须填对方统一社会信用代码或对方名称；投入追溯码仅用于生产（加工所用的原料批次）。"

    def prefetch(self, ctx, rows):
        super().prefetch(ctx, rows)
        ctx.load_entities({r.values.get(COUNTERPARTY) for r in rows} - {None})
        graph = ctx.cache.setdefault("trace_graph", Graph())
        graph.load_units({r.values.get("追溯码") for r in rows})

    def build(self, ctx, row):
        out = super().build(ctx, row)
        if COUNTERPARTY in row.values:
            other = ctx.entity(row, COUNTERPARTY)
            out["counterparty_id"] = other[0] if other else None
        return out

    def complete(self, ctx, row, fields, merged, new):
        if row.errors:
            return  # an unknown code already said what is wrong; the rules below would guess
        graph = ctx.cache["trace_graph"]
        for header, message in event_problems(merged, graph):
            row.error(header, message)
        if not row.errors:
            graph.add(merged["number"], merged)


# The ledger format export (ledgers/export.py) names the two entities by their codes; `year` = 事件日期.
export.SPECIAL["trace_events"] = {"主体统一社会信用代码": ("entity", "entity_id"), COUNTERPARTY: ("entity", "counterparty_id")}
export.YEAR_FIELDS["trace_events"] = "occurred"
