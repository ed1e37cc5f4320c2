"""Reported indicator values and the office's own indicator definitions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role


class IndicatorValue(RegionScopedModel):
    """A value a department reports for (indicator, region, year). Only approved values count."""

    class Status(models.TextChoices):
        DRAFT = "填报", "填报"
        APPROVED = "审核通过", "审核通过"
        RETURNED = "退回", "退回"

    code = models.CharField("指标代码", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    value = models.DecimalField("数值", max_digits=24, decimal_places=8)
    department = models.CharField("填报部门", max_length=50, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    status = models.CharField("审核状态", max_length=4, choices=Status.choices, default=Status.APPROVED)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    review_comment = models.CharField("审核意见", max_length=500, blank=True)

    scope_actions = {
        VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER},
        CHANGE: {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT},
    }

    class Meta:
        verbose_name = verbose_name_plural = "部门填报指标"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["code", "region", "year"], name="indicator_value_key")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.region.name} {self.code}"


class IndicatorDefinition(models.Model):
    """An office-defined indicator (`custom.*`): reported or formula, loaded from YAML or the editor."""

    class Type(models.TextChoices):
        REPORTED = "reported", "填报"
        FORMULA = "formula", "公式"

    code = models.CharField("指标代码", max_length=100, unique=True)
    name = models.CharField("名称", max_length=200)
    unit = models.CharField("单位", max_length=20, blank=True)
    type = models.CharField("类型", max_length=10, choices=Type.choices)
    owner = models.CharField("责任部门", max_length=50, blank=True)
    aggregation = models.CharField("汇总方式", max_length=4, default="none")
    range_min = models.DecimalField(max_digits=24, decimal_places=8, null=True, blank=True)
    range_max = models.DecimalField(max_digits=24, decimal_places=8, null=True, blank=True)
    formula = models.CharField("公式", max_length=1000, blank=True)
    direction = models.CharField("方向", max_length=6, default="higher")
    definition = models.TextField("定义", blank=True)
    version = models.PositiveIntegerField(default=1)
    source_hash = models.CharField(max_length=64, blank=True)

    # Target sets, schemes, formulas and reported values name it by code (core.references).
    referenced_codes = {"code": "indicator"}

    class Meta:
        verbose_name = verbose_name_plural = "自定义指标"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


def evidence_path(instance, filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.value.year}/{uuid.uuid4().hex}.{suffix}"


class IndicatorEvidence(models.Model):
    """A 佐证材料 file attached to a reported value (stored under MEDIA_ROOT/evidence/)."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="evidence",
                              verbose_name="填报值")
    file = models.FileField("文件", upload_to=evidence_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"指标佐证材料：{self.name}"
