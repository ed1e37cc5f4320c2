"""Models of the complaints app (supervision.md § Complaints and reports)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.workflow import WorkflowStep
from qualitybrand.registry.choices import Amount
from qualitybrand.registry.models import Entity
from qualitybrand.supervision.models import Case

CATEGORIES = [(c, c) for c in ("投诉", "举报")]
CHANNELS = [(c, c) for c in ("12315", "12365", "来电", "来信", "来访", "网络", "转办", "门户")]
RESULTS = [(c, c) for c in ("调解成功", "调解不成", "终止调解", "不予受理", "立案", "不予立案", "转办")]
MEDIATION_RESULTS = ("调解成功", "调解不成", "终止调解")


class Status(models.TextChoices):
    REGISTERED = "登记", "登记"
    ACCEPTED = "已受理", "已受理"
    REFUSED = "不予受理", "不予受理"
    MEDIATING = "调解中", "调解中"
    VERIFYING = "核查中", "核查中"
    CLOSED = "已办结", "已办结"


OPEN_STATUSES = (Status.REGISTERED, Status.ACCEPTED, Status.MEDIATING, Status.VERIFYING)
# Identity of the complainant: shown to the handling office only (services.identity_visible).
IDENTITY_FIELDS = ("complainant_name", "complainant_phone", "complainant_address")


class Complaint(RegionScopedModel):
    """A complaint (投诉) or report (举报). `region` is the handling county: the respondent
    entity's region, else the 区划代码 given."""

    number = models.CharField("登记编号", max_length=100, unique=True)
    category = models.CharField("类别", max_length=2, choices=CATEGORIES)
    channel = models.CharField("渠道", max_length=5, choices=CHANNELS)
    registered = models.DateField("登记日期")
    entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints",
                               verbose_name="被投诉人")
    respondent_name = models.CharField("被投诉人名称", max_length=200, blank=True)
    product = models.CharField("涉及产品", max_length=200, blank=True)
    summary = models.TextField("内容摘要")
    accepted = models.DateField("受理日期", null=True, blank=True)
    closed = models.DateField("办结日期", null=True, blank=True)
    result = models.CharField("处理结果", max_length=4, choices=RESULTS, blank=True)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints",
                             verbose_name="关联案件")
    case_number = models.CharField("关联案件编号", max_length=100, blank=True)
    recovered = Amount("挽回经济损失(万元)", null=True, blank=True)
    extended = models.BooleanField("延期", default=False)
    status = models.CharField("状态", max_length=4, choices=Status.choices, default=Status.REGISTERED)
    complainant_name = models.CharField("投诉人姓名", max_length=100, blank=True)
    complainant_phone = models.CharField("投诉人电话", max_length=50, blank=True)
    complainant_address = models.CharField("投诉人地址", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="登记人")

    scope_entity_field = None  # office-only records: enterprises never see complaints about them here
    scope_actions = {
        VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER},
        CHANGE: {Role.CITY_ADMIN, Role.COUNTY},
    }

    class Meta:
        verbose_name = verbose_name_plural = "投诉举报"
        ordering = ["-registered", "-id"]
        indexes = [models.Index(fields=["region", "registered"]),
                   models.Index(fields=["status", "registered"]),
                   models.Index(fields=["closed"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.pk])

    @property
    def respondent(self) -> str:
        return self.entity.name if self.entity_id else self.respondent_name


class DeadlineRule(models.Model):
    """A version of the statutory deadlines (总局令第20号 …), chosen by 登记日期; in working days."""

    code = models.CharField("规则编号", max_length=50, unique=True)
    title = models.CharField("规则名称", max_length=100)
    valid_from = models.DateField("施行日期")
    valid_to = models.DateField("截止日期", null=True, blank=True)
    accept_days = models.PositiveSmallIntegerField("投诉受理时限(工作日)", default=7)
    mediate_days = models.PositiveSmallIntegerField("调解时限(工作日)", default=45)
    verify_days = models.PositiveSmallIntegerField("举报核查时限(工作日)", default=15)
    extension_days = models.PositiveSmallIntegerField("举报延期(工作日)", default=15)
    confirmed = models.BooleanField("已确认", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "投诉举报办理时限规则"
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("complaints:rules")


class ComplaintStep(WorkflowStep):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")

    class Meta(WorkflowStep.Meta):
        verbose_name = verbose_name_plural = "投诉举报流转记录"

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}：{self.from_state or '—'} → {self.to_state}"


class NumberCounter(models.Model):
    """The last sequence number given for a 登记编号 prefix (TS20240927 …): one locked row per
    prefix keeps generated numbers unique when two clerks register at once."""

    prefix = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "登记编号序号"

    def __str__(self) -> str:
        return f"{self.prefix}:{self.last}"
