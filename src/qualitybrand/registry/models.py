"""Market entities, trademarks, programs, recognitions, patents, certifications, standards,
pledges, services and publicity. Entity-owned records carry the entity's region (kept in step
by `registry.services.move_entity`) so that scoping is one indexed filter everywhere."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from qualitybrand.core.fields import AppJSONField
from qualitybrand.core.models import Region, RegionScopedModel
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.scoping import ScopedQuerySet
from qualitybrand.registry import choices as ch


class Entity(RegionScopedModel):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200, db_index=True)
    kind = models.CharField("主体类型", max_length=10, choices=ch.ENTITY_KINDS)
    industry_code = models.CharField("行业代码", max_length=5, blank=True)
    established = models.DateField("成立日期", null=True, blank=True)
    deregistered = models.DateField("注销日期", null=True, blank=True)
    scale = models.CharField("规模", max_length=4, choices=ch.ENTITY_SCALES, blank=True)
    # Indexed as the prefix of entity_region_stock: a second index only slows bulk imports down.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="区划",
                               db_index=False)

    scope_entity_field = "pk"
    natural_key_field = "uscc"

    class Meta:
        verbose_name = verbose_name_plural = "市场主体"
        ordering = ["id"]
        # Covers the indicator engine's stock counts (exists on D, by kind, grouped by region) so the
        # million-row scan reads the index alone.
        indexes = [models.Index(fields=["region", "kind", "established", "deregistered"],
                                name="entity_region_stock")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:entities-detail", args=[self.uscc])


class Program(models.Model):
    """A recognition program (认定项目): configuration, not region-scoped."""

    code = models.CharField("项目代码", max_length=50, unique=True)
    name = models.CharField("项目名称", max_length=100, unique=True)
    object_kind = models.CharField("对象类型", max_length=4, choices=ch.PROGRAM_OBJECT_KINDS)
    level = models.CharField("级别", max_length=4, choices=ch.PROGRAM_LEVELS)
    validity_years = models.PositiveSmallIntegerField("有效期(年)", null=True, blank=True)
    is_open = models.BooleanField("是否开放", default=True)
    reward = ch.Amount("奖励金额(万元)", null=True, blank=True)
    granting_body = models.CharField("认定机关", max_length=100, blank=True)
    rules = models.JSONField("申报条件", default=list, blank=True)
    min_score = models.DecimalField("最低分", max_digits=8, decimal_places=2, null=True, blank=True)

    natural_key_field = "code"
    # Indicator codes embed it (rec.new.{code}, ...) and other programs' rules name it: fixed once
    # referenced (core.references).
    referenced_codes = {"code": "program"}

    class Meta:
        verbose_name = verbose_name_plural = "认定项目"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:programs-detail", args=[self.code])


class Trademark(RegionScopedModel):
    number = models.CharField("注册号", max_length=10, unique=True)
    name = models.CharField("商标名称", max_length=200)
    classes = AppJSONField("国际分类", default=list)
    # holder and region are indexed as the prefixes of the composite indexes below.
    holder = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="trademarks",
                               verbose_name="注册人", db_index=False)
    # Always the holder's region (services and the engine copy it), so the holder's own foreign key
    # already guarantees it exists, and PROTECT still guards deletes in Django. No database constraint
    # of its own: trademarks are the largest ledger, and checking the same few region rows again for
    # every inserted mark was an eighth of the server's work in a 100,000-row import (bench/).
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="区划",
                               db_index=False, db_constraint=False)
    applied = models.DateField("申请日期")
    registered = models.DateField("注册日期", null=True, blank=True)
    expires = models.DateField("专用权期限至", null=True, blank=True)
    mark_type = models.CharField("商标类型", max_length=6, choices=ch.MARK_TYPES, default="普通商标")
    is_gi = models.BooleanField("地理标志", default=False)
    madrid_number = models.CharField("马德里国际注册号", max_length=50, blank=True)
    madrid_date = models.DateField("国际注册日期", null=True, blank=True)
    madrid_countries = AppJSONField("指定国家", default=list, blank=True)
    cancelled = models.DateField("注销日期", null=True, blank=True)

    scope_entity_field = "holder_id"
    natural_key_field = "number"

    class Meta:
        verbose_name = verbose_name_plural = "商标"
        ordering = ["id"]
        indexes = [models.Index(fields=["region", "registered"]),
                   models.Index(fields=["holder", "registered", "expires", "cancelled"], name="trademark_holder_valid")]

    def __str__(self) -> str:
        return f"{self.name}（{self.number}）"

    def get_absolute_url(self) -> str:
        return reverse("registry:trademarks-detail", args=[self.number])


class Recognition(RegionScopedModel):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="recognitions",
                                verbose_name="项目")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="recognitions",
                               verbose_name="主体")
    trademark = models.ForeignKey(Trademark, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="recognitions", verbose_name="商标")
    product_name = models.CharField("产品名称", max_length=200, blank=True)
    # The natural key's object part: trademark number, "uscc|product" or uscc, by program kind.
    object_key = models.CharField(max_length=250, editable=False)
    year = models.PositiveSmallIntegerField("认定年度")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    method = models.CharField("认定方式", max_length=6, choices=ch.RECOGNITION_METHODS, default="评审认定")

    scope_entity_field = "entity_id"

    class Meta:
        verbose_name = verbose_name_plural = "荣誉认定"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["program", "object_key", "year"], name="recognition_key")]

    def __str__(self) -> str:
        # by name, never by the internal key ("uscc|product")
        subject = self.product_name or (self.trademark.name if self.trademark_id else self.entity.name)
        return f"{self.program.name} {self.year} {subject}"

    def get_absolute_url(self) -> str:
        return reverse("registry:recognitions-detail", args=[self.pk])


class Patent(RegionScopedModel):
    number = models.CharField("申请号", max_length=20, unique=True)
    title = models.CharField("专利名称", max_length=300)
    patent_type = models.CharField("专利类型", max_length=6, choices=ch.PATENT_TYPES)
    applicant = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="patents",
                                  verbose_name="申请人")
    filed = models.DateField("申请日")
    granted = models.DateField("授权公告日", null=True, blank=True)
    legal_status = models.CharField("法律状态", max_length=4, choices=ch.PATENT_STATUSES)
    is_service = models.BooleanField("职务发明", default=True)

    scope_entity_field = "applicant_id"
    natural_key_field = "number"

    class Meta:
        verbose_name = verbose_name_plural = "专利"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    def get_absolute_url(self) -> str:
        return reverse("registry:patents-detail", args=[self.number])


class Certification(RegionScopedModel):
    number = models.CharField("证书编号", max_length=100, unique=True)
    cert_type = models.CharField("认证类型", max_length=10, choices=ch.CERT_TYPES)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="certifications",
                               verbose_name="获证主体")
    issued = models.DateField("发证日期")
    expires = models.DateField("有效期至")
    scope_text = models.CharField("认证范围", max_length=500, blank=True)

    scope_entity_field = "entity_id"

    class Meta:
        verbose_name = verbose_name_plural = "认证证书"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("registry:certifications-detail", args=[self.pk])


class Standard(RegionScopedModel):
    number = models.CharField("标准编号", max_length=100, unique=True)
    name = models.CharField("标准名称", max_length=300)
    level = models.CharField("标准层级", max_length=4, choices=ch.STANDARD_LEVELS)
    work_type = models.CharField("工作类型", max_length=8, choices=ch.STANDARD_WORK_TYPES)
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="standards",
                               verbose_name="主要起草单位")
    published = models.DateField("发布日期")

    scope_entity_field = "entity_id"

    class Meta:
        verbose_name = verbose_name_plural = "标准"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("registry:standards-detail", args=[self.pk])


class Pledge(RegionScopedModel):
    number = models.CharField("登记编号", max_length=100, unique=True)
    pledgor = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="pledges", verbose_name="出质人")
    pledgee = models.CharField("质权人", max_length=200)
    trademarks = models.ManyToManyField(Trademark, related_name="pledges", verbose_name="商标")
    amount = ch.Amount("质押金额(万元)")
    registered = models.DateField("登记日期")
    expires = models.DateField("到期日期")

    scope_entity_field = "pledgor_id"

    class Meta:
        verbose_name = verbose_name_plural = "商标专用权质押"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("registry:pledges-detail", args=[self.pk])


class Service(RegionScopedModel):
    number = models.CharField("服务编号", max_length=100, unique=True)
    date = models.DateField("服务日期")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="services", verbose_name="服务对象")
    service_type = models.CharField("服务类型", max_length=6, choices=ch.SERVICE_TYPES)
    person_times = models.PositiveIntegerField("服务人次")
    problems = models.PositiveIntegerField("解决问题数", default=0)

    scope_entity_field = "entity_id"

    class Meta:
        verbose_name = verbose_name_plural = "企业服务"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("registry:services-detail", args=[self.pk])


class Publicity(RegionScopedModel):
    number = models.CharField("稿件编号", max_length=100, unique=True)
    date = models.DateField("发布日期")
    title = models.CharField("标题", max_length=300)
    media = models.CharField("媒体", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "宣传报道"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("registry:publicity-detail", args=[self.pk])


__all__ = [
    "Entity", "Program", "Trademark", "Recognition", "Patent", "Certification", "Standard", "Pledge",
    "Service", "Publicity", "ScopedQuerySet", "CHANGE", "VIEW", "Role",
]
