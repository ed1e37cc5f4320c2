"""专项整治 / 联合打假 campaigns (supervision.md § Risk information and campaigns).

A campaign's figures (抽查批次, 立案, 涉案货值 …) are never stored here: they are the indicators over its
period and counties (campaigns/results.py). Only what no registry holds is reported per county
(CampaignReport).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from qualitybrand.core.models import Department, Region, RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role, role_may
from qualitybrand.core.scoping import ScopedQuerySet, scope_path
from qualitybrand.core.workflow import WorkflowStep

CAMPAIGN_ACTIONS = {
    VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER},
    CHANGE: {Role.CITY_ADMIN, Role.COUNTY},
}


class CampaignKind(models.TextChoices):
    RECTIFY = "专项整治", "专项整治"
    ANTI_FAKE = "联合打假", "联合打假"


class CampaignStatus(models.TextChoices):
    PREPARING = "筹备", "筹备"
    RUNNING = "实施中", "实施中"
    SUMMARY = "总结", "总结"
    ENDED = "已结束", "已结束"


class TaskStatus(models.TextChoices):
    TODO = "待办", "待办"
    DOING = "进行中", "进行中"
    DONE = "已完成", "已完成"


class CampaignQuerySet(ScopedQuerySet):
    def for_user(self, user, action: str = VIEW):
        """Besides the campaigns of its own region and below (the owner region), a user sees the
        campaigns that include its county (a county works its own tasks there); only the owner
        region changes a campaign."""
        own = super().for_user(user, action)
        if action != VIEW or user is None or getattr(user, "is_superuser", False):
            return own
        role = getattr(user, "role", "")
        path = scope_path(user)
        if role == Role.ENTERPRISE or path is None or not role_may(role, action, self.model):
            return own
        included = Campaign.counties.through.objects.filter(region__path__startswith=path).values("campaign_id")
        return self.filter(Q(region__path__startswith=path) | Q(pk__in=included))


class Campaign(RegionScopedModel):
    """`region` is the owner: the city for a city-wide campaign, a county for its own."""

    number = models.CharField("编号", max_length=50, unique=True)
    title = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=4, choices=CampaignKind.choices)
    lead_department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+",
                                        verbose_name="牵头部门")
    departments = models.ManyToManyField(Department, blank=True, related_name="+", verbose_name="参与部门")
    counties = models.ManyToManyField(Region, related_name="+", verbose_name="参与县区")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    categories = models.CharField("产品类别/关键词", max_length=500, blank=True,
                                  help_text="多个用“、”分隔；为空表示不限产品类别")
    goals = models.TextField("工作目标", blank=True)
    status = models.CharField("状态", max_length=4, choices=CampaignStatus.choices,
                              default=CampaignStatus.PREPARING)
    conclusions = models.TextField("总结意见", blank=True, help_text="写入总结文档的结论段落")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = CampaignQuerySet.as_manager()
    scope_actions = CAMPAIGN_ACTIONS

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = verbose_name_plural = "专项整治"
        indexes = [models.Index(fields=["start", "end"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    @property
    def category_list(self) -> list[str]:
        return split_categories(self.categories)


def split_categories(text: str) -> list[str]:
    """“食品、化肥, 电线电缆” → the keywords, in order, without duplicates."""
    out: list[str] = []
    for sep in "，,；;/\n":
        text = (text or "").replace(sep, "、")
    for part in text.split("、"):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


class CampaignStep(WorkflowStep):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="steps")

    class Meta(WorkflowStep.Meta):
        verbose_name = verbose_name_plural = "专项整治流转记录"

    def __str__(self) -> str:
        return f"{self.campaign} {self.action}：{self.from_state or '—'} → {self.to_state}"


class CampaignTask(RegionScopedModel):
    """A task of one county (`region`) in a campaign; the county works it and reports progress."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks", verbose_name="专项整治")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="责任部门")
    content = models.TextField("任务内容")
    due = models.DateField("完成时限")
    status = models.CharField("状态", max_length=4, choices=TaskStatus.choices, default=TaskStatus.TODO)
    completed = models.DateField("完成日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_actions = CAMPAIGN_ACTIONS

    class Meta:
        ordering = ["due", "id"]
        verbose_name = verbose_name_plural = "专项整治任务"
        indexes = [models.Index(fields=["region", "status", "due"])]

    def __str__(self) -> str:
        return f"{self.region.name}：{self.content[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:task", args=[self.pk])


def progress_path(instance, filename: str) -> str:
    return f"campaigns/{instance.task.campaign_id}/{instance.task_id}/{filename}"


class TaskProgress(RegionScopedModel):
    """A progress report of a task by its county, with an optional evidence file (佐证材料)."""

    task = models.ForeignKey(CampaignTask, on_delete=models.CASCADE, related_name="progress",
                             verbose_name="任务")
    reported = models.DateField("报送日期")
    text = models.TextField("进展情况")
    file = models.FileField("佐证材料", upload_to=progress_path, max_length=300, blank=True)
    original_name = models.CharField("文件名", max_length=200, blank=True)
    size = models.PositiveIntegerField("大小(字节)", default=0)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="报送人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_actions = CAMPAIGN_ACTIONS

    class Meta:
        ordering = ["reported", "id"]
        verbose_name = verbose_name_plural = "任务进展"

    def __str__(self) -> str:
        return f"{self.task} 进展（{self.reported}）"


class CampaignReport(RegionScopedModel):
    """The figures no registry holds, reported by a county (`region`) for a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports",
                                 verbose_name="专项整治")
    officers = models.PositiveIntegerField("出动执法人员人次", default=0)
    entities_checked = models.PositiveIntegerField("检查经营主体户次", default=0)
    dens_destroyed = models.PositiveIntegerField("捣毁窝点", default=0)
    note = models.TextField("说明", blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="报送人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_actions = CAMPAIGN_ACTIONS

    class Meta:
        ordering = ["campaign", "region__code"]
        verbose_name = verbose_name_plural = "专项整治报送"
        constraints = [models.UniqueConstraint(fields=["campaign", "region"], name="campaign_report_key")]

    def __str__(self) -> str:
        return f"{self.campaign} {self.region.name} 报送"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.campaign_id])
