"""The public portal's own records: pages the office writes (政策文件, 工作动态) with attachments, the
publication of inspection results (抽查结果公告), and objections (异议) filed on a 公示 from the portal.
Everything the portal shows anonymously is published by an office (state 已发布); drafts and withdrawn
items are never reachable anonymously."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role

OFFICE_ACTIONS = {
    VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER},
    CHANGE: {Role.CITY_ADMIN, Role.COUNTY},
}


class PublishState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class PageSection(models.TextChoices):
    POLICY = "policy", "政策文件"
    NEWS = "news", "工作动态"


class PortalPage(RegionScopedModel):
    """A page the office writes: rich text (sanitised when saved: a fixed list of tags, no script, no style,
    no event attribute), published and withdrawn by the office."""

    section = models.CharField("栏目", max_length=8, choices=PageSection.choices)
    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=500, blank=True)
    body = models.TextField("正文", blank=True)  # sanitised HTML
    doc_number = models.CharField("文号", max_length=100, blank=True)  # 政策文件
    source = models.CharField("发布机构", max_length=100, blank=True)
    state = models.CharField("状态", max_length=10, choices=PublishState.choices, default=PublishState.DRAFT,
                             db_index=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="撰写人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = verbose_name_plural = "门户页面"
        indexes = [models.Index(fields=["section", "state", "published_on"])]

    def __str__(self) -> str:
        return f"{self.get_section_display()}：{self.title}"


def attachment_path(instance, filename):
    return f"portal/pages/{instance.page_id}/{filename}"


class PortalAttachment(RegionScopedModel):
    page = models.ForeignKey(PortalPage, on_delete=models.CASCADE, related_name="attachments",
                             verbose_name="页面")
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小", default=0)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "门户附件"

    def __str__(self) -> str:
        return f"附件：{self.original_name}"


class InspectionPublication(RegionScopedModel):
    """A 抽查结果公告: the office chooses a set of inspection records (frozen when published) and publishes
    them; until then, and after a withdrawal, nothing of them shows on the portal."""

    title = models.CharField("公告标题", max_length=200)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    intro = models.TextField("说明", blank=True)
    inspections = models.ManyToManyField("supervision.Inspection", related_name="publications",
                                         verbose_name="抽查记录")
    state = models.CharField("状态", max_length=10, choices=PublishState.choices, default=PublishState.DRAFT,
                             db_index=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = verbose_name_plural = "抽查结果公告"

    def __str__(self) -> str:
        return f"抽查结果公告：{self.title}"


class ObjectionState(models.TextChoices):
    RECEIVED = "received", "已收到"
    HANDLED = "handled", "已处理"


class Objection(RegionScopedModel):
    """An objection (异议) to an item on 公示 (a cultivation application in its notice period), filed
    anonymously from the portal; the region is the item's. The filer's name and contact are kept for the
    office only, never shown on the portal nor in the API to anyone outside the office."""

    target_kind = models.CharField("公示对象类型", max_length=20)  # "application"
    target_id = models.BigIntegerField("公示对象")
    target_label = models.CharField("公示对象名称", max_length=300)
    name = models.CharField("异议人", max_length=50)
    contact = models.CharField("联系方式", max_length=50)
    text = models.TextField("异议内容")
    receipt = models.CharField("回执编号", max_length=32, unique=True)
    state = models.CharField("状态", max_length=10, choices=ObjectionState.choices,
                             default=ObjectionState.RECEIVED, db_index=True)
    reply = models.TextField("处理结果", blank=True)
    received_at = models.DateTimeField("收到时间", auto_now_add=True)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="处理人")

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = verbose_name_plural = "公示异议"
        indexes = [models.Index(fields=["target_kind", "target_id"])]

    def __str__(self) -> str:
        return f"异议 {self.receipt}：{self.target_label}"
