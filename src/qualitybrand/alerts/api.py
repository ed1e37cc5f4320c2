"""`GET /api/v1/warnings/?as_of=DATE[&region=CODE][&rule=a&rule=b]` (warnings.md), scoped by `for_user`."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from qualitybrand.alerts.engine import LEVELS, for_user
from qualitybrand.alerts.owners import OutOfScope
from qualitybrand.alerts.selectors import (
    BadRequest,
    parse_as_of,
    parse_region,
    parse_rules,
    warnings_document,
)
from qualitybrand.core.api_base import RegionParamMixin


class _WarningSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="规则代码，如 tm.renewal")
    key = serializers.CharField(help_text="对象的自然键（商标注册号、证书编号、USCC|列入日期 等）")
    region = serializers.CharField(help_text="对象所属区划代码")
    level = serializers.ChoiceField(choices=LEVELS, help_text="级别：提示、预警、紧急")
    due = serializers.DateField(help_text="到期日")
    message = serializers.CharField(help_text="预警说明")


class WarningsDocumentSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    warnings = _WarningSerializer(many=True)


class WarningsView(RegionParamMixin, APIView):
    """预警：某日（as_of，默认今天）本用户应知悉的预警，按到期日、规则、对象排序；可按区划、规则筛选。"""

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", str, description="计算日期 YYYY-MM-DD，默认今天"),
            OpenApiParameter("region", str, description="区划代码：只返回该区划及其下级的预警（须在管辖范围内）"),
            OpenApiParameter("rule", str, many=True, description="规则代码，可重复；省略则为全部启用的规则"),
        ],
        responses=WarningsDocumentSerializer,
    )
    def get(self, request):
        params = request.query_params
        try:
            as_of = parse_as_of(params.get("as_of"))
            region = parse_region(params.get("region"))
            rules = parse_rules(params.getlist("rule") or params.getlist("rules") or None)
            alerts = for_user(request.user, as_of, rules=rules, region=region)
        except BadRequest as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        except OutOfScope as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        return Response(warnings_document(as_of, alerts))


def register(router) -> None:
    """No router resources: the warnings are one computed document (extra_urls)."""


extra_urls = [path("warnings/", WarningsView.as_view(), name="api-warnings")]
