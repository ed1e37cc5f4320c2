"""Target sets, assessment schemes, rounds, self-evaluations, reviews, notices and rectification."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role

OFFICE_ACTIONS = {
    VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER, Role.EXPERT, Role.DEPARTMENT},
    CHANGE: {Role.CITY_ADMIN},
}
SUBJECT_KINDS = (("regions", "区划"), ("departments", "部门"), ("towns", "乡镇街道"), ("enterprises", "企业"))



class SubjectKeyed(RegionScopedModel):
    """A record about one assessed subject: `subject` is its key (responsibility.md: a region or town
    code, a department's short name, a USCC) and `region` the region it answers for, which scopes it.
    A region subject's key is its code, so a record saved without one gets it."""

    subject = models.CharField("被考核对象", max_length=50, db_index=True, default="", blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.subject and self.region_id:
            self.subject = self.region.code
        super().save(*args, **kwargs)


REGION_ACTIONS = {
    VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER, Role.EXPERT},
    CHANGE: {Role.CITY_ADMIN, Role.COUNTY},
}


class TargetSet(RegionScopedModel):
    """A set of targets (目标任务) of a region's office for a year; the document is the truth."""

    code = models.CharField("代码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveIntegerField("版本", default=1)
    document = models.JSONField("文档")
    source_hash = models.CharField(max_length=64)
    # responsibility.md: who the allocations are keyed by (regions, the default; departments; towns)
    subjects = models.CharField("分解对象", max_length=12, choices=SUBJECT_KINDS, default="regions")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = verbose_name_plural = "目标集"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:target_progress", args=[self.code])


class TargetItem(models.Model):
    """One item of the current version (rebuilt with each version) for queries and the editor."""

    target_set = models.ForeignKey(TargetSet, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    indicator = models.CharField("指标", max_length=100)
    target = models.DecimalField("目标值", max_digits=24, decimal_places=8)
    lower_is_better = models.BooleanField("越低越好", default=False)

    class Meta:
        ordering = ["target_set", "position"]
        constraints = [models.UniqueConstraint(fields=["target_set", "indicator"], name="target_item_key")]

    def __str__(self) -> str:
        return f"{self.target_set.year}年 {self.target_set.name}：{self.indicator}"


class TargetAllocation(models.Model):
    """`subject` is the allocation's key (region or town code, department short name); `region` is the
    region the subject answers for (a department: the set's region), which scopes who sees it."""

    item = models.ForeignKey(TargetItem, on_delete=models.CASCADE, related_name="allocations")
    subject = models.CharField("分解对象", max_length=50, default="")
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField("分解目标", max_digits=24, decimal_places=8)

    class Meta:
        ordering = ["item", "region__code", "subject"]
        constraints = [models.UniqueConstraint(fields=["item", "subject"],
                                               name="target_allocation_subject_key")]

    def __str__(self) -> str:
        return f"{self.item.target_set.year}年 {self.region.name} 目标分解：{self.item.indicator}"


class Scheme(RegionScopedModel):
    """An assessment scheme (考核方案): the validated document is stored as loaded."""

    code = models.CharField("代码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveIntegerField("版本", default=1)
    document = models.JSONField("文档")
    source_hash = models.CharField(max_length=64)
    # responsibility.md: regions (the default), departments, towns or enterprises
    subjects = models.CharField("被考核对象类型", max_length=12, choices=SUBJECT_KINDS, default="regions")
    assessed_codes = models.JSONField("被考核对象", default=list)  # subject keys, in the scheme's order
    target_set_code = models.CharField("目标集", max_length=50, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = verbose_name_plural = "考核方案"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:scheme", args=[self.code])

    @property
    def target_set(self) -> TargetSet | None:
        """The target set the scheme measures against (pages name and link it, never show its code)."""
        return TargetSet.objects.filter(code=self.target_set_code).first() if self.target_set_code else None


class DocumentVersion(models.Model):
    """Every version of a target set or a scheme as it was loaded (append-only)."""

    kind = models.CharField(max_length=8)  # "targets" | "scheme"
    code = models.CharField(max_length=50)
    version = models.PositiveIntegerField()
    document = models.JSONField()
    source_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["kind", "code", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "code", "version"], name="document_version_key")]

    def __str__(self) -> str:
        kind = {"targets": "目标集", "scheme": "考核方案"}.get(self.kind, self.kind)
        return f"{kind} {self.code} 第{self.version}版"


class Round(RegionScopedModel):
    """A round (年中督查 / 年终考核) of a scheme version; `region` is the assessing office's."""

    class Kind(models.TextChoices):
        MID = "年中督查", "年中督查"
        END = "年终考核", "年终考核"

    class State(models.TextChoices):
        OPEN = "进行中", "进行中"
        REVIEW = "审核中", "审核中"
        FINAL = "已定稿", "已定稿"
        PUBLISHED = "已通报", "已通报"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="rounds")
    scheme_version = models.PositiveIntegerField("方案版本")
    document = models.JSONField("方案文档")
    kind = models.CharField("轮次", max_length=4, choices=Kind.choices)
    as_of = models.DateField("统计截止日")
    deadline = models.DateField("自评截止日")
    state = models.CharField("状态", max_length=4, choices=State.choices, default=State.OPEN)
    rectify_share = models.DecimalField("整改阈值(失分比例)", max_digits=5, decimal_places=4, default="0.2")
    snapshot = models.JSONField("定稿快照", null=True, blank=True)
    frozen_at = models.DateTimeField("定稿时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = verbose_name_plural = "考核轮次"
        constraints = [models.UniqueConstraint(fields=["scheme", "kind"], name="round_scheme_kind")]

    def __str__(self) -> str:
        return f"{self.scheme.name}（{self.kind}）"

    def get_absolute_url(self) -> str:
        return reverse("planning:round", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.snapshot is not None


class SelfEvaluation(SubjectKeyed):
    """A region's self-evaluation of a manual item (shown beside the reviewer's score; does not count)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="self_evaluations")
    item_code = models.CharField("评分项", max_length=50)
    score = models.DecimalField("自评分", max_digits=8, decimal_places=2)
    explanation = models.TextField("自评说明", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    scope_actions = REGION_ACTIONS

    class Meta:
        ordering = ["round", "region__code", "item_code"]
        constraints = [models.UniqueConstraint(fields=["round", "subject", "item_code"],
                                               name="self_eval_key_subject")]

    def __str__(self) -> str:
        return f"{self.region.name} 自评：{self.item_code}"


def evidence_path(instance, filename):
    return f"evidence/{instance.round_id}/{instance.region_id}/{filename}"


class Evidence(SubjectKeyed):
    """A file (佐证材料) attached to a self-evaluation; downloaded only through a scoped view."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="evidence")
    item_code = models.CharField("评分项", max_length=50)
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_actions = REGION_ACTIONS

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return f"{self.region.name} 佐证材料：{self.original_name}"


class ManualScore(SubjectKeyed):
    """The reviewer's score of a manual item for a region (this is what counts)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="manual_scores")
    item_code = models.CharField("评分项", max_length=50)
    score = models.DecimalField("评分", max_digits=8, decimal_places=2)
    comment = models.TextField("评审意见", blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    reviewed_at = models.DateTimeField("评分时间", null=True, blank=True)

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["round", "region__code", "item_code"]
        constraints = [models.UniqueConstraint(fields=["round", "subject", "item_code"],
                                               name="manual_score_key_subject")]

    def __str__(self) -> str:
        return f"{self.region.name} 评审评分：{self.item_code}"


class Dispute(SubjectKeyed):
    """A region disputes a computed value, naming the records to correct (corrections go through ledgers)."""

    class State(models.TextChoices):
        OPEN = "待处理", "待处理"
        ACCEPTED = "已采纳", "已采纳"
        REJECTED = "不予采纳", "不予采纳"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="disputes")
    item_code = models.CharField("评分项", max_length=50)
    records = models.TextField("需更正的记录")
    reason = models.TextField("理由")
    state = models.CharField("状态", max_length=4, choices=State.choices, default=State.OPEN)
    reply = models.TextField("答复", blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_actions = REGION_ACTIONS

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "异议"

    def __str__(self) -> str:
        return f"{self.region.name} 异议：{self.item_code}"


class Notice(RegionScopedModel):
    """The published notice (通报) of a finalised round."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="notice")
    title = models.CharField("标题", max_length=200)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    body = models.TextField("正文", blank=True)
    published_at = models.DateField("发布日期")

    scope_actions = {VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER, Role.DEPARTMENT, Role.EXPERT},
                     CHANGE: {Role.CITY_ADMIN}}

    class Meta:
        ordering = ["-published_at"]
        verbose_name = verbose_name_plural = "通报"

    def __str__(self) -> str:
        return self.title


class RectificationTask(SubjectKeyed):
    """整改: an item where a region lost more than the round's share of its points."""

    class State(models.TextChoices):
        OPEN = "整改中", "整改中"
        SUBMITTED = "待审核", "待审核"
        DONE = "已完成", "已完成"
        RETURNED = "退回", "退回"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tasks")
    item_code = models.CharField("评分项", max_length=50)
    item_name = models.CharField("评分项名称", max_length=200)
    points = models.DecimalField("分值", max_digits=8, decimal_places=2)
    lost = models.DecimalField("失分", max_digits=8, decimal_places=2)
    owner = models.CharField("责任人", max_length=100)
    deadline = models.DateField("整改期限")
    state = models.CharField("状态", max_length=4, choices=State.choices, default=State.OPEN)
    closing_report = models.TextField("整改报告", blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    closed_at = models.DateField("完成日期", null=True, blank=True)

    scope_actions = REGION_ACTIONS

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = verbose_name_plural = "整改任务"
        constraints = [models.UniqueConstraint(fields=["round", "subject", "item_code"],
                                               name="rectification_key_subject")]

    def __str__(self) -> str:
        return f"{self.region.name} 整改：{self.item_name}"

    def is_overdue(self, today) -> bool:
        return self.state != self.State.DONE and self.deadline < today
