"""Models of the tracing app (supervision.md § Traceability, GB/T 38155 terms).

A traceability unit (追溯单元) is a product batch with its 追溯码. Every event names the acting
entity (主体) and, for a transfer, the other side: a 销售 of unit U by S to B and a 购进 of U by B
from S are the same edge S → B (both may be recorded). A 生产 event is a unit's root; with a
投入追溯码 V it also links V's holder (the producer) forward to the new unit (processing).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.registry.models import Entity

PRODUCE, BUY, SELL = "生产", "购进", "销售"
EVENT_KINDS = [(k, k) for k in (PRODUCE, BUY, SELL)]


class TraceUnit:
    """A traceability unit named by its 追溯码: what lists link to (its tree page)."""

    def __init__(self, code: str):
        self.name = self.code = code

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("tracing:unit", args=[self.code])


class TraceEvent(RegionScopedModel):
    number = models.CharField("事件编号", max_length=100, unique=True)
    kind = models.CharField("事件类型", max_length=2, choices=EVENT_KINDS)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="trace_events",
                               verbose_name="主体")
    product = models.CharField("产品名称", max_length=200)
    batch = models.CharField("批次号", max_length=100)
    trace_code = models.CharField("追溯码", max_length=100)
    counterparty = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="trace_counterpart_events", verbose_name="对方主体")
    counterparty_name = models.CharField("对方名称", max_length=200, blank=True)
    source_code = models.CharField("投入追溯码", max_length=100, blank=True)
    occurred = models.DateField("事件日期")
    quantity = models.DecimalField("数量", max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField("计量单位", max_length=20, blank=True)

    scope_entity_field = "entity_id"
    # An enterprise enters its own events (scope_entity_field keeps it to them); offices all of their region.
    scope_actions = {
        VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.ENTERPRISE, Role.LEADER},
        CHANGE: {Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE},
    }

    class Meta:
        verbose_name = verbose_name_plural = "追溯事件"
        ordering = ["id"]
        # The tree walks (selectors.py) look a node (unit, holder) up from both sides of an edge and
        # a processing link by its input unit; the list filters by region and date.
        indexes = [
            models.Index(fields=["trace_code", "entity"], name="trace_code_entity"),
            models.Index(fields=["trace_code", "counterparty"], name="trace_code_counterparty"),
            models.Index(fields=["source_code", "entity"], name="trace_source_entity"),
            models.Index(fields=["region", "occurred"], name="trace_region_occurred"),
            models.Index(fields=["product", "batch"], name="trace_product_batch"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("tracing:events-detail", args=[self.pk])

    @property
    def trace_unit(self) -> TraceUnit:
        return TraceUnit(self.trace_code)

    @property
    def source_unit(self) -> TraceUnit | None:
        return TraceUnit(self.source_code) if self.source_code else None

    @property
    def counterparty_label(self) -> str:
        """对方: the registered entity's name, else the name as recorded."""
        return self.counterparty.name if self.counterparty_id else self.counterparty_name

    @property
    def counterparty_ref(self):
        """对方 as something with a `name`: the entity (its page links) or the recorded name (no page)."""
        return self.counterparty if self.counterparty_id else NamedHolder(self.counterparty_name)


class NamedHolder:
    """A buyer or seller recorded by name only (not in the registry)."""

    def __init__(self, name: str):
        self.name = name

    def __str__(self) -> str:
        return self.name
