"""REST resource `/api/v1/complaints/` (interfaces.md): list, detail, create and the workflow steps
(`POST /api/v1/complaints/<id>/act/` with {"action": "受理", "on": "2014-07-10", …}), through the same
services and scoping as the pages. The complainant's identity is answered to the handling office only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualitybrand.core import clock
from qualitybrand.core.filtering import find_region

from . import selectors, services
from . import workflow as wf
from .dues import due_info
from .models import CATEGORIES, CHANNELS, IDENTITY_FIELDS, Complaint, Status


class ComplaintSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    respondent_uscc = serializers.SerializerMethodField(help_text="被投诉人统一社会信用代码")
    respondent = serializers.CharField(read_only=True, help_text="被投诉人名称")
    case = serializers.SerializerMethodField(help_text="关联案件编号（已关联的案件）")
    due = serializers.SerializerMethodField(help_text="当前期限")
    due_text = serializers.SerializerMethodField(help_text="剩余或已超期的工作日")
    overdue = serializers.SerializerMethodField()
    complainant_name = serializers.SerializerMethodField(help_text="仅承办机构可见，其他用户为 null")
    complainant_phone = serializers.SerializerMethodField(help_text="仅承办机构可见，其他用户为 null")
    complainant_address = serializers.SerializerMethodField(help_text="仅承办机构可见，其他用户为 null")

    class Meta:
        model = Complaint
        fields = ["id", "number", "category", "channel", "registered", "respondent_uscc", "respondent", "region",
                  "region_name", "product", "summary", "accepted", "closed", "result", "case", "case_number",
                  "recovered", "extended", "status", "due", "due_text", "overdue", *IDENTITY_FIELDS]
        read_only_fields = fields

    def _info(self, obj):
        cache = self.context.setdefault("due_cache", {})
        if obj.pk not in cache:
            cache[obj.pk] = due_info(obj, clock.today())
        return cache[obj.pk]

    def get_respondent_uscc(self, obj) -> str:
        return obj.entity.uscc if obj.entity_id else ""

    def get_case(self, obj) -> str | None:
        return obj.case.number if obj.case_id else None

    def get_due(self, obj) -> dt.date | None:
        return self._info(obj).due

    def get_due_text(self, obj) -> str:
        return self._info(obj).text

    def get_overdue(self, obj) -> bool:
        return self._info(obj).overdue

    def _identity(self, obj, name):
        request = self.context.get("request")
        return getattr(obj, name) if request and services.identity_visible(request.user, obj) else None

    def get_complainant_name(self, obj) -> str | None:
        return self._identity(obj, "complainant_name")

    def get_complainant_phone(self, obj) -> str | None:
        return self._identity(obj, "complainant_phone")

    def get_complainant_address(self, obj) -> str | None:
        return self._identity(obj, "complainant_address")


class ComplaintCreateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=[c for c, _ in CATEGORIES])
    channel = serializers.ChoiceField(choices=[c for c, _ in CHANNELS])
    registered = serializers.DateField(required=False, help_text="登记日期，默认今天")
    number = serializers.CharField(required=False, allow_blank=True, help_text="登记编号，留空由系统生成")
    respondent_uscc = serializers.CharField(required=False, allow_blank=True)
    respondent_name = serializers.CharField(required=False, allow_blank=True)
    region = serializers.CharField(required=False, allow_blank=True, help_text="无被投诉人代码时的区划代码")
    product = serializers.CharField(required=False, allow_blank=True)
    summary = serializers.CharField()
    complainant_name = serializers.CharField(required=False, allow_blank=True)
    complainant_phone = serializers.CharField(required=False, allow_blank=True)
    complainant_address = serializers.CharField(required=False, allow_blank=True)


class ComplaintActSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(wf.ACTIONS))
    on = serializers.DateField(required=False, help_text="办理日期，默认今天")
    comment = serializers.CharField(required=False, allow_blank=True)
    result = serializers.CharField(required=False, allow_blank=True, help_text="办结的处理结果")
    recovered = serializers.CharField(required=False, allow_blank=True, help_text="挽回经济损失（万元）")
    case_number = serializers.CharField(required=False, allow_blank=True)
    case_type = serializers.CharField(required=False, allow_blank=True)
    region = serializers.CharField(required=False, allow_blank=True, help_text="转办的县区代码")


FILTERS = [OpenApiParameter("region", str, description="区划代码（含下级）"),
           OpenApiParameter("year", int, description="登记年度"),
           OpenApiParameter("category", str, enum=[c for c, _ in CATEGORIES]),
           OpenApiParameter("channel", str, enum=[c for c, _ in CHANNELS]),
           OpenApiParameter("status", str, enum=list(Status.values)),
           OpenApiParameter("overdue", bool, description="只看今天超期未办结的")]


@extend_schema_view(
    list=extend_schema(parameters=FILTERS),
    create=extend_schema(request=ComplaintCreateSerializer, responses={201: ComplaintSerializer}),
    act=extend_schema(request=ComplaintActSerializer, responses=ComplaintSerializer),
)
class ComplaintViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """投诉举报：按被投诉人所在县区办理；投诉人身份信息仅承办机构可见。"""

    serializer_class = ComplaintSerializer
    queryset = Complaint.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        f = selectors.Filters.from_params(params)
        if self.action == "list" and f.errors:
            raise ValidationError(f.errors)
        return selectors.filtered(self.request.user, f)

    def get_object(self):
        raw = str(self.kwargs.get("pk", ""))
        from django.http import Http404

        if not raw.isdecimal() or len(raw) > 18:
            raise Http404
        obj = selectors.complaints_for(self.request.user).filter(pk=int(raw)).first()
        if obj is None:
            raise Http404
        return obj

    def create(self, request, *args, **kwargs):
        body = ComplaintCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        c = services.file_complaint(data, user=request.user, channel=data.get("channel", ""))
        return Response(ComplaintSerializer(c, context={"request": request}).data, status=201)

    @action(detail=True, methods=["post"])
    def act(self, request, pk=None):
        c = self.get_object()
        body = ComplaintActSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        recovered = None
        if d.get("recovered"):
            try:
                recovered = Decimal(d["recovered"].replace(",", ""))
            except InvalidOperation:
                raise ValidationError("挽回经济损失应为数字（万元）。") from None
            if not recovered.is_finite() or abs(recovered) >= Decimal(10) ** 13:
                raise ValidationError("挽回经济损失数值无效。")
        region = None
        if d["action"] == wf.TRANSFER:
            region = find_region(d.get("region", ""))
            if region is None:
                raise ValidationError("请用 region 指定转办的县区代码。")
        c = services.act(request.user, c, d["action"], on=d.get("on"), comment=d.get("comment", ""),
                         result=d.get("result", ""), recovered=recovered, case_number=d.get("case_number", ""),
                         case_type=d.get("case_type", ""), region=region)
        visible = selectors.complaints_for(request.user).filter(pk=c.pk).first()
        return Response(ComplaintSerializer(visible or c, context={"request": request}).data)


def register(router) -> None:
    router.register("complaints", ComplaintViewSet, basename="complaint")
