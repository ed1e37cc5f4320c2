"""`/api/v1/indicators/` (read-only, indicators.md) and `/api/v1/indicator-values/` (reported values)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from qualitybrand.core.api_base import RegionParamMixin
from qualitybrand.core.filtering import find_region
from qualitybrand.indicators.models import IndicatorValue
from qualitybrand.indicators.selectors import (
    BadRequest,
    indicator_document,
    parse_codes,
    parse_period,
    resolve_region,
)


def _bad(message: str) -> Response:
    return Response({"detail": message}, status=status.HTTP_400_BAD_REQUEST)


def user_regions(user):
    """The regions whose figures the user may read (its region and below; all for a superuser)."""
    from qualitybrand.core.selection import scope_regions

    return list(scope_regions(user).order_by("path"))


class _PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class _ValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    region = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    unit = serializers.CharField()


class IndicatorDocumentSerializer(serializers.Serializer):
    period = _PeriodSerializer()
    values = _ValueSerializer(many=True)


class IndicatorsView(APIView):
    """指标值：?year=YYYY 或 ?as_of=YYYY-MM-DD，可选 region、code（可重复）。县区用户只能查本辖区。"""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="统计年度 YYYY，即全年（1 月 1 日至 12 月 31 日）；与 as_of 二选一，"
                                                        "或同时给出且日期在该年内"),
            OpenApiParameter("as_of", str, description="截止日期 YYYY-MM-DD，统计期为当年 1 月 1 日至该日；"
                                                       "页面上的当年数字即 as_of=今天"),
            OpenApiParameter("region", str, description="区划代码：只返回该区划（含下级汇总）"),
            OpenApiParameter("code", str, many=True, description="指标代码，可重复；省略则返回全部指标"),
        ],
        responses=IndicatorDocumentSerializer,
    )
    def get(self, request):
        from qualitybrand.core.scoping import user_may_access_region
        from qualitybrand.indicators.selectors import may_read_figures

        if not may_read_figures(request.user):
            return Response({"detail": "您的角色不能查看区域指标。"}, status=status.HTTP_403_FORBIDDEN)
        params = request.query_params
        try:
            period = parse_period(params.get("year"), params.get("as_of"))
            codes = parse_codes(params.getlist("code") or params.getlist("codes") or None)
            if params.get("region"):
                region = resolve_region(params["region"])
                if not user_may_access_region(request.user, region):
                    return Response({"detail": f"区划 {region.code}（{region.name}）不在您的管辖范围内。"},
                                    status=status.HTTP_403_FORBIDDEN)
                regions = [region]
            else:
                regions = user_regions(request.user)
            return Response(indicator_document(codes, period, regions))
        except BadRequest as exc:
            return _bad(str(exc))


class IndicatorValueSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    region_code = serializers.CharField(write_only=True, required=False)
    value = serializers.DecimalField(max_digits=24, decimal_places=8, coerce_to_string=False)
    entered_by = serializers.CharField(source="entered_by.username", read_only=True, default="")
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, default="")

    class Meta:
        model = IndicatorValue
        fields = ["id", "code", "region", "region_code", "year", "value", "department", "note", "status",
                  "entered_by", "reviewed_by", "review_comment"]
        read_only_fields = ["status", "review_comment"]


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, help_text="审核意见（退回时必填）")


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("region", str, description="区划代码（含下级）"),
        OpenApiParameter("year", int, description="年度"),
        OpenApiParameter("code", str, description="指标代码"),
        OpenApiParameter("status", str, description="状态"),
    ]),
    approve=extend_schema(request=ReviewSerializer, responses=IndicatorValueSerializer),
    return_=extend_schema(request=ReviewSerializer, responses=IndicatorValueSerializer),
)
class IndicatorValueViewSet(RegionParamMixin, viewsets.ModelViewSet):
    """部门填报指标：在管辖范围内查询、填报、修改；市级用户审核通过或退回。"""

    serializer_class = IndicatorValueSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        qs = IndicatorValue.objects.for_user(self.request.user).select_related("region", "entered_by",
                                                                                 "reviewed_by")
        params = self.request.query_params
        if params.get("region"):
            root = find_region(params["region"])
            qs = qs.filter(region__path__startswith=root.path) if root else qs.none()
        if params.get("year"):
            if not str(params["year"]).isdecimal():
                raise ValidationError({"detail": "年度无效：请填写四位数字的年份。"})
            qs = qs.filter(year=int(params["year"]))
        for field in ("code", "status"):
            if params.get(field):
                qs = qs.filter(**{field: params[field]})
        return qs.order_by("id")

    def _save(self, request, instance=None, partial=False):
        from qualitybrand.indicators.services import save_indicator_value

        data = request.data
        try:
            region_code = data.get("region_code") or data.get("region") or (instance.region.code if instance else "")
            region = resolve_region(region_code)
        except BadRequest as exc:
            raise ValidationError({"detail": str(exc)}) from None
        obj = save_indicator_value(
            request.user,
            code=data.get("code", instance.code if instance else ""),
            region=region,
            year=data.get("year", instance.year if instance else None),
            value=data.get("value", instance.value if instance else None),
            note=data.get("note", instance.note if instance else ""),
            department=data.get("department", instance.department if instance else ""),
            instance=instance,
        )
        return Response(self.get_serializer(obj).data,
                        status=status.HTTP_200_OK if instance else status.HTTP_201_CREATED)

    def create(self, request, *args, **kwargs):
        return self._save(request)

    def update(self, request, *args, **kwargs):
        return self._save(request, instance=self.get_object(), partial=kwargs.get("partial", False))

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        from qualitybrand.indicators.services import review_indicator_value

        obj = review_indicator_value(request.user, self.get_object(), approve=True,
                                     comment=request.data.get("comment", ""))
        return Response(self.get_serializer(obj).data)

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        from qualitybrand.indicators.services import review_indicator_value

        obj = review_indicator_value(request.user, self.get_object(), approve=False,
                                     comment=request.data.get("comment", ""))
        return Response(self.get_serializer(obj).data)

    def permission_denied(self, request, message=None, code=None):  # keep DRF's behaviour, Chinese text
        super().permission_denied(request, message=message or "您没有执行此操作的权限。", code=code)


def register(router) -> None:
    router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")


extra_urls = [path("indicators/", IndicatorsView.as_view(), name="api-indicators")]

__all__ = ["PermissionDenied", "register", "extra_urls"]
