"""迎检 (responsibility.md): the city prepares for the province's assessment of it — the province's
scheme as data, the drafted self-evaluation, evidence collected as assigned tasks, the report and
the evidence package."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role


class Preparation(RegionScopedModel):
    """The city's preparation (`region` = the city) for one scheme of the level above that assesses it."""

    class State(models.TextChoices):
        DRAFT = "准备中", "准备中"
        READY = "已定稿", "已定稿"
        SUBMITTED = "已报送", "已报送"

    scheme = models.ForeignKey("planning.Scheme", on_delete=models.PROTECT, related_name="+",
                               verbose_name="上级考核方案")
    title = models.CharField("名称", max_length=200)
    as_of = models.DateField("统计截止日")
    deadline = models.DateField("报送期限")
    state = models.CharField("状态", max_length=4, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_actions = {VIEW: {Role.CITY_ADMIN, Role.LEADER}, CHANGE: {Role.CITY_ADMIN}}

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = verbose_name_plural = "迎检自评"
        constraints = [models.UniqueConstraint(fields=["region", "scheme"], name="preparation_key")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspection:preparation", args=[self.pk])


class ItemEvaluation(models.Model):
    """The city's self-evaluation of one item of the scheme: computed items keep the engine's value
    and score at drafting; manual items get a score and explanation, their evidence comes from the
    linked assigned tasks (assignments.Task with source "迎检")."""

    preparation = models.ForeignKey(Preparation, on_delete=models.CASCADE, related_name="items")
    item_code = models.CharField("评分项", max_length=50)
    value = models.CharField("指标值", max_length=50, blank=True)
    score = models.DecimalField("自评分", max_digits=8, decimal_places=2, null=True, blank=True)
    explanation = models.TextField("自评说明", blank=True)
    task = models.ForeignKey("assignments.Task", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="佐证任务")
    reviewed = models.BooleanField("已审核", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["preparation", "id"]
        verbose_name = verbose_name_plural = "迎检评分项"
        constraints = [models.UniqueConstraint(fields=["preparation", "item_code"], name="item_evaluation_key")]

    def __str__(self) -> str:
        return f"{self.preparation.title}：{self.item_code}"
