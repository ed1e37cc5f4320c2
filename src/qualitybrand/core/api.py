"""Resources of the core app: regions and the change log."""

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from qualitybrand.core.api_base import RegionParamMixin
from qualitybrand.core.models import ChangeLog, Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # the top region has none
    former_codes = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent", "former_codes"]

    def get_former_codes(self, obj) -> list[str]:
        return [a.code for a in obj.aliases.all()]


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("region", str, description="区划代码：该区划及下级")]))
class RegionViewSet(RegionParamMixin, viewsets.ReadOnlyModelViewSet):
    """行政区划：用户可见其所属区划及以下。"""

    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        from qualitybrand.core.filtering import find_region
        from qualitybrand.core.selection import scope_regions

        qs = scope_regions(self.request.user).select_related("parent").prefetch_related("aliases")
        code = self.request.query_params.get("region")
        if code:
            root = find_region(code)
            qs = qs.filter(path__startswith=root.path) if root else qs.none()
        return qs


class ChangeLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeLog
        fields = ["id", "time", "username", "request_id", "import_batch_id", "action", "model", "object_id",
                  "object_repr", "before", "after", "reason"]


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("user", str, description="用户名"),
    OpenApiParameter("model", str, description="模型，如 registry.entity"),
    OpenApiParameter("object_id", str, description="对象编号"),
    OpenApiParameter("import_batch", int, description="导入批次编号"),
    OpenApiParameter("since", dt.date, description="自该日起"),
    OpenApiParameter("until", dt.date, description="至该日止"),
    OpenApiParameter("region", str, description="区划代码（含下级）"),
]))
class ChangeLogViewSet(RegionParamMixin, viewsets.ReadOnlyModelViewSet):
    """变更记录（只读）：市级看全部，县区看本辖区。"""

    serializer_class = ChangeLogSerializer

    def get_queryset(self):
        from qualitybrand.core.selectors import change_log_for_user

        return change_log_for_user(self.request.user, self.request.query_params)


def register(router) -> None:
    router.register("regions", RegionViewSet, basename="region")
    router.register("change-log", ChangeLogViewSet, basename="change-log")
