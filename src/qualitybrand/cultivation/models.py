"""Brand cultivation: calls, applications and their workflow, notifications, the expert pool and
award scoring, reward policies and payments, and pipeline targets.

Every write goes through `cultivation.services`; reads through `cultivation.selectors`.
The workflow itself is data in `cultivation.workflow`, the eligibility rules in `cultivation.rules`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.scoping import ScopedQuerySet
from qualitybrand.registry import choices as ch


class State(models.TextChoices):
    DRAFT = "草稿", "草稿"
    COUNTY = "县区初审", "县区初审"
    CITY = "市级审核", "市级审核"
    DOC_REVIEW = "资料评审", "资料评审"
    SITE_REVIEW = "现场评审", "现场评审"
    NOTICE = "公示", "公示"
    RECOMMENDED = "已推荐", "已推荐"
    RECOGNISED = "已认定", "已认定"
    REJECTED = "未通过", "未通过"
    NOT_RECOGNISED = "未获认定", "未获认定"


FINAL_STATES = {State.RECOGNISED, State.REJECTED, State.NOT_RECOGNISED}

_ALL_STAFF = {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER}


class CallQuerySet(ScopedQuerySet):
    """Calls are published by a region for everyone below it: a user sees the calls of its own
    region, the regions above it and below it; an enterprise those of its entity's region and above."""

    def for_user(self, user, action: str = VIEW):
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        role = getattr(user, "role", "")
        if action != VIEW:
            if role != Role.CITY_ADMIN or user.region_id is None:
                return self.none()
            return self.within(user.region.path)
        if role == Role.ENTERPRISE:
            region = user.entity.region if user.entity_id else None
        else:
            region = user.region
        if region is None:
            return self.none()
        ancestors = [c for c in region.path.strip("/").split("/") if c]
        q = models.Q(region__code__in=ancestors)
        if role != Role.ENTERPRISE:
            q |= models.Q(region__path__startswith=region.path)
        return self.filter(q)


class Call(RegionScopedModel):
    """申报批次: a round of applications with an opening and a closing date."""

    name = models.CharField("批次名称", max_length=200)
    year = models.PositiveSmallIntegerField("认定年度")
    programs = models.ManyToManyField("registry.Program", related_name="calls", verbose_name="受理项目")
    opening = models.DateField("开始日期")
    closing = models.DateField("截止日期")
    notes = models.TextField("说明", blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "申报批次"
        ordering = ["-opening", "id"]

    def __str__(self) -> str:
        return self.name


class ApplicationQuerySet(ScopedQuerySet):
    def for_user(self, user, action: str = VIEW):
        if (user is not None and getattr(user, "is_authenticated", False) and user.is_active
                and getattr(user, "role", "") == Role.EXPERT and not user.is_superuser):
            if action != VIEW:
                return self.none()
            return self.filter(assignments__expert__user=user).distinct()
        return super().for_user(user, action)


class Application(RegionScopedModel):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name="申报批次")
    program = models.ForeignKey("registry.Program", on_delete=models.PROTECT, related_name="applications",
                                verbose_name="申报项目")
    entity = models.ForeignKey("registry.Entity", on_delete=models.PROTECT, related_name="applications",
                               verbose_name="申报主体")
    trademark = models.ForeignKey("registry.Trademark", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="applications", verbose_name="商标")
    product_name = models.CharField("产品名称", max_length=200, blank=True)
    object_key = models.CharField(max_length=250, editable=False)
    year = models.PositiveSmallIntegerField("认定年度")
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.DRAFT, db_index=True)
    summary = models.TextField("申报说明", blank=True)
    rule_results = models.JSONField("条件核验结果", default=list, blank=True)
    panel_score = models.DecimalField("评审得分", max_digits=8, decimal_places=2, null=True, blank=True)
    notice_start = models.DateField("公示开始", null=True, blank=True)
    notice_end = models.DateField("公示截止", null=True, blank=True)
    objection = models.TextField("异议情况", blank=True)
    recognition = models.ForeignKey("registry.Recognition", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="认定记录")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="填报人")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="提交人")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()
    scope_entity_field = "entity_id"
    scope_actions = {VIEW: _ALL_STAFF | {Role.ENTERPRISE}, CHANGE: {Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE}}

    class Meta:
        verbose_name = verbose_name_plural = "申报"
        ordering = ["-id"]
        indexes = [models.Index(fields=["program", "object_key", "year"])]

    def __str__(self) -> str:
        return f"{self.entity.name} · {self.program.name} {self.year}" + (
            f" · {self.object_label}" if self.object_label else "")

    def get_absolute_url(self) -> str:
        return reverse("cultivation:application", args=[self.pk])

    @property
    def object_label(self) -> str:
        if self.trademark_id:
            return f"{self.trademark.name}（{self.trademark.number}）"
        return self.product_name


def material_path(instance, filename: str) -> str:
    return f"applications/{instance.application_id}/{filename}"


class Material(models.Model):
    """An uploaded file of an application (佐证材料), kept under MEDIA_ROOT/applications/<id>/."""

    KINDS = [(k, k) for k in ("申报书", "营业执照", "商标注册证", "检验报告", "自评报告", "佐证材料", "其他")]

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField("材料类型", max_length=8, choices=KINDS)
    file = models.FileField(upload_to=material_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "申报材料"

    def __str__(self) -> str:
        return f"{self.kind}：{self.original_name}"


class TransitionLog(models.Model):
    """One step of an application's timeline (the change log holds the same change too)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField("操作", max_length=10)
    from_state = models.CharField("原状态", max_length=8)
    to_state = models.CharField("新状态", max_length=8)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField("操作人", max_length=150, blank=True)
    role = models.CharField("角色", max_length=16, blank=True)
    comment = models.TextField("意见", blank=True)
    time = models.DateTimeField("时间")

    class Meta:
        ordering = ["time", "id"]
        verbose_name = verbose_name_plural = "流转记录"

    def __str__(self) -> str:
        return f"申报#{self.application_id} {self.action}：{self.from_state} → {self.to_state}"


class NotificationQuerySet(ScopedQuerySet):
    def for_user(self, user, action: str = VIEW):
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)


class Notification(RegionScopedModel):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="notifications")
    message = models.CharField("消息", max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "消息"

    def __str__(self) -> str:
        text = self.message if len(self.message) <= 40 else self.message[:40] + "…"
        return f"消息：{text}"


# --- quality award: experts and scoring ------------------------------------------------------

class Expert(models.Model):
    """An expert of the pool, linked to a user with role 评审专家."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile")
    name = models.CharField("姓名", max_length=50)
    specialty = models.CharField("专业领域", max_length=100, blank=True)
    organisation = models.CharField("工作单位", max_length=200, blank=True)
    active = models.BooleanField("在库", default=True)
    conflicts = models.ManyToManyField("registry.Entity", through="ExpertConflict", related_name="+",
                                       verbose_name="回避单位")

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "评审专家"

    def __str__(self) -> str:
        return self.name


class ExpertConflict(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="declared_conflicts")
    entity = models.ForeignKey("registry.Entity", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("回避事由", max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["expert", "entity"], name="expert_conflict_key")]

    def __str__(self) -> str:
        return f"回避：{self.expert.name} / {self.entity.name}"


class AssignmentQuerySet(ScopedQuerySet):
    def for_user(self, user, action: str = VIEW):
        if (user is not None and getattr(user, "is_authenticated", False) and user.is_active
                and getattr(user, "role", "") == Role.EXPERT and not user.is_superuser):
            return self.filter(expert__user=user)
        return super().for_user(user, action)


class Assignment(RegionScopedModel):
    """An expert assigned to score an award application (blind: others' scores stay hidden)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    scheme = models.CharField("评分标准", max_length=50)
    scores = models.JSONField("评分", default=dict, blank=True)  # {item code: percentage}
    total = models.DecimalField("得分", max_digits=8, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    assigned_at = models.DateTimeField("分配时间")

    objects = AssignmentQuerySet.as_manager()
    scope_actions = {VIEW: {Role.CITY_ADMIN, Role.LEADER}, CHANGE: {Role.CITY_ADMIN}}

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "评审分配"
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="assignment_key")]

    def __str__(self) -> str:
        return f"专家评审任务：{self.expert.name} / 申报#{self.application_id} {self.application.entity.name}"


# --- rewards ---------------------------------------------------------------------------------

class RewardPolicy(models.Model):
    """A reward (万元) per recognition of a program, or per trademark event."""

    EVENTS = [("新注册地理标志商标", "新注册地理标志商标"), ("马德里国际注册", "马德里国际注册")]

    name = models.CharField("政策名称", max_length=100)
    program = models.ForeignKey("registry.Program", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="reward_policies", verbose_name="认定项目")
    event = models.CharField("商标事项", max_length=10, choices=EVENTS, blank=True)
    amount = ch.Amount("奖励金额(万元)")
    first_year = models.PositiveSmallIntegerField("起始年度", null=True, blank=True)
    last_year = models.PositiveSmallIntegerField("截止年度", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "奖励政策"

    def __str__(self) -> str:
        return self.name

    def applies_to(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (self.last_year is None
                                                                         or year <= self.last_year)


class RewardPayment(RegionScopedModel):
    class Status(models.TextChoices):
        DUE = "应付", "应付"
        HELD = "暂缓", "暂缓"  # a joint-restriction rule held the payment (credit.md); paid once it no longer applies
        PAID = "已拨付", "已拨付"

    policy = models.ForeignKey(RewardPolicy, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="payments", verbose_name="奖励政策")
    program = models.ForeignKey("registry.Program", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name="认定项目")
    event = models.CharField("商标事项", max_length=10, blank=True)
    entity = models.ForeignKey("registry.Entity", on_delete=models.PROTECT, related_name="reward_payments",
                               verbose_name="获奖主体")
    recognition = models.ForeignKey("registry.Recognition", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    trademark = models.ForeignKey("registry.Trademark", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    object_key = models.CharField(max_length=250)
    year = models.PositiveSmallIntegerField("奖励年度")
    amount = ch.Amount("金额(万元)")
    status = models.CharField("状态", max_length=4, choices=Status.choices, default=Status.DUE)
    budget_year = models.PositiveSmallIntegerField("预算年度", null=True, blank=True)
    paid_on = models.DateField("拨付日期", null=True, blank=True)
    held_reason = models.CharField("暂缓原因", max_length=500, blank=True)

    scope_entity_field = "entity_id"

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = verbose_name_plural = "奖励资金"
        constraints = [models.UniqueConstraint(fields=["program", "event", "object_key", "year"],
                                               name="reward_payment_key")]

    def __str__(self) -> str:
        return f"{self.entity} {self.year} {self.program or self.event}"

    @property
    def object_label(self) -> str:
        """What was rewarded, by name: the trademark, the product, or "" (the entity itself);
        never the internal key ("uscc|product")."""
        if self.trademark_id:
            return str(self.trademark)
        if self.recognition_id and self.recognition.trademark_id:
            return str(self.recognition.trademark)
        if self.recognition_id and self.recognition.product_name:
            return self.recognition.product_name
        _, sep, product = self.object_key.partition("|")
        return product if sep else ""


class PipelineTarget(models.Model):
    """Next year's target of new recognitions of a program in a region (used when planning has none)."""

    program = models.ForeignKey("registry.Program", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    target = models.PositiveIntegerField("目标(件)")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "region", "year"], name="pipeline_target_key")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.region.name} {self.program.name} 培育目标"
