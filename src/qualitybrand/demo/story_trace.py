"""The demo's trace events (ledger `trace_events`; profile.SUPERVISION_STORY): one traced batch three hops
deep and a few more units, built from the generated entities without drawing random numbers.

The recalled unit: electric-bike chargers made by a 秦州区 electronics company, sold to a 麦积区 wholesaler
(hop 1), on to retailers in 秦州区, 甘谷县 and 秦安县 (hop 2), and by them to village shops (hop 3: two in
the registry, one only named). Each sale is recorded by the seller (销售) and, for some, by the buyer as
well (购进): both records are one edge. The other units: a 花牛苹果 lot of a 麦积区 grower pressed into juice
by a processor (a 生产 event with 投入追溯码, so 溯源 of the juice reaches the orchard), a beef lot and a
noodle lot each sold to two shops.
"""

from __future__ import annotations

import datetime as dt

from qualitybrand.demo import profile as P
from qualitybrand.demo.common import _d

S = P.SUPERVISION_STORY

# role: (county, name keywords) — the entities of the story, chosen in order from the county's enterprises
ROLES = {
    "maker": ("620502", ("电子", "电器")),
    "wholesaler": ("620503", ("商贸",)),
    "retail_qz": ("620502", ("商贸",)),
    "retail_gg": ("620523", ("商贸",)),
    "retail_qa": ("620522", ("商贸",)),
    "shop_qa": ("620522", ("商贸",)),
    "shop_qz": ("620502", ("商贸", "物流")),
    "grower": ("620503", ("果业", "农产品")),
    "juicer": ("620503", ("食品", "农产品")),
    "butcher": ("620525", ("食品", "农产品")),
    "noodle": ("620523", ("食品",)),
}
UNNAMED_SHOP = "秦安县兴国镇李记五金日杂店"  # a holder the registry does not know (named only)
CHARGER = "电动自行车充电器(48V 2A)"  # as the ledger normalises it


def trace_entities(data: dict[str, list[dict]]) -> dict[str, dict]:
    """role -> entity row: the first enterprises (by credit code) of the county whose names fit, each used once."""
    from qualitybrand.demo.story_complaints import _respondent_pools

    pools, used, out = _respondent_pools(data), set(), {}
    for role, (county, words) in ROLES.items():
        ent = next(e for e in pools[county] if any(w in e["名称"] for w in words)
                   and e["统一社会信用代码"] not in used)
        used.add(ent["统一社会信用代码"])
        out[role] = ent
    return out


def trace_rows(data: dict[str, list[dict]]) -> list[dict]:
    ents = trace_entities(data)
    unit = S["trace_unit"]
    rows: list[dict] = []

    def event(kind, who, product, batch, code, day, qty, unit_name, to=None, to_name="", source=""):
        rows.append({
            "事件编号": f"ZS2014-{len(rows) + 1:04d}", "事件类型": kind,
            "主体统一社会信用代码": ents[who]["统一社会信用代码"], "产品名称": product, "批次号": batch,
            "追溯码": code, "对方统一社会信用代码": ents[to]["统一社会信用代码"] if to else "",
            "对方名称": to_name, "投入追溯码": source, "事件日期": _d(day), "数量": qty, "计量单位": unit_name})

    d = dt.date
    batch = unit.rsplit("-", 2)[-2]
    # the recalled unit, three hops down
    event("生产", "maker", CHARGER, batch, unit, d(2014, 3, 15), 5000, "个")
    event("销售", "maker", CHARGER, batch, unit, d(2014, 3, 20), 4000, "个", to="wholesaler")
    event("购进", "wholesaler", CHARGER, batch, unit, d(2014, 3, 20), 4000, "个", to="maker")
    for who, day, qty in (("retail_qz", d(2014, 4, 2), 1200), ("retail_gg", d(2014, 4, 8), 900),
                          ("retail_qa", d(2014, 4, 15), 800)):
        event("销售", "wholesaler", CHARGER, batch, unit, day, qty, "个", to=who)
    event("购进", "retail_qz", CHARGER, batch, unit, d(2014, 4, 2), 1200, "个", to="wholesaler")
    event("销售", "retail_qa", CHARGER, batch, unit, d(2014, 5, 6), 200, "个", to="shop_qa")
    event("销售", "retail_qa", CHARGER, batch, unit, d(2014, 5, 9), 120, "个", to_name=UNNAMED_SHOP)
    event("销售", "retail_qz", CHARGER, batch, unit, d(2014, 5, 12), 300, "个", to="shop_qz")
    # apples pressed into juice: 溯源 of the juice reaches the orchard
    apples, juice = "HN-20140106-07", "HNGZ-20140110-02"
    event("生产", "grower", "花牛苹果（冷藏）", "20140106", apples, d(2014, 1, 6), 60, "吨")
    event("销售", "grower", "花牛苹果（冷藏）", "20140106", apples, d(2014, 1, 8), 40, "吨", to="juicer")
    event("生产", "juicer", "花牛苹果浓缩汁", "20140110", juice, d(2014, 1, 10), 8, "吨", source=apples)
    event("销售", "juicer", "花牛苹果浓缩汁", "20140110", juice, d(2014, 2, 18), 5, "吨", to="wholesaler")
    # two more units sold to two shops each
    beef, noodles = "ZJCNR-20140506-03", "GGGM-20140610-11"
    event("生产", "butcher", "清真牛肉", "20140506", beef, d(2014, 5, 6), 2.5, "吨")
    event("销售", "butcher", "清真牛肉", "20140506", beef, d(2014, 5, 8), 1.2, "吨", to="retail_qz")
    event("销售", "butcher", "清真牛肉", "20140506", beef, d(2014, 5, 9), 0.8, "吨", to="retail_gg")
    event("生产", "noodle", "甘谷挂面", "20140610", noodles, d(2014, 6, 10), 12, "吨")
    event("销售", "noodle", "甘谷挂面", "20140610", noodles, d(2014, 6, 16), 4, "吨", to="retail_gg")
    event("销售", "noodle", "甘谷挂面", "20140610", noodles, d(2014, 6, 20), 3, "吨", to="shop_qz")
    return rows
