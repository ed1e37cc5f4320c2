"""REST resource of recalls: `/api/v1/recalls/` (list, detail with its holders nested, create) and the
actions `step`, `recompute`, `notify`, `dispose` — the same services and scoping as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualitybrand.core import clock
from qualitybrand.core.api_base import WorkflowStepSerializer
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.registry.models import Entity

from . import deadlines as dl
from . import selectors, services
from . import workflow as wf
from .models import FOOD_LEVELS, KINDS, NOTIFY_METHODS, PRODUCT_TYPES, Disposal, Recall, RecallHolder, Status
from .views import OFFICE


def _one_of(choices) -> str:
    return "、".join(c for c, _ in choices)


class HolderSerializer(serializers.ModelSerializer):
    notify_method = serializers.CharField(read_only=True, help_text=_one_of(NOTIFY_METHODS))
    disposal = serializers.CharField(read_only=True, help_text="、".join(Disposal.values))
    uscc = serializers.CharField(source="entity.uscc", read_only=True, allow_null=True, default=None)
    region = serializers.CharField(source="region.code", read_only=True, allow_null=True, default=None)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)

    class Meta:
        model = RecallHolder
        fields = ["id", "name", "uscc", "region", "depth", "parent", "via_name", "trace_code", "quantity", "first_date",
                  "notified", "notify_method", "disposal", "disposed", "disposed_quantity", "note"]
        read_only_fields = fields


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rule = serializers.CharField()
    due = serializers.CharField(allow_null=True, help_text="日期（工作日期限）或时间（小时期限）")
    state = serializers.CharField(help_text="done|late|open|overdue|unknown|stopped")
    problem = serializers.CharField()


class RecallSerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="entity.uscc", read_only=True, help_text="责任企业统一社会信用代码")
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    product_type = serializers.CharField(read_only=True, help_text=_one_of(PRODUCT_TYPES))
    level = serializers.CharField(read_only=True, help_text=_one_of(FOOD_LEVELS) + "（食品）")
    kind = serializers.CharField(read_only=True, help_text=_one_of(KINDS))
    status = serializers.CharField(read_only=True, help_text="、".join(Status.values))
    trace_codes = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    holders = serializers.SerializerMethodField()
    holders_in_scope = serializers.SerializerMethodField(
        help_text="辖区有受影响主体：受影响主体中区划在当前用户管辖范围内的户数（企业用户为 0）")
    steps = serializers.SerializerMethodField()

    class Meta:
        model = Recall
        fields = ["id", "number", "entity", "entity_name", "region", "product", "product_type", "level", "kind",
                  "reason", "decided", "decided_at", "started", "status", "plan_submitted", "published", "stopped_at",
                  "closed", "summary", "trace_codes", "deadlines", "overdue", "holders", "holders_in_scope", "steps"]
        read_only_fields = fields

    def _deadlines(self, obj):
        if not hasattr(obj, "_dl"):
            obj._dl = dl.deadlines(obj, clock.now())
        return obj._dl

    def get_trace_codes(self, obj) -> list[str]:
        return [b.trace_code for b in obj.batches.all()]

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, obj):
        return [{"key": d.key, "label": d.label, "rule": d.rule, "due": d.due.isoformat() if d.due else None,
                 "state": d.state, "problem": d.problem} for d in self._deadlines(obj)]

    def get_overdue(self, obj) -> bool:
        return dl.is_overdue(self._deadlines(obj))

    @extend_schema_field(HolderSerializer(many=True))
    def get_holders(self, obj):
        user = self.context["request"].user
        return HolderSerializer(selectors.holders_for(user, obj), many=True).data

    def get_holders_in_scope(self, obj) -> int:
        if not hasattr(obj, "held"):
            user = self.context["request"].user
            return selectors.with_held_counts(Recall.objects.filter(pk=obj.pk), user).get().held
        return obj.held

    @extend_schema_field(WorkflowStepSerializer(many=True))
    def get_steps(self, obj):
        user = self.context["request"].user
        return WorkflowStepSerializer(obj.steps.all(), many=True).data if selectors.sees_all_holders(user, obj) else []


class RecallCreateSerializer(serializers.Serializer):
    entity = serializers.CharField(max_length=18, help_text="责任企业统一社会信用代码")
    product = serializers.CharField(max_length=200)
    # Choices as text checked by the service (Chinese messages; no enum components to collide by name)
    product_type = serializers.CharField(max_length=4, help_text=_one_of(PRODUCT_TYPES))
    level = serializers.CharField(max_length=2, required=False, allow_blank=True,
                                  help_text="食品召回必填：" + _one_of(FOOD_LEVELS))
    kind = serializers.CharField(max_length=4, help_text=_one_of(KINDS))
    reason = serializers.CharField(max_length=5000)
    trace_codes = serializers.ListField(child=serializers.CharField(max_length=100), min_length=1, max_length=200)
    decided = serializers.DateField()
    decided_at = serializers.DateTimeField(required=False, allow_null=True)
    started = serializers.DateField(required=False, allow_null=True)
    number = serializers.CharField(max_length=40, required=False, allow_blank=True)


class StepInputSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=10, help_text="、".join(wf.ACTIONS))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    on = serializers.DateField(required=False, allow_null=True, help_text="日期（默认今天）")
    at = serializers.DateTimeField(required=False, allow_null=True, help_text="停止生产销售时间")


class NotifySerializer(serializers.Serializer):
    holders = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62), min_length=1,
                                    max_length=5000)
    on = serializers.DateField(required=False, allow_null=True)
    method = serializers.CharField(max_length=10, help_text=_one_of(NOTIFY_METHODS))
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class DisposeSerializer(serializers.Serializer):
    holder = serializers.IntegerField(min_value=1, max_value=2**62)
    disposal = serializers.CharField(max_length=4, help_text="、".join(d for d in Disposal.values if d != Disposal.NONE))
    on = serializers.DateField(required=False, allow_null=True)
    quantity = serializers.DecimalField(max_digits=18, decimal_places=3, min_value=0, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RecomputeSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    kept = serializers.IntegerField()
    gone = serializers.ListField(child=serializers.CharField())


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("status", str, enum=list(Status.values), description="状态"),
        OpenApiParameter("product_type", str, enum=[c for c, _ in PRODUCT_TYPES], description="产品类别"),
        OpenApiParameter("overdue", bool, description="只看逾期"),
        OpenApiParameter("held", bool, description="只看辖区有受影响主体的召回（受影响主体在本辖区）")]),
    create=extend_schema(request=RecallCreateSerializer, responses={201: RecallSerializer}),
    step=extend_schema(request=StepInputSerializer, responses=RecallSerializer),
    recompute=extend_schema(request=None, responses=RecomputeSerializer),
    notify=extend_schema(request=NotifySerializer, responses=RecallSerializer),
    dispose=extend_schema(request=DisposeSerializer, responses=RecallSerializer),
)
class RecallViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """缺陷产品召回：缺陷批次（追溯码）、受影响的下游主体、时限、办理步骤；企业只看到本企业负责的召回和本企业作为受影响主体的记录；
    监管部门还看到辖区有受影响主体的召回（只能登记本辖区主体的通知和处置）。"""

    serializer_class = RecallSerializer
    queryset = Recall.objects.none()
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        qs = selectors.recalls_for(self.request.user).select_related("entity", "region") \
            .prefetch_related("batches", "steps").order_by("-decided", "-id")
        params = self.request.query_params
        for name, field, allowed in (("status", "status", Status.values),
                                     ("product_type", "product_type", [c for c, _ in PRODUCT_TYPES])):
            value = params.get(name)
            if value:
                if value not in allowed:
                    raise ValidationError(f"{name}“{value}”无效：应为 {'、'.join(allowed)} 之一。")
                qs = qs.filter(**{field: value})
        if self.action == "list" and params.get("held") in {"1", "true"}:
            qs = qs.filter(pk__in=selectors.held_recall_ids(self.request.user))
        if self.action == "list" and params.get("overdue") in {"1", "true"}:
            qs = qs.filter(pk__in=selectors.overdue_ids(qs))
        return selectors.with_held_counts(qs, self.request.user)

    def create(self, request, *args, **kwargs):
        if not has_scoped_role(request.user, OFFICE):
            raise PermissionDenied("只有市、县区市场监管部门可以登记召回。")
        data = _valid(RecallCreateSerializer, request.data)
        entity = (Entity.objects.for_user(request.user).filter(uscc=data["entity"].strip().upper())
                  .select_related("region").first())
        if entity is None:  # another county's enterprise answers exactly as an unknown code
            raise ValidationError(f"本辖区未找到统一社会信用代码为 {data['entity']} 的市场主体：召回由责任企业所在地的"
                                  f"市场监管部门登记，请核对代码。")
        recall = services.create_recall(
            request.user, entity=entity, product=data["product"], product_type=data["product_type"],
            kind=data["kind"], reason=data["reason"], trace_codes=data["trace_codes"], decided=data["decided"],
            decided_at=data.get("decided_at"), level=data.get("level", ""), started=data.get("started"),
            number=data.get("number", ""))
        return Response(RecallSerializer(recall, context=self.get_serializer_context()).data, status=201)

    def _answer(self, recall):
        recall = self.get_queryset().get(pk=recall.pk)
        return Response(RecallSerializer(recall, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        recall = self.get_object()
        data = _valid(StepInputSerializer, request.data)
        services.take_step(request.user, recall, data["action"], comment=data.get("comment", ""), on=data.get("on"),
                           at=data.get("at"))
        return self._answer(recall)

    @action(detail=True, methods=["post"])
    def recompute(self, request, pk=None):
        return Response(services.recompute(request.user, self.get_object()))

    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        recall = self.get_object()
        data = _valid(NotifySerializer, request.data)
        services.notify_holders(request.user, recall, data["holders"], on=data.get("on"), method=data["method"],
                                note=data.get("note", ""))
        return self._answer(recall)

    @action(detail=True, methods=["post"])
    def dispose(self, request, pk=None):
        recall = self.get_object()
        data = _valid(DisposeSerializer, request.data)
        services.dispose_holder(request.user, recall, data["holder"], disposal=data["disposal"], on=data.get("on"),
                                quantity=data.get("quantity"), note=data.get("note", ""))
        return self._answer(recall)


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return s.validated_data


def register(router) -> None:
    router.register("recalls", RecallViewSet, basename="recall")
