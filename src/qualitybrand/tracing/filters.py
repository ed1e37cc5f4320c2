"""Filters of the trace events list (API and page alike); `year` = 事件日期所在年度."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from qualitybrand.core.filtering import ChineseDateField, RecordFilterSet, SlugFilter, choice, sort_by
from qualitybrand.tracing.models import EVENT_KINDS, TraceEvent


class UnitFilter(django_filters.CharFilter):
    """?code=: the unit's own events and the processing events that used it as input."""

    def filter(self, qs, value):
        value = "".join((value or "").split())
        return qs.filter(Q(trace_code=value) | Q(source_code=value)) if value else qs


@extend_schema_field(OpenApiTypes.DATE)
class ChineseDateFilter(django_filters.DateFilter):
    field_class = ChineseDateField


class TraceEventFilter(RecordFilterSet):
    year_field = "occurred"
    search_fields = ("number", "product", "batch", "trace_code", "entity__name", "counterparty_name")
    code = UnitFilter(label="追溯码")
    product = django_filters.CharFilter(field_name="product", lookup_expr="icontains", label="产品名称")
    batch = SlugFilter(field_name="batch", label="批次号")
    entity = SlugFilter(field_name="entity__uscc", label="主体统一社会信用代码", upper=True)
    kind = choice("kind", EVENT_KINDS, "事件类型")
    occurred_from = ChineseDateFilter(field_name="occurred", lookup_expr="gte", label="事件日期起")
    occurred_to = ChineseDateFilter(field_name="occurred", lookup_expr="lte", label="事件日期止")
    ordering = sort_by(("number", "number"), ("occurred", "occurred"), ("entity__name", "entity"),
                       ("product", "product"), ("trace_code", "trace_code"), ("region__code", "region"), ("id", "id"))

    class Meta:
        model = TraceEvent
        fields: list[str] = []
