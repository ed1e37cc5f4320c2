"""REST resource of credit repair: `/api/v1/credit-repairs/` (the same rules as the pages, through
supervision/services.py). Create is multipart (the three required materials as files); a decision is
`POST /api/v1/credit-repairs/<id>/decide/` with {"action": "批准"|"不予修复", "comment": "…"}."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualitybrand.core import clock
from qualitybrand.core.api_base import WorkflowStepSerializer
from qualitybrand.core.roles import VIEW
from qualitybrand.supervision import repair, selectors, services
from qualitybrand.supervision.models import BlacklistEntry, RepairApplication, RepairState

# multipart field -> material kind
FILE_FIELDS = {"rectification": "整改完成证明", "penalty": "履行处罚证明", "pledge": "信用承诺书", "other": "其他"}


class RepairSerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="entity.uscc", read_only=True, help_text="统一社会信用代码")
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    listed = serializers.DateField(source="entry.listed", read_only=True, help_text="列入日期")
    region = serializers.CharField(source="region.code", read_only=True)
    overdue = serializers.SerializerMethodField()
    due_problem = serializers.SerializerMethodField(help_text="办理期限为空时的原因（缺少某年的工作日历）")
    materials = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta:
        model = RepairApplication
        fields = ["id", "entry", "entity", "entity_name", "listed", "region", "state", "applicant_name", "statement",
                  "submitted", "due", "due_problem", "overdue", "decided", "decision", "reasons", "materials", "steps"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return selectors.is_overdue(obj, clock.today())

    def get_due_problem(self, obj) -> str:
        return selectors.due_problem(obj)

    def get_materials(self, obj) -> list[dict]:
        return [{"kind": m.kind, "name": m.original_name, "size": m.size} for m in obj.materials.all()]

    @extend_schema_field(WorkflowStepSerializer(many=True))
    def get_steps(self, obj) -> list[dict]:
        return WorkflowStepSerializer(obj.steps.all(), many=True).data


class RepairCreateSerializer(serializers.Serializer):
    entry = serializers.IntegerField(help_text="严重违法失信名单记录 id")
    statement = serializers.CharField(required=False, allow_blank=True, help_text="申请说明")
    rectification = serializers.FileField(help_text="整改完成证明")
    penalty = serializers.FileField(help_text="履行处罚证明")
    pledge = serializers.FileField(help_text="信用承诺书")
    other = serializers.FileField(required=False, help_text="其他材料")


class DecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(repair.DECISIONS), help_text="批准 或 不予修复")
    comment = serializers.CharField(required=False, allow_blank=True, help_text="意见；不予修复须写明理由")


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("state", str, enum=list(RepairState.values), description="状态"),
                                   OpenApiParameter("overdue", bool, description="只看逾期未决定")]),
    create=extend_schema(request={"multipart/form-data": RepairCreateSerializer}, responses={201: RepairSerializer}),
    decide=extend_schema(request=DecisionSerializer, responses=RepairSerializer),
)
class RepairViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """信用修复申请：列入满 1 年后由企业（或辖区市场监管部门代为）申请，市级管理员在办理时限内决定。"""

    serializer_class = RepairSerializer
    queryset = RepairApplication.objects.none()

    def get_queryset(self):
        qs = selectors.repairs_for(self.request.user).prefetch_related("materials", "steps").order_by("-id")
        state = self.request.query_params.get("state")
        if state:
            if state not in RepairState.values:
                raise ValidationError(f"状态“{state}”无效：应为 {'、'.join(RepairState.values)} 之一。")
            qs = qs.filter(state=state)
        if self.request.query_params.get("overdue") in {"1", "true"}:
            qs = qs.filter(Q(state=RepairState.PENDING) & Q(due__lt=clock.today()))
        return qs

    def create(self, request, *args, **kwargs):
        raw = str(request.data.get("entry", "")).strip()
        entry = (BlacklistEntry.objects.for_user(request.user, VIEW).filter(pk=int(raw)).first()
                 if raw.isdecimal() and len(raw) < 19 else None)
        if entry is None:
            raise ValidationError(f"名单记录“{raw}”不存在或不在您的管辖范围内：entry 应为严重违法失信名单记录的 id。")
        uploads = [(kind, request.FILES.get(name)) for name, kind in FILE_FIELDS.items()]
        app = services.apply_for_repair(request.user, entry, uploads, statement=str(request.data.get("statement", "")))
        return Response(RepairSerializer(app).data, status=201)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        app = self.get_object()
        action_name = str(request.data.get("action", "")).strip()
        if action_name not in repair.DECISIONS:
            raise ValidationError(f"请指定决定 action：{'、'.join(repair.DECISIONS)}。")
        app = services.decide_repair(request.user, app, action_name, str(request.data.get("comment", "") or ""))
        return Response(RepairSerializer(app).data)


def register(router) -> None:
    router.register("credit-repairs", RepairViewSet, basename="credit-repair")
