"""Filters of the registry lists (API and pages alike). `year` means, per resource:
entities 成立日期, trademarks 申请日期, recognitions 认定年度, patents 申请日, certifications 发证日期,
standards 发布日期, pledges 登记日期, services 服务日期, publicity 发布日期."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from qualitybrand.core import clock
from qualitybrand.core.filtering import (
    BoolFilter,
    ChineseChoiceFilter,
    DateOnFilter,
    RecordFilterSet,
    SlugFilter,
    YearFilter,
    choice,
    sort_by,
)
from qualitybrand.registry import choices as ch
from qualitybrand.registry import hooks
from qualitybrand.registry.models import (
    Certification,
    Entity,
    Patent,
    Pledge,
    Program,
    Publicity,
    Recognition,
    Service,
    Standard,
    Trademark,
)


class NiceClassField(forms.IntegerField):
    default_error_messages = {"invalid": "国际分类应为 1–45 的整数。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=45, **kwargs)
        self.error_messages["min_value"] = self.error_messages["max_value"] = "国际分类应在 1–45 之间。"


@extend_schema_field(OpenApiTypes.INT)
class NiceClassFilter(django_filters.Filter):
    """Marks registered in one Nice class: a match on the JSON list's text, the same on SQLite and PostgreSQL."""

    field_class = NiceClassField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.annotate(_classes_text=Cast(self.field_name, TextField())).filter(
            _classes_text__regex=rf"[\[ ,]{value}[\],]")


def entity_exists_on(d):
    return (Q(established__isnull=True) | Q(established__lte=d)) & (Q(deregistered__isnull=True)
                                                                    | Q(deregistered__gt=d))


def trademark_valid_on(d):
    return (Q(registered__lte=d) & (Q(expires__isnull=True) | Q(expires__gte=d))
            & (Q(cancelled__isnull=True) | Q(cancelled__gt=d)))


def recognition_valid_on(d):
    return Q(year__lte=d.year) & (Q(valid_until__isnull=True) | Q(valid_until__gte=d))


def certification_valid_on(d):
    return Q(issued__lte=d, expires__gte=d)


def pledge_outstanding_on(d):
    return Q(registered__lte=d, expires__gt=d)


class EntityFilter(RecordFilterSet):
    year_field = "established"
    search_fields = ("name", "uscc")
    kind = choice("kind", ch.ENTITY_KINDS, "主体类型")
    scale = choice("scale", ch.ENTITY_SCALES, "规模")
    industry_code = django_filters.CharFilter(field_name="industry_code", lookup_expr="startswith", label="行业代码")
    exists_on = DateOnFilter(condition=entity_exists_on, label="存续于（日期）")
    deregistered_year = YearFilter(field_name="deregistered", label="注销年度")
    # 守信 (red list) / 失信 (listed) today: the sets come from credit (registry/hooks.py)
    credit_tag = ChineseChoiceFilter(choices=[("守信", "守信"), ("失信", "失信")], method="filter_credit_tag",
                                     label="信用标签")
    ordering = sort_by(("name", "name"), ("uscc", "uscc"), ("kind", "kind"), ("region__code", "region"),
                        ("established", "established"), ("deregistered", "deregistered"), ("id", "id"))

    class Meta:
        model = Entity
        fields: list[str] = []

    def filter_credit_tag(self, qs, name, value):
        today = clock.today()
        matching = [hooks.filter_entities(qs, v, today) for v in value]
        out = matching[0]
        for more in matching[1:]:
            out = out | more
        return out


class ProgramFilter(RecordFilterSet):
    search_fields = ("name", "code")
    level = choice("level", ch.PROGRAM_LEVELS, "级别")
    object_kind = choice("object_kind", ch.PROGRAM_OBJECT_KINDS, "对象类型")
    is_open = BoolFilter(field_name="is_open", label="是否开放")
    ordering = sort_by(("code", "code"), ("name", "name"), ("level", "level"), ("id", "id"))

    class Meta:
        model = Program
        fields: list[str] = []


class TrademarkFilter(RecordFilterSet):
    year_field = "applied"
    search_fields = ("name", "number")
    holder = SlugFilter(field_name="holder__uscc", label="注册人统一社会信用代码", upper=True)
    mark_type = choice("mark_type", ch.MARK_TYPES, "商标类型")
    is_gi = BoolFilter(field_name="is_gi", label="地理标志")
    madrid = BoolFilter(method="filter_madrid", label="马德里国际注册")
    nice_class = NiceClassFilter(field_name="classes", label="国际分类")
    registered_year = YearFilter(field_name="registered", label="注册年度")
    cancelled_year = YearFilter(field_name="cancelled", label="注销年度")
    madrid_year = YearFilter(field_name="madrid_date", label="国际注册年度")
    valid_on = DateOnFilter(condition=trademark_valid_on, label="有效于（日期）")
    ordering = sort_by(("name", "name"), ("number", "number"), ("holder__name", "holder"),
                        ("region__code", "region"), ("applied", "applied"), ("registered", "registered"),
                        ("expires", "expires"), ("id", "id"))

    class Meta:
        model = Trademark
        fields: list[str] = []

    def filter_madrid(self, qs, name, value):
        if value is None:
            return qs
        return qs.exclude(madrid_number="") if value else qs.filter(madrid_number="")


class RecognitionFilter(RecordFilterSet):
    year_field = "year"
    search_fields = ("entity__name", "entity__uscc", "product_name", "object_key", "program__name")
    program = django_filters.CharFilter(method="filter_program", label="项目（代码或名称）")
    level = choice("program__level", ch.PROGRAM_LEVELS, "级别")
    object_kind = choice("program__object_kind", ch.PROGRAM_OBJECT_KINDS, "对象类型")
    method = choice("method", ch.RECOGNITION_METHODS, "认定方式")
    entity = SlugFilter(field_name="entity__uscc", label="统一社会信用代码", upper=True)
    trademark = SlugFilter(field_name="trademark__number", label="商标注册号")
    valid_on = DateOnFilter(condition=recognition_valid_on, label="有效于（日期）")
    ordering = sort_by(("program__name", "program"), ("entity__name", "entity"), ("year", "year"),
                        ("valid_until", "valid_until"), ("region__code", "region"), ("id", "id"))

    class Meta:
        model = Recognition
        fields: list[str] = []

    def filter_program(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(Q(program__code=value.lower()) | Q(program__name=value))


class PatentFilter(RecordFilterSet):
    year_field = "filed"
    search_fields = ("title", "number", "applicant__name")
    patent_type = choice("patent_type", ch.PATENT_TYPES, "专利类型")
    legal_status = choice("legal_status", ch.PATENT_STATUSES, "法律状态")
    applicant = SlugFilter(field_name="applicant__uscc", label="申请人统一社会信用代码", upper=True)
    is_service = BoolFilter(field_name="is_service", label="职务发明")
    granted_year = YearFilter(field_name="granted", label="授权年度")
    ordering = sort_by(("title", "title"), ("number", "number"), ("applicant__name", "applicant"),
                        ("filed", "filed"), ("granted", "granted"), ("region__code", "region"), ("id", "id"))

    class Meta:
        model = Patent
        fields: list[str] = []


class CertificationFilter(RecordFilterSet):
    year_field = "issued"
    search_fields = ("number", "entity__name", "entity__uscc", "scope_text")
    cert_type = choice("cert_type", ch.CERT_TYPES, "认证类型")
    entity = SlugFilter(field_name="entity__uscc", label="统一社会信用代码", upper=True)
    valid_on = DateOnFilter(condition=certification_valid_on, label="有效于（日期）")
    ordering = sort_by(("number", "number"), ("entity__name", "entity"), ("cert_type", "cert_type"),
                        ("issued", "issued"), ("expires", "expires"), ("region__code", "region"), ("id", "id"))

    class Meta:
        model = Certification
        fields: list[str] = []


class StandardFilter(RecordFilterSet):
    year_field = "published"
    search_fields = ("number", "name", "entity__name")
    level = choice("level", ch.STANDARD_LEVELS, "标准层级")
    work_type = choice("work_type", ch.STANDARD_WORK_TYPES, "工作类型")
    entity = SlugFilter(field_name="entity__uscc", label="主要起草单位统一社会信用代码", upper=True)
    ordering = sort_by(("number", "number"), ("name", "name"), ("level", "level"), ("published", "published"),
                        ("region__code", "region"), ("id", "id"))

    class Meta:
        model = Standard
        fields: list[str] = []


class PledgeFilter(RecordFilterSet):
    year_field = "registered"
    search_fields = ("number", "pledgor__name", "pledgee")
    pledgor = SlugFilter(field_name="pledgor__uscc", label="出质人统一社会信用代码", upper=True)
    trademark = SlugFilter(field_name="trademarks__number", label="商标注册号")
    outstanding_on = DateOnFilter(condition=pledge_outstanding_on, label="在押于（日期）")
    ordering = sort_by(("number", "number"), ("pledgor__name", "pledgor"), ("amount", "amount"),
                        ("registered", "registered"), ("expires", "expires"), ("id", "id"))

    class Meta:
        model = Pledge
        fields: list[str] = []


class ServiceFilter(RecordFilterSet):
    year_field = "date"
    search_fields = ("number", "entity__name", "entity__uscc")
    service_type = choice("service_type", ch.SERVICE_TYPES, "服务类型")
    entity = SlugFilter(field_name="entity__uscc", label="统一社会信用代码", upper=True)
    ordering = sort_by(("number", "number"), ("date", "date"), ("entity__name", "entity"),
                        ("person_times", "person_times"), ("problems", "problems"), ("id", "id"))

    class Meta:
        model = Service
        fields: list[str] = []


class PublicityFilter(RecordFilterSet):
    year_field = "date"
    search_fields = ("number", "title", "media")
    media = django_filters.CharFilter(field_name="media", lookup_expr="icontains", label="媒体")
    ordering = sort_by(("number", "number"), ("date", "date"), ("title", "title"), ("media", "media"),
                        ("region__code", "region"), ("id", "id"))

    class Meta:
        model = Publicity
        fields: list[str] = []
