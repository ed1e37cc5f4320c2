"""Recalls (召回, supervision.md § Traceability and recall): a recall names the defective batches by
their 追溯码; the platform stores every affected downstream holder (computed from the trace events
when the recall is created or recomputed, so later events never silently change the list) and
tracks each holder's notification and disposal, and the recall's deadlines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qualitybrand.core.models import Region, RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.workflow import WorkflowStep
from qualitybrand.registry.models import Entity

PRODUCT_TYPES = [("消费品", "消费品"), ("食品", "食品")]
FOOD_LEVELS = [("一级", "一级"), ("二级", "二级"), ("三级", "三级")]
KINDS = [("主动召回", "主动召回"), ("责令召回", "责令召回")]


class Status(models.TextChoices):
    STARTED = "已启动", "已启动"
    PLANNED = "计划已提交", "计划已提交"
    PUBLISHED = "已发布", "已发布"
    ACTING = "实施中", "实施中"
    DONE = "已完成", "已完成"
    ENDED = "监督结束", "监督结束"


CLOSED_STATES = (Status.DONE, Status.ENDED)


class Disposal(models.TextChoices):
    NONE = "未处置", "未处置"
    SHELVED = "已下架", "已下架"
    RETURNED = "已退回", "已退回"
    DESTROYED = "已销毁", "已销毁"
    FIXED = "已整改", "已整改"


NOTIFY_METHODS = [(m, m) for m in ("书面通知", "电话", "短信", "电子邮件", "上门送达", "公告", "其他")]


class Recall(RegionScopedModel):
    """One recall; `region` is the responsible enterprise's region (its county handles it)."""

    number = models.CharField("召回编号", max_length=40, unique=True)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="recalls", verbose_name="责任企业")
    product = models.CharField("产品名称", max_length=200)
    product_type = models.CharField("产品类别", max_length=4, choices=PRODUCT_TYPES)
    level = models.CharField("召回级别", max_length=2, choices=FOOD_LEVELS, blank=True)  # 食品 only
    kind = models.CharField("召回方式", max_length=4, choices=KINDS)
    reason = models.TextField("召回原因（缺陷）")
    decided = models.DateField("决定日期")
    # The hour deadlines of a food recall (24/48/72 小时停止生产销售) run from this moment.
    decided_at = models.DateTimeField("决定时间")
    started = models.DateField("启动日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.STARTED)
    plan_submitted = models.DateField("召回计划提交日期", null=True, blank=True)
    published = models.DateField("召回信息发布日期", null=True, blank=True)
    stopped_at = models.DateTimeField("停止生产销售时间", null=True, blank=True)
    closed = models.DateField("结束日期", null=True, blank=True)
    summary = models.TextField("召回总结", blank=True)
    holders_computed_at = models.DateTimeField("受影响主体计算时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="登记人")
    created = models.DateTimeField("登记时间", auto_now_add=True)

    scope_entity_field = "entity_id"
    # The responsible enterprise reports its own steps (计划, 发布, 实施, 完成); holders reach their
    # own rows through `selectors` (a holder is not the recall's entity).
    scope_actions = {
        VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE, Role.LEADER},
        CHANGE: {Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE},
    }

    class Meta:
        ordering = ["-decided", "-id"]
        verbose_name = verbose_name_plural = "召回"
        indexes = [models.Index(fields=["region", "status"], name="recall_region_status")]

    def __str__(self) -> str:
        return f"召回 {self.number}（{self.product}）"

    def get_absolute_url(self) -> str:
        return reverse("recalls:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATES


class RecallBatch(models.Model):
    """A defective traceability unit (追溯单元) named by the recall."""

    recall = models.ForeignKey(Recall, on_delete=models.CASCADE, related_name="batches", verbose_name="召回")
    trace_code = models.CharField("追溯码", max_length=100)
    product = models.CharField("产品名称", max_length=200, blank=True)
    batch = models.CharField("批次号", max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "召回批次"
        constraints = [models.UniqueConstraint(fields=["recall", "trace_code"], name="recall_batch_unique")]

    def __str__(self) -> str:
        return f"召回批次 {self.trace_code}"


class RecallHolder(models.Model):
    """One affected downstream holder, as computed from the trace events (tracing.selectors.downstream).
    `parent` is the holder row it received the goods from (None at depth 1: from the responsible
    enterprise), so the page draws the tree without asking the trace events again."""

    recall = models.ForeignKey(Recall, on_delete=models.CASCADE, related_name="holders", verbose_name="召回")
    entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="recall_holdings", verbose_name="持有主体")
    name = models.CharField("主体名称", max_length=200)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="区划")
    depth = models.PositiveSmallIntegerField("层级", default=1)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name="上一级持有者")
    via = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name="来源主体")
    via_name = models.CharField("来源主体名称", max_length=200, blank=True)
    trace_code = models.CharField("追溯码", max_length=100, blank=True)
    quantity = models.DecimalField("购进数量", max_digits=18, decimal_places=3, null=True, blank=True)
    first_date = models.DateField("购进日期", null=True, blank=True)
    notified = models.DateField("通知日期", null=True, blank=True)
    notify_method = models.CharField("通知方式", max_length=10, choices=NOTIFY_METHODS, blank=True)
    disposal = models.CharField("处置状态", max_length=4, choices=Disposal.choices, default=Disposal.NONE)
    disposed = models.DateField("处置日期", null=True, blank=True)
    disposed_quantity = models.DecimalField("处置数量", max_digits=18, decimal_places=3, null=True, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        ordering = ["recall_id", "depth", "id"]
        verbose_name = verbose_name_plural = "召回受影响主体"
        indexes = [models.Index(fields=["entity", "recall"], name="recall_holder_entity")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.depth}级受影响主体）"


class RecallStep(WorkflowStep):
    """The recall's timeline; a holder's 通知 / 处置 names the holder row."""

    recall = models.ForeignKey(Recall, on_delete=models.CASCADE, related_name="steps")
    holder = models.ForeignKey(RecallHolder, null=True, blank=True, on_delete=models.SET_NULL, related_name="steps")

    class Meta(WorkflowStep.Meta):
        verbose_name = verbose_name_plural = "召回流转记录"

    def __str__(self) -> str:
        return f"召回#{self.recall_id} {self.action}：{self.from_state or '—'} → {self.to_state}"
