"""Import history: every import batch with its file digest, mode, counts and errors."""

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        REFUSED = "refused", "有错误未写入"
        FAILED = "failed", "无法读取"
        UNDOING = "undoing", "撤销中"
        UNDONE = "undone", "已撤销"

    ledger = models.CharField("台账", max_length=32)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    username = models.CharField("导入人", max_length=150, blank=True)
    started = models.DateTimeField("开始时间")
    finished = models.DateTimeField("完成时间", null=True, blank=True)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField(max_length=64)
    mode = models.CharField("模式", max_length=8)
    dry_run = models.BooleanField(default=False)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.PENDING)
    rows = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    stored_file = models.CharField(max_length=255, blank=True)
    region_path = models.CharField(max_length=255, blank=True)
    # Which process runs it ("host:pid"), so that a worker starting up can tell a batch whose
    # process is gone (ledgers/recovery.py); the queued task that runs it.
    worker = models.CharField(max_length=100, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    undo_total = models.PositiveIntegerField(default=0)
    undo_done = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "导入记录"

    def __str__(self) -> str:
        return f"导入批次#{self.pk} {self.ledger} {self.file_name}".rstrip()
