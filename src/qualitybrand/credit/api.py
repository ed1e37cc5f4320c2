"""`GET /api/v1/credit/?as_of=DATE[&region=CODE][&entity=USCC][&scheme=CODE]` (credit.md)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from qualitybrand.core.api_base import RegionParamMixin
from qualitybrand.credit.selectors import (
    BadRequest,
    OutOfScope,
    credit_document,
    find_entity,
    find_region,
    find_scheme,
    parse_date,
    rating_scope,
)


class _ReasonSerializer(serializers.Serializer):
    points = serializers.IntegerField(allow_null=True, help_text="加减分；名单记录为 null")
    record = serializers.CharField(help_text="记录：台账名:自然键，如 inspections:CJ0000012")
    text = serializers.CharField()


class _RatingSerializer(serializers.Serializer):
    uscc = serializers.CharField()
    region = serializers.CharField()
    score = serializers.IntegerField()
    grade = serializers.ChoiceField(choices=["A", "B", "C", "D"])
    reasons = _ReasonSerializer(many=True)


class CreditDocumentSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    scheme = serializers.CharField()
    ratings = _RatingSerializer(many=True)


class CreditView(RegionParamMixin, APIView):
    """信用评价：截至 as_of（默认今天）存续的市场主体的信用分、等级和原因，按统一社会信用代码排序。
    县区用户只见本辖区，企业用户只见本企业。"""

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", str, description="评价日期 YYYY-MM-DD，默认今天"),
            OpenApiParameter("region", str, description="区划代码：该区划及下级的主体"),
            OpenApiParameter("entity", str, description="统一社会信用代码：只评价该主体"),
            OpenApiParameter("scheme", str, description="信用评价方案代码，默认内置方案 builtin"),
        ],
        responses=CreditDocumentSerializer,
    )
    def get(self, request):
        params = request.query_params
        try:
            as_of = parse_date(params.get("as_of"))
            region = find_region(params["region"]) if params.get("region") else None
            region, entity_ids = rating_scope(request.user, region)
            entity = find_entity(params["entity"], request.user) if params.get("entity") else None
            scheme = find_scheme(params.get("scheme"))
        except BadRequest as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        except OutOfScope as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        return Response(credit_document(as_of, region=region, entity=entity, scheme=scheme,
                                        entity_ids=entity_ids))


def register(router) -> None:
    """No router resource: the credit API is one read-only view (extra_urls)."""


extra_urls = [path("credit/", CreditView.as_view(), name="api-credit")]
