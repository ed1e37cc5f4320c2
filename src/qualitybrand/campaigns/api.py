"""REST resource of campaigns: `/api/v1/campaigns/` (list; detail with the results per county, the
tasks and the reported figures). The same scoping as the pages: a county sees the campaigns that
include it, and inside them only its own county's rows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from qualitybrand.campaigns import results as res
from qualitybrand.campaigns import selectors
from qualitybrand.campaigns.models import Campaign, CampaignKind, CampaignStatus


class CampaignSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True, help_text="组织单位区划代码")
    region_name = serializers.CharField(source="region.name", read_only=True)
    lead_department = serializers.CharField(source="lead_department.name", read_only=True)
    departments = serializers.SerializerMethodField()
    counties = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "number", "title", "kind", "status", "region", "region_name", "lead_department",
                  "departments", "counties", "start", "end", "categories", "goals"]
        read_only_fields = fields

    def get_departments(self, obj) -> list[str]:
        return [d.name for d in obj.departments.all()]

    def get_counties(self, obj) -> list[str]:
        return [r.code for r in obj.counties.all()]


class FiguresSerializer(serializers.Serializer):
    region = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    officers = serializers.IntegerField(allow_null=True, help_text="出动执法人员人次（县区报送）")
    entities_checked = serializers.IntegerField(allow_null=True, help_text="检查经营主体户次（县区报送）")
    dens_destroyed = serializers.IntegerField(allow_null=True, help_text="捣毁窝点（县区报送）")


class ResultsSerializer(serializers.Serializer):
    period = serializers.DictField(child=serializers.CharField())
    filtered_by_categories = serializers.BooleanField()
    categories = serializers.ListField(child=serializers.CharField())
    counties = FiguresSerializer(many=True, help_text="各县区：insp.batches、insp.pass_rate、insp.failed_entities、"
                                                      "case.opened、case.goods_value、case.fines、case.transferred 及报送数")
    total = FiguresSerializer(allow_null=True, help_text="合计（只对能看到全部参与县区的用户）")


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.code")
    content = serializers.CharField()
    due = serializers.DateField()
    status = serializers.CharField()
    completed = serializers.DateField(allow_null=True)


class CampaignDetailSerializer(CampaignSerializer):
    results = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()

    class Meta(CampaignSerializer.Meta):
        fields = CampaignSerializer.Meta.fields + ["conclusions", "results", "tasks"]
        read_only_fields = fields

    @extend_schema_field(ResultsSerializer)
    def get_results(self, obj) -> dict:
        user = self.context["request"].user
        counties = selectors.counties_for(user, obj)
        return res.results(obj, counties, whole=len(counties) == obj.counties.count()).as_json()

    @extend_schema_field(TaskSerializer(many=True))
    def get_tasks(self, obj) -> list[dict]:
        tasks = selectors.tasks_for(self.context["request"].user, obj).order_by("region__code", "due", "id")
        return TaskSerializer(tasks, many=True).data


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("status", str, enum=list(CampaignStatus.values), description="状态"),
    OpenApiParameter("kind", str, enum=list(CampaignKind.values), description="类型")]))
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """专项整治 / 联合打假：牵头和参与部门、参与县区、整治期间、各县区任务，以及按整治期间和参与县区
    由台账统计的工作成效（详情）。"""

    queryset = Campaign.objects.none()

    def get_serializer_class(self):
        return CampaignDetailSerializer if self.action == "retrieve" else CampaignSerializer

    def get_queryset(self):
        qs = selectors.campaigns_for(self.request.user).prefetch_related("departments", "counties").order_by("-start", "-id")
        for key, values in (("status", CampaignStatus.values), ("kind", CampaignKind.values)):
            value = self.request.query_params.get(key)
            if value:
                if value not in values:
                    raise ValidationError(f"{key} 参数“{value[:20]}”无效：应为 {'、'.join(values)} 之一。")
                qs = qs.filter(**{key: value})
        return qs


def register(router) -> None:
    router.register("campaigns", CampaignViewSet, basename="campaign")
