"""Resources of the core app: regions and the change log."""

from rest_framework import serializers, viewsets

from qualitybrand.core.models import ChangeLog, Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    former_codes = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent", "former_codes"]

    def get_former_codes(self, obj) -> list[str]:
        return [a.code for a in obj.aliases.all()]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """行政区划：用户可见其所属区划及以下。"""

    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        from qualitybrand.core.selection import scope_regions

        qs = scope_regions(self.request.user).select_related("parent").prefetch_related("aliases")
        region = self.request.query_params.get("region")
        if region:
            root = qs.filter(code=region).first()
            qs = qs.filter(path__startswith=root.path) if root else qs.none()
        return qs


class ChangeLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeLog
        fields = ["id", "time", "username", "request_id", "import_batch_id", "action", "model", "object_id",
                  "object_repr", "before", "after", "reason"]


class ChangeLogViewSet(viewsets.ReadOnlyModelViewSet):
    """变更记录（只读）：市级看全部，县区看本辖区。"""

    serializer_class = ChangeLogSerializer

    def get_queryset(self):
        from qualitybrand.core.selectors import change_log_for_user

        return change_log_for_user(self.request.user, self.request.query_params)


def register(router) -> None:
    router.register("regions", RegionViewSet, basename="region")
    router.register("change-log", ChangeLogViewSet, basename="change-log")
