"""Models of the alerts app (warnings.md).

Warnings themselves are never stored: they are computed by `alerts.engine` from the registries.
What is stored is the office's say over the rules (`RuleSetting`), what a user marked 已处理
(`Acknowledgement`) and what each user's daily digest held (`DigestRecord`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qualitybrand.core import clock


class RuleSetting(models.Model):
    """预警规则设置: one row per rule. A built-in rule's row holds its thresholds (a fresh database holds
    the defaults of warnings.md); an office rule names the built-in rule it parametrises in `base`."""

    rule = models.CharField("规则代码", max_length=60, unique=True)
    name = models.CharField("规则名称", max_length=100)
    base = models.CharField("基于内置规则", max_length=60, blank=True,
                            help_text="办公室自定义规则所基于的内置规则代码；内置规则本身为空")
    params = models.JSONField("阈值参数", default=dict, blank=True)
    enabled = models.BooleanField("启用", default=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", default=clock.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="更新人")

    class Meta:
        verbose_name = "预警规则设置"
        verbose_name_plural = verbose_name
        ordering = ["rule"]

    def __str__(self) -> str:
        return f"预警规则“{self.name}”（{self.rule}）"

    @property
    def builtin_code(self) -> str:
        """The built-in rule whose computation this row runs."""
        return self.base or self.rule


class Acknowledgement(models.Model):
    """已处理: a user marked a warning handled at a level; it stays hidden from that user's inbox
    until the warning's level rises above the acknowledged one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_acks",
                             verbose_name="用户")
    rule = models.CharField("规则代码", max_length=60)
    key = models.CharField("对象键", max_length=250)
    level = models.CharField("处理时级别", max_length=10)
    note = models.TextField("处理说明", blank=True)
    at = models.DateTimeField("处理时间", default=clock.now)

    class Meta:
        verbose_name = "预警处理记录"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["user", "rule", "key"], name="alerts_ack_user_rule_key")]

    def __str__(self) -> str:
        return f"预警“{self.rule}｜{self.key}”已处理（{self.level}）"


class DigestRecord(models.Model):
    """One user's digest of one day: the warnings it held (rule, key, level), so that the next digest
    carries only what is new or has risen; `emailed` says whether it went out by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_digests",
                             verbose_name="用户")
    day = models.DateField("日期")
    items = models.JSONField("预警条目", default=list, blank=True)
    emailed = models.BooleanField("已发送邮件", default=False)
    created = models.DateTimeField("生成时间", default=clock.now)

    class Meta:
        verbose_name = "预警摘要"
        verbose_name_plural = verbose_name
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="alerts_digest_user_day")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} 预警摘要（{len(self.items or [])} 条）"
