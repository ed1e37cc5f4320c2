"""The rules of one trace event (model values), shared by the import, the form and the API."""

from __future__ import annotations

from qualitybrand.tracing.graph import Graph
from qualitybrand.tracing.models import BUY, PRODUCE, SELL


def event_problems(v: dict, graph: Graph) -> list[tuple[str, str]]:
    """[(column header, Chinese message)] of what refuses the event; [] when it may be saved.
    `graph` must hold the event's unit (Graph.load_units)."""
    out = []
    kind = v.get("kind")
    has_other = bool(v.get("counterparty_id") or v.get("counterparty_name"))
    if kind in (BUY, SELL) and not has_other:
        side = "卖方" if kind == BUY else "买方"
        out.append(("对方名称", f"{kind}事件须填写对方（{side}）的统一社会信用代码或名称。"))
    if kind == PRODUCE and has_other:
        out.append(("对方统一社会信用代码", "生产事件不填对方主体（原料来源请用投入追溯码关联）。"))
    if kind != PRODUCE and v.get("source_code"):
        out.append(("投入追溯码", "只有生产事件填写投入追溯码（加工所用原料批次的追溯码）。"))
    if v.get("counterparty_id") and v.get("counterparty_id") == v.get("entity_id"):
        out.append(("对方统一社会信用代码", "对方主体不能是本主体。"))
    if not out:
        problem = graph.problem(v.get("number") or "", v)
        if problem:
            out.append(("投入追溯码" if kind == PRODUCE else "追溯码", problem))
    return out
