"""Factories of the recall tests: a traced batch four hops deep and a recall of it (through the service)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qualitybrand.recalls import services
from tests.factories import EntityFactory
from tests.tracing.factories import event

D = dt.date


def chain(region, other=None, prefix: str = ""):
    """Factory M (region) makes 奶粉 batch code; sells to distributor W; W to retailers R1 (region) and R2
    (other county) and a stall known by name; R1 to a canteen C (four hops down)."""
    other = other or region
    code = f"{prefix or region.code}-NF01"
    e = {k: EntityFactory(region=other if k == "R2" else region, name=f"{prefix}{region.name}{k}商贸有限公司")
         for k in ("M", "W", "R1", "R2", "C")}
    e["M"].name = f"{prefix}{region.name}乳业有限公司"
    e["M"].save()
    event("生产", e["M"], code, quantity=Decimal(1000), day=D(2024, 9, 2), product="婴儿奶粉")
    event("销售", e["M"], code, counterparty=e["W"], quantity=Decimal(600), day=D(2024, 9, 5), product="婴儿奶粉")
    event("销售", e["W"], code, counterparty=e["R1"], quantity=Decimal(200), day=D(2024, 9, 9), product="婴儿奶粉")
    event("销售", e["W"], code, counterparty=e["R2"], quantity=Decimal(100), day=D(2024, 9, 10), product="婴儿奶粉")
    event("销售", e["W"], code, name="城东菜市场摊位", quantity=Decimal(30), day=D(2024, 9, 11), product="婴儿奶粉")
    event("销售", e["R1"], code, counterparty=e["C"], quantity=Decimal(20), day=D(2024, 9, 12), product="婴儿奶粉")
    e["code"] = code
    return e


def recall(user, e, *, product_type="消费品", level="", decided=D(2024, 9, 27), **kw):
    return services.create_recall(user, entity=e["M"], product="婴儿奶粉", product_type=product_type, level=level,
                                  kind=kw.pop("kind", "责令召回"), reason="阪崎肠杆菌超标", trace_codes=[e["code"]],
                                  decided=decided, **kw)
