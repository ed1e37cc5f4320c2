"""REST resources of tracing: /api/v1/trace-events/ (CRUD, scoped; an enterprise only its own events)
and /api/v1/trace-events/tree/?code=&direction=down|up (the 追踪 / 溯源 tree of a unit)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from qualitybrand.core.resources import RecordViewSet
from qualitybrand.tracing import filters as f
from qualitybrand.tracing import selectors_pages as pages
from qualitybrand.tracing import services
from qualitybrand.tracing.models import TraceEvent
from qualitybrand.tracing.serializers import TraceEventSerializer


class TreeNodeSerializer(serializers.Serializer):
    depth = serializers.IntegerField(help_text="层级（0 = 起点）")
    trace_code = serializers.CharField(help_text="追溯码")
    entity = serializers.CharField(allow_null=True, help_text="主体统一社会信用代码（名录外的对方为 null）")
    name = serializers.CharField(help_text="主体名称")
    region = serializers.CharField(allow_null=True, help_text="区划代码")
    parent_entity = serializers.CharField(allow_null=True, help_text="上一层主体的统一社会信用代码")
    quantity = serializers.FloatField(allow_null=True, help_text="数量（本层流转的数量；范围外主体不显示）")
    first_date = serializers.DateField(allow_null=True, help_text="最早日期")


class TreeSerializer(serializers.Serializer):
    code = serializers.CharField()
    direction = serializers.CharField(help_text="down = 追踪；up = 溯源")
    nodes = TreeNodeSerializer(many=True)


class TraceEventViewSet(RecordViewSet):
    """追溯事件（生产、购进、销售）。详情地址用 id（数字以外的值按事件编号查找）；year = 事件日期所在年度；
    code = 追溯码（含以它为投入的生产事件）。"""

    model = TraceEvent
    queryset = TraceEvent.objects.none()
    serializer_class = TraceEventSerializer
    filterset_class = f.TraceEventFilter
    lookup_field = "pk"
    alt_lookup_field = "number"
    select_related = ("region", "entity", "counterparty")
    entity_field = "entity"

    @classmethod
    def prepare(cls, obj) -> None:
        services.check_event(obj)

    @classmethod
    def before_create(cls, user, obj) -> list[str]:
        services.check_own_entity(user, obj.entity)
        return []

    @extend_schema(
        summary="追溯树：追踪（下游）或溯源（上游）",
        parameters=[OpenApiParameter("code", OpenApiTypes.STR, required=True, description="追溯码"),
                    OpenApiParameter("direction", OpenApiTypes.STR, enum=["down", "up"],
                                     description="down = 追踪（默认）；up = 溯源")],
        responses={200: TreeSerializer})
    @action(detail=False, methods=["get"], url_path="tree", filter_backends=[], pagination_class=None)
    def tree(self, request):
        code = "".join(str(request.query_params.get("code", "")).split())
        direction = request.query_params.get("direction", "down") or "down"
        if not code:
            raise ValidationError({"detail": "请提供追溯码（code）。"})
        if direction not in ("down", "up"):
            raise ValidationError({"detail": "direction 应为 down（追踪）或 up（溯源）。"})
        try:
            view = pages.unit_view(request.user, code)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        if view is None:
            raise NotFound("没有该追溯码的追溯事件，或它不在您的管辖范围内。")
        rows = view.down if direction == "down" else view.up
        return Response({"code": code, "direction": direction, "nodes": [r.as_json() for r in rows]})


def register(router) -> None:
    router.register("trace-events", TraceEventViewSet, basename="trace-event")
