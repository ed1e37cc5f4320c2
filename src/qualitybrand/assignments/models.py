"""交办任务 (responsibility.md): the office assigns a task to departments, counties or towns; each
assignee reports progress with evidence and completion; the office accepts or returns it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qualitybrand.core.models import RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role

ALL_OFFICE = {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}


class Task(RegionScopedModel):
    """A task of the assigning office (`region` is the office's region)."""

    class State(models.TextChoices):
        OPEN = "办理中", "办理中"
        DONE = "已办结", "已办结"
        CANCELLED = "已撤销", "已撤销"

    title = models.CharField("任务名称", max_length=200)
    content = models.TextField("任务内容")
    standard = models.TextField("完成标准")
    deadline = models.DateField("完成期限")
    state = models.CharField("状态", max_length=4, choices=State.choices, default=State.OPEN)
    # Links (optional): a target item or an assessment item whose evidence the task supplies.
    target_item = models.ForeignKey("planning.TargetItem", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="关联目标项")
    round = models.ForeignKey("planning.Round", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name="关联考核轮次")
    item_code = models.CharField("关联评分项", max_length=50, blank=True)
    source = models.CharField("来源", max_length=20, blank=True)  # "" | "迎检" (inspection.Preparation)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="交办人")
    created_at = models.DateTimeField("交办时间", auto_now_add=True)

    scope_actions = {VIEW: ALL_OFFICE, CHANGE: {Role.CITY_ADMIN, Role.COUNTY}}

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = verbose_name_plural = "交办任务"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assignments:task", args=[self.pk])


class Assignee(RegionScopedModel):
    """One assignee of a task: a department (of the office's region), a county or a town.
    `region` is the assignee's region (a department: the office's region); `department` is set for a
    department assignee."""

    class Kind(models.TextChoices):
        DEPARTMENT = "部门", "部门"
        REGION = "区县", "区县"
        TOWN = "乡镇街道", "乡镇街道"

    class State(models.TextChoices):
        OPEN = "办理中", "办理中"
        SUBMITTED = "待验收", "待验收"
        ACCEPTED = "已验收", "已验收"
        RETURNED = "退回", "退回"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignees")
    kind = models.CharField("类型", max_length=4, choices=Kind.choices)
    department = models.ForeignKey("core.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="部门")
    state = models.CharField("状态", max_length=4, choices=State.choices, default=State.OPEN)
    submitted_at = models.DateTimeField("提交办结时间", null=True, blank=True)
    accepted_at = models.DateTimeField("验收时间", null=True, blank=True)
    review_comment = models.TextField("验收意见", blank=True)

    scope_actions = {VIEW: ALL_OFFICE, CHANGE: {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT}}

    class Meta:
        ordering = ["task", "id"]
        verbose_name = verbose_name_plural = "承办单位"
        constraints = [
            models.UniqueConstraint(fields=["task", "region", "department"], name="assignee_key"),
        ]

    def __str__(self) -> str:
        return f"{self.task.title}：{self.label}"

    @property
    def label(self) -> str:
        return self.department.name if self.department_id else self.region.name


class Report(models.Model):
    """A progress report (进展) or the completion report (办结) of one assignee, with figures."""

    assignee = models.ForeignKey(Assignee, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField("进展情况")
    figures = models.CharField("数据", max_length=500, blank=True)
    is_completion = models.BooleanField("办结报告", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        ordering = ["assignee", "id"]
        verbose_name = verbose_name_plural = "进展报告"

    def __str__(self) -> str:
        return f"{self.assignee}：{'办结报告' if self.is_completion else '进展报告'}"


def attachment_path(instance, filename):
    return f"assignments/{instance.task_id}/{filename}"


class Attachment(models.Model):
    """A file of a task (from the office) or evidence of a report (from an assignee)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "任务附件"

    def __str__(self) -> str:
        return self.original_name
