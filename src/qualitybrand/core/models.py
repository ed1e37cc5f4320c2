"""Regions, departments, reference data and the append-only change log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qualitybrand.core.fields import AppendOrderIndex, LogJSONField
from qualitybrand.core.scoping import ScopedQuerySet


class RegionKind(models.TextChoices):
    PROVINCE = "省", "省"
    CITY = "市", "市"
    DISTRICT = "区", "区"
    COUNTY = "县", "县"
    COUNTY_CITY = "县级市", "县级市"
    ZONE = "开发区", "开发区"
    TOWNSHIP = "乡镇街道", "乡镇街道"


class Region(models.Model):
    """A node of the GB/T 2260 tree. `path` makes "this region and below" one indexed prefix query."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=8, choices=RegionKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="上级区划")
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return self.name

    @property
    def former_codes(self) -> list[str]:
        return sorted(self.aliases.values_list("code", flat=True))

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    def is_within(self, other: Region) -> bool:
        return self.path.startswith(other.path)


class RegionAlias(models.Model):
    """A former code (水城县 520221 → 水城区 520204): ledger rows using it resolve to `region`."""

    code = models.CharField("曾用代码", max_length=12, unique=True)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = verbose_name_plural = "曾用代码"

    def __str__(self) -> str:
        return f"{self.region.name} 曾用代码 {self.code}"


class Department(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField("部门", max_length=50, unique=True)
    full_name = models.CharField("全称", max_length=100, blank=True)

    # Reported indicators and values name their department by name; the reference data keeps the
    # departments by code (core.references: neither changes while something uses it).
    referenced_codes = {"code": "department_code", "name": "department"}

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "部门"

    def __str__(self) -> str:
        return self.name


class NiceClass(models.Model):
    number = models.PositiveSmallIntegerField("类别", primary_key=True)
    heading = models.CharField("类别名称", max_length=200)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"第{self.number}类 {self.heading}"


class RegionScopedModel(models.Model):
    """Base of every region-scoped record: a direct region and `objects.for_user(user, action)`."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="区划")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class ChangeLog(models.Model):
    """Append-only audit trail: one row per create, update or delete of any record."""

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    time = models.DateTimeField("时间")
    # No index: the log is filtered by username (kept when an account is deleted), never by user id.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", db_constraint=False, db_index=False)
    username = models.CharField("用户", max_length=150, blank=True)
    request_id = models.CharField(max_length=36, blank=True)
    import_batch_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField("操作", max_length=8, choices=Action.choices)
    model = models.CharField("对象类型", max_length=64)  # indexed as the prefix of (model, object_id)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    region_path = models.CharField(max_length=255, blank=True)  # indexed below for prefix (scope) filters
    before = LogJSONField(null=True, blank=True)
    after = LogJSONField(null=True, blank=True)
    reason = models.CharField("原因", max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["model", "object_id"]),
                   AppendOrderIndex(fields=["time"], name="changelog_time"),
                   AppendOrderIndex(fields=["import_batch_id"], name="changelog_import_batch"),
                   # One index for `region_path LIKE 'prefix%'`: a CharField with db_index gets two
                   # on PostgreSQL (plain and pattern), each maintained on every insert.
                   models.Index(fields=["region_path"], name="changelog_region_path",
                                opclasses=["varchar_pattern_ops"])]
        verbose_name = verbose_name_plural = "变更记录"

    def __str__(self) -> str:
        from django.utils import timezone

        when = f"{timezone.localtime(self.time):%Y-%m-%d %H:%M} " if self.time else ""
        return f"{when}{self.get_action_display()}：{self.object_repr or self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("变更记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("变更记录只能由保留期清理删除。")


class DataVersion(models.Model):
    """A counter every write advances; cached figures are keyed by it so they are never stale."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"数据版本 {self.version}"


class WorkCalendarYear(models.Model):
    """A year the office added to the working-day calendar because the library (`chinesecalendar`)
    does not know it yet. Its days off and make-up working days are `WorkCalendarDay` rows; every
    other weekday is a working day and every other weekend day is not."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("依据", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    confirmed = models.BooleanField("已核对", default=False)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = verbose_name_plural = "工作日历年度"

    def __str__(self) -> str:
        return f"{self.year}年工作日历"


class WorkCalendarDay(models.Model):
    """One exception to "Monday–Friday work" in an office-added year: a holiday on a weekday
    (is_workday False) or a make-up working day (调休上班) on a weekend (is_workday True)."""

    calendar = models.ForeignKey(WorkCalendarYear, on_delete=models.CASCADE, related_name="days",
                                 verbose_name="年度")
    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", default=False)
    name = models.CharField("名称", max_length=50, blank=True, help_text="如：春节、国庆节调休上班")

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "工作日历日期"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_workday else '休息'}{('（' + self.name + '）') if self.name else ''}"
