"""The top floor's records: the archive of issued documents (文书档案) and the offices' own .docx templates.
Both are region-scoped (an office sees its own region's documents and templates and those below it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role

OFFICE_ACTIONS = {
    VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER},
    CHANGE: {Role.CITY_ADMIN, Role.COUNTY},
}


class DocumentKind(models.TextChoices):
    """The built-in documents of reports.md (the `report KIND` argument is the value)."""

    ANNUAL_SUMMARY = "annual_summary", "年度工作总结"
    STATUS_REPORT = "status_report", "工作情况汇报"
    BULLETIN = "bulletin", "调度简报"
    QUALITY_ANALYSIS = "quality_analysis", "质量状况分析报告"
    STATISTICS = "statistics", "统计报表"
    BRAND_ALBUM = "brand_album", "品牌画册"
    TASK_BULLETIN = "task_bulletin", "交办任务通报"


class DocumentState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    FAILED = "failed", "生成失败"
    DRAFT = "draft", "待签发"      # generated, not yet issued
    ISSUED = "issued", "已签发"


def document_path(instance, filename):
    return f"reports/{instance.region_id}/{instance.kind}/{filename}"


class IssuedDocument(RegionScopedModel):
    """One generated document: what it was made for (kind, region, year or as-of date, bulletin number),
    how far its generation is (state, progress, message), the files, the data version it was made from,
    and once issued its 文号, 签发人 and date. A generated file is never regenerated in place: a new
    generation is a new row, so the archive keeps what was issued."""

    kind = models.CharField("文书类型", max_length=32, choices=DocumentKind.choices)
    title = models.CharField("标题", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    as_of = models.DateField("截至日期", null=True, blank=True)
    period_start = models.DateField("统计期起", null=True, blank=True)
    period_end = models.DateField("统计期止", null=True, blank=True)
    issue_no = models.PositiveIntegerField("期号", null=True, blank=True)  # 调度简报 第N期
    params = models.JSONField("生成参数", default=dict, blank=True)
    state = models.CharField("状态", max_length=8, choices=DocumentState.choices, default=DocumentState.QUEUED,
                             db_index=True)
    progress = models.PositiveSmallIntegerField("进度", default=0)  # 0–100
    message = models.CharField("说明", max_length=500, blank=True)  # a failure, in Chinese
    data_version = models.BigIntegerField("数据版本", null=True, blank=True)
    file = models.FileField("文件", upload_to=document_path, max_length=300, blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    pdf = models.FileField("PDF", upload_to=document_path, max_length=300, blank=True)
    template = models.ForeignKey("reports.OfficeTemplate", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="documents", verbose_name="模板")
    number = models.CharField("文号", max_length=100, blank=True)
    signer = models.CharField("签发人", max_length=50, blank=True)
    issued_on = models.DateField("签发日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="生成人")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "文书档案"
        indexes = [models.Index(fields=["region", "kind", "year"])]

    def __str__(self) -> str:
        what = self.title or self.get_kind_display()
        return f"{what}（{self.number}）" if self.number else what


def template_path(instance, filename):
    return f"report-templates/{instance.region_id}/{instance.kind}/{filename}"


class OfficeTemplate(RegionScopedModel):
    """An office's own .docx template (docxtpl) for one document kind. Checked when uploaded (syntax, and only
    the names the kind's context gives); the active one replaces the built-in layout for that office's
    region, and the built-in one is used again when it is deactivated."""

    kind = models.CharField("文书类型", max_length=32, choices=DocumentKind.choices)
    name = models.CharField("模板名称", max_length=100)
    file = models.FileField("模板文件", upload_to=template_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小", default=0)
    active = models.BooleanField("启用", default=False)
    note = models.CharField("说明", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    scope_actions = OFFICE_ACTIONS

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = verbose_name_plural = "文书模板"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}模板：{self.name}"
