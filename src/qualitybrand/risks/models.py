"""风险信息 (supervision.md § Risk information): a quality-safety risk with its level, the measures
taken (风险警示, 风险告知书, 约谈, 风险公告, 专项抽查), 约谈 records, documents and its timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qualitybrand.complaints.models import Complaint
from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.workflow import WorkflowStep
from qualitybrand.registry.models import Entity
from qualitybrand.supervision.models import Case, Incident, Inspection


class RiskSource(models.TextChoices):
    COMPLAINT = "投诉举报", "投诉举报"
    INSPECTION = "监督抽查", "监督抽查"
    CASE = "执法案件", "执法案件"
    INCIDENT = "质量事故", "质量事故"
    MONITORING = "风险监测", "风险监测"
    MEDIA = "媒体舆情", "媒体舆情"
    OTHER = "其他", "其他"


class RiskLevel(models.TextChoices):
    # 一级 is the most serious (as the food-recall levels of supervision.md)
    FIRST = "一级", "一级"
    SECOND = "二级", "二级"
    THIRD = "三级", "三级"


class RiskStatus(models.TextChoices):
    REGISTERED = "登记", "登记"
    ASSESSING = "研判", "研判"
    HANDLING = "处置中", "处置中"
    CLOSED = "已关闭", "已关闭"


class MeasureKind(models.TextChoices):
    WARNING = "风险警示", "风险警示"
    NOTICE = "风险告知书", "风险告知书"
    INTERVIEW = "约谈", "约谈"
    ANNOUNCEMENT = "风险公告", "风险公告"
    TARGETED = "专项抽查", "专项抽查"
    OTHER = "其他", "其他"


class RiskInfo(RegionScopedModel):
    """A risk owned by an office: its county, or the city for a city-wide risk."""

    number = models.CharField("风险编号", max_length=20, unique=True)
    title = models.CharField("风险名称", max_length=200)
    source = models.CharField("来源", max_length=6, choices=RiskSource.choices)
    # The record it came from, when there is one (optional: 风险监测 and 媒体舆情 have none).
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="risks", verbose_name="来源抽查")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="risks", verbose_name="来源案件")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="risks", verbose_name="来源事故")
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="risks", verbose_name="来源投诉举报")
    source_note = models.CharField("来源说明", max_length=200, blank=True)
    product = models.CharField("涉及产品", max_length=200, blank=True)
    product_category = models.CharField("产品类别", max_length=100, blank=True)
    entities = models.ManyToManyField(Entity, blank=True, related_name="risks", verbose_name="涉及主体")
    level = models.CharField("风险等级", max_length=2, choices=RiskLevel.choices)
    found = models.DateField("发现日期")
    description = models.TextField("风险描述")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name="负责人")
    status = models.CharField("状态", max_length=4, choices=RiskStatus.choices, default=RiskStatus.REGISTERED)
    closed = models.DateField("关闭日期", null=True, blank=True)
    conclusion = models.TextField("处置结论", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    # Office records: the offices of the region read them (departments too, as the menu offers them);
    # the market-regulation offices of the region change them; enterprises and experts never see them.
    scope_actions = {
        VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER},
        CHANGE: {Role.CITY_ADMIN, Role.COUNTY},
    }

    class Meta:
        verbose_name = verbose_name_plural = "风险信息"
        ordering = ["-found", "-id"]
        indexes = [models.Index(fields=["region", "status"]), models.Index(fields=["found"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("risks:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != RiskStatus.CLOSED


class RiskLevelChange(models.Model):
    """A change of a risk's level, always with its reason (the change log holds it too)."""

    risk = models.ForeignKey(RiskInfo, on_delete=models.CASCADE, related_name="level_changes")
    old_level = models.CharField("原等级", max_length=2, choices=RiskLevel.choices)
    new_level = models.CharField("新等级", max_length=2, choices=RiskLevel.choices)
    reason = models.TextField("调整理由")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField("操作人", max_length=150, blank=True)
    time = models.DateTimeField("时间")

    class Meta:
        ordering = ["time", "id"]
        verbose_name = verbose_name_plural = "风险等级调整"

    def __str__(self) -> str:
        return f"{self.risk.number} 等级调整：{self.old_level} → {self.new_level}"


class RiskMeasure(models.Model):
    """A measure taken on a risk. A 风险告知书 is addressed to `entity` with a `deadline`; a 约谈 has its
    `Interview`; a 专项抽查 links the inspections it produced."""

    risk = models.ForeignKey(RiskInfo, on_delete=models.CASCADE, related_name="measures", verbose_name="风险信息")
    kind = models.CharField("措施类型", max_length=6, choices=MeasureKind.choices)
    date = models.DateField("日期")
    content = models.TextField("内容")
    entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="对象主体")
    requirements = models.TextField("整改要求", blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True)
    inspections = models.ManyToManyField(Inspection, blank=True, related_name="risk_measures",
                                         verbose_name="关联抽查")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = verbose_name_plural = "风险处置措施"

    def __str__(self) -> str:
        return f"{self.risk.number} {self.kind}（{self.date:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url() + f"#measure-{self.pk}"


class Interview(models.Model):
    """约谈: the record of a talk with an entity about a risk (the 约谈 measure's details)."""

    risk = models.ForeignKey(RiskInfo, on_delete=models.CASCADE, related_name="interviews", verbose_name="风险信息")
    measure = models.OneToOneField(RiskMeasure, on_delete=models.CASCADE, related_name="interview",
                                   verbose_name="处置措施")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+", verbose_name="约谈对象")
    date = models.DateField("约谈日期")
    place = models.CharField("约谈地点", max_length=200)
    participants = models.TextField("参加人员")
    content = models.TextField("约谈内容")
    commitments = models.TextField("企业承诺", blank=True)
    followup_due = models.DateField("跟踪检查期限", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="登记人")

    class Meta:
        ordering = ["date", "id"]
        verbose_name = verbose_name_plural = "约谈记录"

    def __str__(self) -> str:
        return f"约谈 {self.entity}（{self.date:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url() + f"#interview-{self.pk}"


def risk_document_path(instance, filename: str) -> str:
    return f"risks/{instance.risk_id}/{filename}"


class RiskDocument(models.Model):
    """A document of a risk: generated (风险告知书, 约谈通知书) or uploaded (signed 约谈记录 …),
    kept under MEDIA_ROOT/risks/<risk id>/."""

    KINDS = [(k, k) for k in ("风险告知书", "约谈通知书", "约谈记录", "风险公告", "其他")]

    risk = models.ForeignKey(RiskInfo, on_delete=models.CASCADE, related_name="documents", verbose_name="风险信息")
    measure = models.ForeignKey(RiskMeasure, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="documents", verbose_name="处置措施")
    interview = models.ForeignKey(Interview, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="documents", verbose_name="约谈记录")
    kind = models.CharField("文书类型", max_length=6, choices=KINDS)
    generated = models.BooleanField("系统生成", default=False)
    file = models.FileField(upload_to=risk_document_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "风险文书"

    def __str__(self) -> str:
        return f"{self.kind}：{self.original_name}"


class RiskStep(WorkflowStep):
    risk = models.ForeignKey(RiskInfo, on_delete=models.CASCADE, related_name="steps")

    class Meta(WorkflowStep.Meta):
        verbose_name = verbose_name_plural = "风险信息流转记录"

    def __str__(self) -> str:
        return f"{self.risk.number} {self.action}：{self.from_state or '—'} → {self.to_state}"
