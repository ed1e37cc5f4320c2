"""Inspections, incidents, enforcement cases and the blacklist."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.workflow import WorkflowStep
from qualitybrand.registry import choices as ch
from qualitybrand.registry.models import Entity


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (or earlier); Feb 29 becomes Feb 28 in a common year."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return day.replace(year=year)


PUBLIC_YEARS = 3  # 总局令第44号: public for 3 years from 列入日期, then removed (期满移出)


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

    @property
    def public_until(self) -> dt.date:
        """The day its 3 years are over (its 移出日期 when removed on expiry)."""
        return add_years(self.listed, PUBLIC_YEARS)


def blacklist_document_path(instance, filename: str) -> str:
    return f"blacklist/{instance.entry_id}/{filename}"


class BlacklistDocument(models.Model):
    """A document of a blacklist entry (列入决定书 …), kept under MEDIA_ROOT/blacklist/<entry id>/."""

    KINDS = [(k, k) for k in ("列入决定书", "告知书", "送达回证", "移出决定书", "其他")]

    entry = models.ForeignKey(BlacklistEntry, on_delete=models.CASCADE, related_name="documents",
                              verbose_name="名单记录")
    kind = models.CharField("文书类型", max_length=8, choices=KINDS)
    file = models.FileField(upload_to=blacklist_document_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "失信名单文书"

    def __str__(self) -> str:
        return f"{self.kind}：{self.original_name}"


class RepairPolicy(models.Model):
    """The office's rule for credit repair (one row): the decision deadline in working days."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    decision_days = models.PositiveSmallIntegerField("办理时限(工作日)", default=15)

    class Meta:
        verbose_name = verbose_name_plural = "信用修复办理时限"

    def __str__(self) -> str:
        return f"信用修复办理时限 {self.decision_days} 个工作日"


class RepairState(models.TextChoices):
    PENDING = "待审核", "待审核"
    APPROVED = "已修复", "已修复"
    REFUSED = "未通过", "未通过"
    CLOSED = "已终止", "已终止"  # the entry left the list otherwise (期满移出, 撤销) before a decision


class RepairApplication(RegionScopedModel):
    """A credit repair application (信用修复) of a blacklist entry, decided by the city office."""

    entry = models.ForeignKey(BlacklistEntry, on_delete=models.PROTECT, related_name="repairs",
                              verbose_name="名单记录")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="repair_applications",
                               verbose_name="主体")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="申请人")
    applicant_name = models.CharField("申请人", max_length=150, blank=True)
    statement = models.TextField("申请说明", blank=True)
    state = models.CharField("状态", max_length=4, choices=RepairState.choices, default=RepairState.PENDING)
    submitted = models.DateField("申请日期")
    submitted_at = models.DateTimeField("提交时间")
    # None while the working-day calendar of a year on the way is missing (core/workdays.py): the
    # application is taken, the page says which year's calendar the office must add, and
    # `credit_maintenance` fills the deadline in once it can.
    due = models.DateField("办理期限", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="决定人")
    decided = models.DateField("决定日期", null=True, blank=True)
    decision = models.CharField("决定", max_length=4, blank=True)
    reasons = models.TextField("理由", blank=True)

    scope_entity_field = "entity_id"
    # An enterprise applies for its own entry (its CHANGE is the application, never the decision:
    # the workflow table gives the decision to the city office only).
    scope_actions = {
        VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE, Role.LEADER},
        CHANGE: {Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE},
    }

    class Meta:
        verbose_name = verbose_name_plural = "信用修复申请"
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "due"])]

    def __str__(self) -> str:
        return f"{self.entity} 信用修复申请（{self.submitted}）"

    def get_absolute_url(self) -> str:
        return reverse("supervision:repair-detail", args=[self.pk])


def repair_material_path(instance, filename: str) -> str:
    return f"repairs/{instance.application_id}/{filename}"


class RepairMaterial(models.Model):
    """A material of a repair application; the first three kinds are required."""

    REQUIRED = ("整改完成证明", "履行处罚证明", "信用承诺书")
    KINDS = [(k, k) for k in (*REQUIRED, "其他")]

    application = models.ForeignKey(RepairApplication, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField("材料类型", max_length=8, choices=KINDS)
    file = models.FileField(upload_to=repair_material_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "信用修复材料"

    def __str__(self) -> str:
        return f"{self.kind}：{self.original_name}"


class RepairStep(WorkflowStep):
    application = models.ForeignKey(RepairApplication, on_delete=models.CASCADE, related_name="steps")

    class Meta(WorkflowStep.Meta):
        verbose_name = verbose_name_plural = "信用修复流转记录"

    def __str__(self) -> str:
        return f"信用修复#{self.application_id} {self.action}：{self.from_state or '—'} → {self.to_state}"


from qualitybrand.supervision.models_followup import (  # noqa: E402,F401  (one models module for Django)
    DayKind,
    DeadlineStep,
    FollowUp,
    FollowUpDocument,
    FollowUpSetting,
    FollowUpStatus,
    FollowUpStep,
    FollowUpTracking,
    KeyProductCategory,
)
