"""Filters of the supervision lists (API and pages alike). `year` means, per resource:
inspections 抽样日期, incidents 发生日期, cases 立案日期, blacklist 列入日期."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from qualitybrand.core.filtering import (
    BoolFilter,
    DateOnFilter,
    RecordFilterSet,
    SlugFilter,
    YearFilter,
    choice,
    sort_by,
)
from qualitybrand.registry import choices as ch
from qualitybrand.supervision.models import BlacklistEntry, Case, Incident, Inspection


def listed_on(d):
    return Q(listed__lte=d) & (Q(removed__isnull=True) | Q(removed__gt=d))


class InspectionFilter(RecordFilterSet):
    year_field = "sampled"
    search_fields = ("number", "entity__name", "entity__uscc", "product_category")
    level = choice("level", ch.INSPECTION_LEVELS, "抽查级别")
    conclusion = choice("conclusion", ch.CONCLUSIONS, "结论")
    entity = SlugFilter(field_name="entity__uscc", label="被抽查单位统一社会信用代码", upper=True)
    key_product = BoolFilter(field_name="key_product", label="重点产品")
    product_category = django_filters.CharFilter(field_name="product_category", lookup_expr="icontains",
                                                 label="产品类别")
    ordering = sort_by(("number", "number"), ("entity__name", "entity"), ("sampled", "sampled"),
                       ("level", "level"), ("conclusion", "conclusion"), ("region__code", "region"), ("id", "id"))

    class Meta:
        model = Inspection
        fields: list[str] = []


class IncidentFilter(RecordFilterSet):
    year_field = "occurred"
    search_fields = ("number", "summary")
    domain = choice("domain", ch.INCIDENT_DOMAINS, "领域")
    grade = choice("grade", ch.INCIDENT_GRADES, "等级")
    ordering = sort_by(("number", "number"), ("occurred", "occurred"), ("domain", "domain"), ("grade", "grade"),
                       ("region__code", "region"), ("id", "id"))

    class Meta:
        model = Incident
        fields: list[str] = []


class CaseFilter(RecordFilterSet):
    year_field = "opened"
    search_fields = ("number", "party__name", "party__uscc")
    case_type = choice("case_type", ch.CASE_TYPES, "案件类型")
    source = choice("source", ch.CASE_SOURCES, "线索来源")
    party = SlugFilter(field_name="party__uscc", label="当事人统一社会信用代码", upper=True)
    transferred = BoolFilter(field_name="transferred", label="移送司法")
    closed = BoolFilter(method="filter_closed", label="已结案")
    closed_year = YearFilter(field_name="closed", label="结案年度")
    ordering = sort_by(("number", "number"), ("opened", "opened"), ("closed", "closed"),
                       ("goods_value", "goods_value"), ("fines", "fines"), ("region__code", "region"), ("id", "id"))

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_closed(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(closed__isnull=not value)


class BlacklistFilter(RecordFilterSet):
    year_field = "listed"
    search_fields = ("entity__name", "entity__uscc", "reason")
    entity = SlugFilter(field_name="entity__uscc", label="统一社会信用代码", upper=True)
    removal_method = choice("removal_method", ch.BLACKLIST_REMOVALS, "移出方式")
    active = BoolFilter(field_name="removed__isnull", label="仍在名单中")
    listed_on = DateOnFilter(condition=listed_on, label="在名单中于（日期）")
    removed_year = YearFilter(field_name="removed", label="移出年度")
    ordering = sort_by(("entity__name", "entity"), ("listed", "listed"), ("removed", "removed"),
                       ("region__code", "region"), ("id", "id"))

    class Meta:
        model = BlacklistEntry
        fields: list[str] = []
