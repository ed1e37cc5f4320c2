"""REST resource of 交办任务: `/api/v1/assignments/` (list; detail with the assignees the user may
see and their reports). The same scoping as the pages (`selectors.tasks_for`, `assignees_for`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from qualitybrand.assignments import selectors
from qualitybrand.assignments.models import Task
from qualitybrand.core import clock


class AssignedTaskSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True, help_text="交办单位区划代码")
    region_name = serializers.CharField(source="region.name", read_only=True)
    # plain text, not an enum: the schema keeps one "state" enum name for the other apps
    state = serializers.CharField(read_only=True, help_text="办理中 / 已办结 / 已撤销")
    overdue = serializers.SerializerMethodField(help_text="逾期：超过完成期限仍有承办单位未验收")
    round = serializers.IntegerField(source="round_id", allow_null=True, read_only=True, help_text="关联考核轮次")
    target_item = serializers.IntegerField(source="target_item_id", allow_null=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "title", "region", "region_name", "state", "deadline", "source", "round", "item_code",
                  "target_item", "created_at", "overdue"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        late = getattr(obj, "late", None)
        if late is not None:
            return bool(late)
        return any(selectors.is_overdue(a, clock.today()) for a in obj.assignees.all())


class TaskReportSerializer(serializers.Serializer):
    text = serializers.CharField()
    figures = serializers.CharField()
    is_completion = serializers.BooleanField(help_text="办结报告")
    created_at = serializers.DateTimeField()
    files = serializers.SerializerMethodField()

    def get_files(self, obj) -> list[str]:
        return [f.original_name for f in obj.files.all()]


class TaskAssigneeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="部门 / 区县 / 乡镇街道")
    label = serializers.CharField(help_text="部门简称或区划名称")
    region = serializers.CharField(source="region.code")
    department = serializers.CharField(source="department.name", allow_null=True, default=None)
    state = serializers.CharField(help_text="办理中 / 待验收 / 已验收 / 退回")
    review_comment = serializers.CharField()
    reports = TaskReportSerializer(many=True, source="report_list")


class AssignedTaskDetailSerializer(AssignedTaskSerializer):
    content = serializers.CharField(read_only=True)
    standard = serializers.CharField(read_only=True)
    assignees = serializers.SerializerMethodField()

    class Meta(AssignedTaskSerializer.Meta):
        fields = AssignedTaskSerializer.Meta.fields + ["content", "standard", "assignees"]
        read_only_fields = fields

    @extend_schema_field(TaskAssigneeSerializer(many=True))
    def get_assignees(self, obj) -> list[dict]:
        assignees = list(selectors.assignees_for(self.context["request"].user, obj))
        reports: dict[int, list] = {}
        for r in selectors.reports_for(assignees):
            reports.setdefault(r.assignee_id, []).append(r)
        for a in assignees:
            a.report_list = reports.get(a.pk, [])
        return TaskAssigneeSerializer(assignees, many=True).data


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("state", str, enum=list(Task.State.values), description="状态"),
    OpenApiParameter("overdue", bool, description="仅逾期")]))
class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """交办任务：交办单位、完成期限、完成标准、承办单位及其报送和验收状态（详情只含您可查看的承办单位）。"""

    queryset = Task.objects.none()

    def get_serializer_class(self):
        return AssignedTaskDetailSerializer if self.action == "retrieve" else AssignedTaskSerializer

    def get_queryset(self):
        params = self.request.query_params
        state = params.get("state", "")
        if state and state not in Task.State.values:
            raise ValidationError(f"state 参数“{state[:20]}”无效：应为 {'、'.join(Task.State.values)} 之一。")
        overdue = params.get("overdue", "")
        if overdue and overdue not in ("true", "false", "1", "0"):
            raise ValidationError("overdue 参数应为 true 或 false。")
        filters = selectors.Filters(state=state, overdue=overdue in ("true", "1"))
        return selectors.filtered(self.request.user, filters).order_by("-created_at", "-id")


def register(router) -> None:
    router.register("assignments", TaskViewSet, basename="assignment")
