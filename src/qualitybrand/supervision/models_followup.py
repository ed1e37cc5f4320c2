"""抽查后处理 (follow-up of a failed batch) and the key products catalogue (supervision.md).

Imported at the end of models.py (one app, one models module for Django; this file keeps both small).
A 不合格 batch without a FollowUp row is an open follow-up in 待下达通知: rows are created at the first
step, so ledger imports and their undo never have to know about follow-ups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.workflow import WorkflowStep
from qualitybrand.registry.models import Entity
from qualitybrand.supervision.models import Case, Inspection


class FollowUpStatus(models.TextChoices):
    AWAITING_NOTICE = "待下达通知", "待下达通知"
    RECTIFYING = "整改中", "整改中"
    AWAITING_RECHECK = "待复查", "待复查"
    RECHECK_PASSED = "复查合格", "复查合格"
    RECHECK_FAILED = "复查不合格", "复查不合格"
    CASE_OPENED = "已立案", "已立案"
    CLOSED = "已结案", "已结案"


RECHECK_RESULTS = [("合格", "合格"), ("不合格", "不合格")]


class FollowUp(RegionScopedModel):
    """The follow-up of one 不合格 batch; region = the inspection's region (the entity's county)."""

    inspection = models.OneToOneField(Inspection, on_delete=models.PROTECT, related_name="followup",
                                      verbose_name="抽检批次")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="followups",
                               verbose_name="被抽查单位")
    status = models.CharField("状态", max_length=6, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.AWAITING_NOTICE)
    notice_number = models.CharField("通知书编号", max_length=60, blank=True)
    notice_date = models.DateField("通知日期", null=True, blank=True)
    # Deadlines are stored when their step happens (the settings of that day); None while a
    # year's working-day calendar is missing (core/workdays.py) or no deadline is configured.
    rectify_due = models.DateField("整改期限", null=True, blank=True)
    report_date = models.DateField("整改报告日期", null=True, blank=True)
    recheck_due = models.DateField("复查期限", null=True, blank=True)
    recheck_date = models.DateField("复查日期", null=True, blank=True)
    recheck_result = models.CharField("复查结果", max_length=3, choices=RECHECK_RESULTS, blank=True)
    recheck_items = models.CharField("复查不合格项目", max_length=500, blank=True)
    dispose_due = models.DateField("处理期限", null=True, blank=True)  # 立案 or 结案 after a failed 复查
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="followups",
                             verbose_name="关联案件")
    closed = models.DateField("办结日期", null=True, blank=True)
    close_comment = models.TextField("结案意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_entity_field = "entity_id"
    # The enterprise sees its own follow-ups and submits its 整改报告 (its only CHANGE: the workflow
    # table gives every other step to the office).
    scope_actions = {
        VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE, Role.LEADER},
        CHANGE: {Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE},
    }

    class Meta:
        verbose_name = verbose_name_plural = "抽查后处理"
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "closed"]), models.Index(fields=["recheck_date"])]

    def __str__(self) -> str:
        return f"{self.inspection.number} 抽查后处理"

    def get_absolute_url(self) -> str:
        return reverse("supervision:followup-detail", args=[self.inspection_id])

    @property
    def is_closed(self) -> bool:
        return self.closed is not None


def followup_document_path(instance, filename: str) -> str:
    return f"followups/{instance.followup_id}/{filename}"


class FollowUpDocument(models.Model):
    """A document of a follow-up: the generated 责令整改通知书, the uploaded 整改报告, …"""

    KINDS = [(k, k) for k in ("责令整改通知书", "整改报告", "复查报告", "其他")]

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="documents",
                                 verbose_name="抽查后处理")
    kind = models.CharField("文书类型", max_length=8, choices=KINDS)
    file = models.FileField(upload_to=followup_document_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "抽查后处理文书"

    def __str__(self) -> str:
        return f"{self.kind}：{self.original_name}"


class FollowUpStep(WorkflowStep):
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="steps")

    class Meta(WorkflowStep.Meta):
        verbose_name = verbose_name_plural = "抽查后处理流转记录"

    def __str__(self) -> str:
        return f"抽查后处理#{self.followup_id} {self.action}：{self.from_state or '—'} → {self.to_state}"


class DeadlineStep(models.TextChoices):
    NOTICE = "下达整改通知", "下达整改通知"  # after 抽样日期; none by default (the contract names none)
    RECTIFY = "整改", "整改"                # after 通知日期; default 30 calendar days
    RECHECK = "复查", "复查"                # after 整改报告日期; default 15 working days
    DISPOSE = "立案或结案", "立案或结案"      # after a failed 复查; none by default


class DayKind(models.TextChoices):
    CALENDAR = "自然日", "自然日"
    WORKING = "工作日", "工作日"


class FollowUpSetting(models.Model):
    """The deadline of one follow-up step (data; the city office edits it, change-logged).
    `days` empty = the step has no deadline."""

    step = models.CharField("环节", max_length=8, choices=DeadlineStep.choices, unique=True)
    days = models.PositiveSmallIntegerField("期限(天)", null=True, blank=True)
    day_kind = models.CharField("计算方式", max_length=3, choices=DayKind.choices, default=DayKind.CALENDAR)

    class Meta:
        verbose_name = verbose_name_plural = "抽查后处理期限"
        ordering = ["id"]

    def __str__(self) -> str:
        if self.days is None:
            return f"{self.step}期限：不设"
        return f"{self.step}期限：{self.days}个{self.day_kind}"


class FollowUpTracking(models.Model):
    """跟踪起始日期 (data; the city office edits it, change-logged): 不合格 batches sampled before it were
    handled on paper before the platform (an imported ledger) and are 历史批次 — not open, never overdue,
    off the worklists — until the office takes a step on one (its FollowUp row makes it tracked).
    No row, or `start` empty, = every batch is tracked (an imported city behaves as supervision.md says)."""

    key = models.CharField(max_length=8, unique=True, default="全市", editable=False)  # one row
    start = models.DateField("跟踪起始日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查后处理跟踪起始日期"

    def __str__(self) -> str:
        return f"跟踪起始日期：{self.start.isoformat() if self.start else '不设'}"


class KeyProductCategory(models.Model):
    """A category of 重点工业产品质量安全监管目录 with its product names (data, change-logged)."""

    name = models.CharField("目录类别", max_length=100)
    products = models.JSONField("产品名称", default=list, blank=True)
    valid_from = models.DateField("起始日期")
    valid_to = models.DateField("截止日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "重点工业产品目录"
        ordering = ["name", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["name", "valid_from"], name="key_product_version")]

    def __str__(self) -> str:
        return f"重点产品目录：{self.name}"
