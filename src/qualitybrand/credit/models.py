"""Models of the credit app (credit.md): rating schemes as data and the joint-restriction rules."""
from __future__ import annotations

from django.conf import settings
from django.db import models

PLACES = [
    ("application.submit", "提交申报"),
    ("application.recommend", "推荐申报"),
    ("recognition.grant", "认定授予"),
    ("reward.pay", "奖励拨付"),
    ("pledge.record", "质押登记"),
    ("redlist.tag", "守信标签"),
]
TRIGGERS = [("listed", "列入严重违法失信名单"), ("grade", "信用等级")]
EFFECTS = [("拒绝", "拒绝"), ("暂缓", "暂缓"), ("提示", "提示"), ("激励", "激励")]


class CreditScheme(models.Model):
    """信用评价方案: one version of a scheme; a change is a new version, never an edit (credit.md).
    `document` holds the scheme as data (format in credit/schemes.py)."""

    code = models.SlugField("方案代码", max_length=40)
    name = models.CharField("方案名称", max_length=100)
    version = models.PositiveIntegerField("版本")
    document = models.JSONField("方案内容")
    active = models.BooleanField("启用", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "信用评价方案"
        verbose_name_plural = "信用评价方案"
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="credit_scheme_code_version")]

    def __str__(self) -> str:
        return f"信用评价方案 {self.name}（{self.code} 第{self.version}版）"


class RestrictionRule(models.Model):
    """联合惩戒与守信激励规则: what happens at a place for a listed entity or an entity of some grades.
    The restrictions helper enforces them; this app only holds the table and the defaults."""

    place = models.CharField("适用环节", max_length=40, choices=PLACES)
    trigger = models.CharField("触发条件", max_length=10, choices=TRIGGERS)
    grades = models.CharField("信用等级", max_length=20, blank=True, help_text="如 C,D")
    effect = models.CharField("措施", max_length=4, choices=EFFECTS)
    basis = models.CharField("依据", max_length=200, blank=True)
    since = models.DateField("生效日期")
    until = models.DateField("失效日期", null=True, blank=True)
    active = models.BooleanField("启用", default=True)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "联合惩戒与守信激励规则"
        verbose_name_plural = "联合惩戒与守信激励规则"
        ordering = ["place", "id"]

    def __str__(self) -> str:
        when = self.get_trigger_display() if self.trigger == "listed" else f"信用等级 {self.grades}"
        return f"{self.get_place_display()}：{when} → {self.effect}"
