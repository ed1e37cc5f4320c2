"""REST resource of 风险信息: `/api/v1/risks/` (list with the page's filters, detail, create, update),
`/api/v1/risks/<id>/act/` (开始研判 / 启动处置 / 关闭 with the conclusion), `/api/v1/risks/<id>/level/`
(with the reason) and `/api/v1/risks/<id>/measures/` (GET the measures, POST a new one). The same
services and scoping as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualitybrand.core.api_base import RegionParamMixin

from . import forms, selectors, services, workflow
from .models import MeasureKind, RiskInfo, RiskLevel, RiskMeasure, RiskSource, RiskStatus


class DocumentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField(source="original_name")
    generated = serializers.BooleanField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return f"/risks/{obj.risk_id}/documents/{obj.pk}/"


class InterviewSerializer(serializers.Serializer):
    date = serializers.DateField()
    place = serializers.CharField()
    participants = serializers.CharField()
    content = serializers.CharField()
    commitments = serializers.CharField()
    followup_due = serializers.DateField(allow_null=True)


class MeasureSerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="entity.uscc", allow_null=True, default=None, help_text="统一社会信用代码")
    entity_name = serializers.CharField(source="entity.name", allow_null=True, default=None)
    inspections = serializers.SlugRelatedField(many=True, read_only=True, slug_field="number")
    interview = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = RiskMeasure
        fields = ["id", "kind", "date", "content", "entity", "entity_name", "requirements", "deadline",
                  "inspections", "interview", "documents"]
        read_only_fields = fields

    @extend_schema_field(InterviewSerializer(allow_null=True))
    def get_interview(self, obj):
        interview = getattr(obj, "interview", None) if obj.kind == MeasureKind.INTERVIEW else None
        return InterviewSerializer(interview).data if interview is not None else None


class LevelChangeSerializer(serializers.Serializer):
    old_level = serializers.CharField()
    new_level = serializers.CharField()
    reason = serializers.CharField()
    username = serializers.CharField()
    time = serializers.DateTimeField()


class RiskSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True, help_text="区划代码")
    region_name = serializers.CharField(source="region.name", read_only=True)
    source_record = serializers.SerializerMethodField(help_text="来源记录的编号")
    entities = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()
    measures = MeasureSerializer(many=True, read_only=True)
    level_changes = LevelChangeSerializer(many=True, read_only=True)

    class Meta:
        model = RiskInfo
        fields = ["id", "number", "title", "source", "source_record", "source_note", "product", "product_category",
                  "entities", "level", "found", "description", "owner", "status", "region", "region_name",
                  "closed", "conclusion", "measures", "level_changes"]
        read_only_fields = fields

    def get_source_record(self, obj) -> str | None:
        record = obj.inspection or obj.case or obj.incident or obj.complaint
        return record.number if record is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.DictField(child=serializers.CharField())))
    def get_entities(self, obj):
        return [{"uscc": e.uscc, "name": e.name} for e in obj.entities.all()]

    def get_owner(self, obj) -> str | None:
        return str(obj.owner) if obj.owner else None


class RiskInputSerializer(serializers.Serializer):
    """What a create (all required ones) or an update (any of them) sends."""

    title = serializers.CharField(help_text="风险名称")
    source = serializers.ChoiceField(choices=RiskSource.values, help_text="风险来源（仅新增）")
    source_ref = serializers.CharField(required=False, help_text="来源记录编号或说明（仅新增）")
    level = serializers.ChoiceField(choices=RiskLevel.values, help_text="风险等级；修改时须同时给出 level_reason")
    level_reason = serializers.CharField(required=False, help_text="调整风险等级的理由")
    found = serializers.DateField(help_text="发现日期（仅新增）")
    region = serializers.CharField(help_text="区划代码（仅新增）")
    product = serializers.CharField(required=False)
    product_category = serializers.CharField(required=False)
    entities = serializers.ListField(child=serializers.CharField(), required=False, help_text="统一社会信用代码")
    owner = serializers.IntegerField(required=False, allow_null=True, help_text="负责人用户 id")
    description = serializers.CharField(help_text="风险描述")


class RiskActSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(workflow.ACTIONS), help_text="开始研判、启动处置 或 关闭")
    comment = serializers.CharField(required=False, allow_blank=True)
    conclusion = serializers.CharField(required=False, allow_blank=True, help_text="处置结论（关闭时必填）")


class LevelSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=RiskLevel.values)
    reason = serializers.CharField(help_text="调整理由（必填）")


class MeasureInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeasureKind.values)
    date = serializers.DateField()
    content = serializers.CharField()
    entity = serializers.CharField(required=False, help_text="对象主体的统一社会信用代码（风险告知书、约谈必填）")
    requirements = serializers.CharField(required=False, help_text="应采取的措施（风险告知书）")
    deadline = serializers.DateField(required=False, help_text="整改期限（风险告知书）")
    inspections = serializers.ListField(child=serializers.CharField(), required=False, help_text="抽检编号（专项抽查）")
    place = serializers.CharField(required=False, help_text="约谈地点")
    participants = serializers.CharField(required=False, help_text="参加人员")
    commitments = serializers.CharField(required=False, help_text="企业承诺")
    followup_due = serializers.DateField(required=False, help_text="跟踪检查期限")


def _object(data) -> dict:
    if not hasattr(data, "get"):
        raise ValidationError("请求内容应为 JSON 对象。")
    return data


LIST_PARAMS = [OpenApiParameter(n, str, description=d, enum=e) for n, d, e in (
    ("level", "风险等级", RiskLevel.values), ("status", "状态", RiskStatus.values), ("source", "来源", RiskSource.values),
    ("region", "区划代码（含下级）", None), ("year", "发现年度", None), ("product", "产品（包含）", None),
    ("q", "关键词（编号、名称、描述）", None), ("entity", "涉及主体的统一社会信用代码", None),
    ("unhandled", "只看未处置（登记、研判）的风险：1", None))]


@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMS),
    create=extend_schema(request=RiskInputSerializer, responses={201: RiskSerializer}),
    update=extend_schema(request=RiskInputSerializer, responses=RiskSerializer),
    partial_update=extend_schema(request=RiskInputSerializer, responses=RiskSerializer),
    act=extend_schema(request=RiskActSerializer, responses=RiskSerializer),
    level=extend_schema(request=LevelSerializer, responses=RiskSerializer),
    measures=extend_schema(methods=["GET"], responses=MeasureSerializer(many=True)),
)
class RiskViewSet(RegionParamMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """风险信息：来源、等级（一级最严重）、处置措施（风险警示、风险告知书、约谈、风险公告、专项抽查）和关闭。"""

    serializer_class = RiskSerializer
    queryset = RiskInfo.objects.none()

    def get_queryset(self):
        qs = selectors.filtered(self.request.user, selectors.Filters.from_params(self.request.query_params))
        return qs.select_related("inspection", "case", "incident", "complaint").prefetch_related(
            "entities", "level_changes", "measures__entity", "measures__inspections", "measures__interview",
            "measures__documents")

    def _fresh(self, risk):
        return self.get_queryset().get(pk=risk.pk)

    def create(self, request, *args, **kwargs):
        values, errors = forms.parse_risk(request.user, _object(request.data))
        if errors:
            raise ValidationError(errors)
        risk = services.create_risk(request.user, values)
        return Response(RiskSerializer(self._fresh(risk)).data, status=201)

    def update(self, request, *args, **kwargs):
        risk = self.get_object()
        data = _object(request.data)
        editable = ("title", "product", "product_category", "entities", "owner", "description")
        fixed = [k for k in ("source", "source_ref", "found", "region") if k in data]
        if fixed:
            raise ValidationError(f"{'、'.join(fixed)} 登记后不能修改。")
        values, errors = forms.parse_risk(request.user, {k: data[k] for k in editable if k in data}, partial=True)
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            if values:
                risk = services.update_risk(request.user, risk, values)
            if "level" in data and data["level"] != risk.level:
                risk = services.change_level(request.user, risk, str(data["level"]), str(data.get("level_reason") or ""))
        return Response(RiskSerializer(self._fresh(risk)).data)

    @action(detail=True, methods=["post"])
    def act(self, request, pk=None):
        risk = self.get_object()
        data = _object(request.data)
        name = str(data.get("action", "")).strip()
        if name not in workflow.ACTIONS:
            raise ValidationError(f"请指定操作 action：{'、'.join(workflow.ACTIONS)}。")
        risk = services.act(request.user, risk, name, comment=str(data.get("comment") or ""),
                            conclusion=str(data.get("conclusion") or ""))
        return Response(RiskSerializer(self._fresh(risk)).data)

    @action(detail=True, methods=["post"])
    def level(self, request, pk=None):
        risk = self.get_object()
        data = _object(request.data)
        risk = services.change_level(request.user, risk, str(data.get("level", "")), str(data.get("reason") or ""))
        return Response(RiskSerializer(self._fresh(risk)).data)

    @extend_schema(methods=["POST"], request=MeasureInputSerializer, responses={201: MeasureSerializer})
    @action(detail=True, methods=["get", "post"])
    def measures(self, request, pk=None):
        risk = self.get_object()
        if request.method == "GET":
            return Response(MeasureSerializer(risk.measures.all(), many=True).data)
        values, errors = forms.parse_measure(_object(request.data))
        if errors:
            raise ValidationError(errors)
        measure = services.add_measure(request.user, risk, values)
        return Response(MeasureSerializer(RiskMeasure.objects.get(pk=measure.pk)).data, status=201)


def register(router) -> None:
    router.register("risks", RiskViewSet, basename="risk")
