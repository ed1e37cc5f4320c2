"""Inspections, incidents, enforcement cases and the blacklist."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.registry import choices as ch
from qualitybrand.registry.models import Entity


class Inspection(RegionScopedModel):
    number = models.CharField("抽检编号", max_length=100, unique=True)
    level = models.CharField("抽查级别", max_length=2, choices=ch.INSPECTION_LEVELS)
    product_category = models.CharField("产品类别", max_length=100)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="inspections",
                               verbose_name="被抽查单位")
    sampled = models.DateField("抽样日期")
    conclusion = models.CharField("结论", max_length=3, choices=ch.CONCLUSIONS)
    failed_items = models.CharField("不合格项目", max_length=500, blank=True)
    key_product = models.BooleanField("重点产品", default=False)

    scope_entity_field = "entity_id"

    class Meta:
        verbose_name = verbose_name_plural = "监督抽查"
        ordering = ["id"]
        indexes = [models.Index(fields=["region", "sampled"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspections-detail", args=[self.pk])


class Incident(RegionScopedModel):
    number = models.CharField("事故编号", max_length=100, unique=True)
    occurred = models.DateField("发生日期")
    domain = models.CharField("领域", max_length=6, choices=ch.INCIDENT_DOMAINS)
    grade = models.CharField("等级", max_length=4, choices=ch.INCIDENT_GRADES)
    summary = models.TextField("简要情况", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "质量安全事故"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("supervision:incidents-detail", args=[self.pk])


class Case(RegionScopedModel):
    number = models.CharField("案件编号", max_length=100, unique=True)
    case_type = models.CharField("案件类型", max_length=6, choices=ch.CASE_TYPES)
    party = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
                              verbose_name="当事人")
    source = models.CharField("线索来源", max_length=6, choices=ch.CASE_SOURCES, blank=True)
    opened = models.DateField("立案日期")
    closed = models.DateField("结案日期", null=True, blank=True)
    goods_value = ch.Amount("涉案货值(万元)", null=True, blank=True)
    fines = ch.Amount("罚没金额(万元)", null=True, blank=True)
    transferred = models.BooleanField("移送司法", default=False)

    scope_entity_field = "party_id"

    class Meta:
        verbose_name = verbose_name_plural = "执法案件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("supervision:cases-detail", args=[self.pk])


class BlacklistEntry(RegionScopedModel):
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="blacklist_entries",
                               verbose_name="主体")
    listed = models.DateField("列入日期")
    reason = models.CharField("列入事由", max_length=500)
    authority = models.CharField("决定机关", max_length=200)
    removed = models.DateField("移出日期", null=True, blank=True)
    removal_method = models.CharField("移出方式", max_length=4, choices=ch.BLACKLIST_REMOVALS, blank=True)

    scope_entity_field = "entity_id"

    class Meta:
        verbose_name = verbose_name_plural = "严重违法失信名单"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["entity", "listed"], name="blacklist_key")]

    def __str__(self) -> str:
        return f"{self.entity} {self.listed}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:blacklist-detail", args=[self.pk])
