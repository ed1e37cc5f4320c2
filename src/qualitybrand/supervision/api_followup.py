"""REST resource of the follow-ups: `/api/v1/followups/` (one per 不合格 batch; the id is the batch's id),
with its steps as actions — the same rules as the pages, through supervision/services_followup.py:
`notice/`, `report/` (multipart, file), `recheck/`, `case/`, `close/`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualitybrand.core import clock
from qualitybrand.core.api_base import WorkflowStepSerializer
from qualitybrand.core.filtering import find_region, parse_iso_date
from qualitybrand.core.roles import CHANGE
from qualitybrand.core.scoping import region_in_scope
from qualitybrand.supervision import selectors_followup as sel
from qualitybrand.supervision import services_followup as svc
from qualitybrand.supervision.models import Case, FollowUpStatus
from qualitybrand.supervision.views_followup import ROLES


class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="inspection.pk", help_text="抽检批次 id")
    number = serializers.CharField(source="inspection.number", help_text="抽检编号")
    entity = serializers.CharField(source="inspection.entity.uscc", help_text="统一社会信用代码")
    entity_name = serializers.CharField(source="inspection.entity.name")
    product = serializers.CharField(source="inspection.product_category", help_text="产品类别")
    sampled = serializers.DateField(source="inspection.sampled", help_text="抽样日期")
    failed_items = serializers.CharField(source="inspection.failed_items")
    region = serializers.CharField(source="inspection.region.code")
    status = serializers.CharField()
    due = serializers.DateField(allow_null=True, help_text="当前环节的处理期限")
    overdue = serializers.BooleanField()
    historical = serializers.BooleanField(help_text="历史批次（抽样日期早于跟踪起始日期、未在平台上办理）：不属未办结")
    notice_number = serializers.SerializerMethodField()
    notice_date = serializers.SerializerMethodField()
    report_date = serializers.SerializerMethodField()
    recheck_date = serializers.SerializerMethodField()
    recheck_result = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField(help_text="关联案件编号")
    closed = serializers.SerializerMethodField(help_text="办结日期")
    steps = serializers.SerializerMethodField()

    def _f(self, row, name):
        return getattr(row.followup, name) if row.followup else None

    def get_notice_number(self, row) -> str:
        return self._f(row, "notice_number") or ""

    def get_notice_date(self, row) -> str | None:
        d = self._f(row, "notice_date")
        return d.isoformat() if d else None

    def get_report_date(self, row) -> str | None:
        d = self._f(row, "report_date")
        return d.isoformat() if d else None

    def get_recheck_date(self, row) -> str | None:
        d = self._f(row, "recheck_date")
        return d.isoformat() if d else None

    def get_recheck_result(self, row) -> str:
        return self._f(row, "recheck_result") or ""

    def get_case(self, row) -> str:
        return row.followup.case.number if row.followup and row.followup.case_id else ""

    def get_closed(self, row) -> str | None:
        d = self._f(row, "closed")
        return d.isoformat() if d else None

    @extend_schema_field(WorkflowStepSerializer(many=True))
    def get_steps(self, row) -> list[dict]:
        return WorkflowStepSerializer(row.followup.steps.all(), many=True).data if row.followup else []


class ReportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="整改报告（PDF、Word、OFD、JPG、PNG、ZIP）")
    comment = serializers.CharField(required=False, allow_blank=True)


class RecheckSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=["合格", "不合格"], help_text="复查结果")
    recheck_date = serializers.CharField(required=False, allow_blank=True, help_text="复查日期 YYYY-MM-DD，默认今天")
    items = serializers.CharField(required=False, allow_blank=True, help_text="复查不合格项目（不合格时必填）")
    comment = serializers.CharField(required=False, allow_blank=True)


class FollowUpCaseSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, help_text="关联已有案件的 id（同一主体）")
    number = serializers.CharField(required=False, allow_blank=True, help_text="新建案件的案件编号")
    case_type = serializers.CharField(required=False, default="质量违法", help_text="新建案件的案件类型")
    comment = serializers.CharField(required=False, allow_blank=True)


class CloseSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text="结案意见（必填）")


class EmptySerializer(serializers.Serializer):
    pass


def _text(data, name: str) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) else str(value or "")


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("status", str, enum=list(FollowUpStatus.values), description="状态"),
        OpenApiParameter("overdue", bool, description="只看逾期"),
        OpenApiParameter("year", int, description="抽样年度"),
        OpenApiParameter("product", str, description="产品类别（包含）"),
        OpenApiParameter("region", str, description="区划代码（含下级）"),
        OpenApiParameter("historical", str, enum=["", "1", "only"],
                         description="历史批次：默认不含；1 含历史批次；only 只看历史批次")]),
    notice=extend_schema(request=EmptySerializer, responses=FollowUpSerializer, description="下达整改通知"),
    report=extend_schema(request={"multipart/form-data": ReportSerializer}, responses=FollowUpSerializer,
                         description="提交整改报告（本企业用户或辖区市场监管部门）"),
    recheck=extend_schema(request=RecheckSerializer, responses=FollowUpSerializer, description="登记复查"),
    case=extend_schema(request=FollowUpCaseSerializer, responses=FollowUpSerializer, description="立案（新建或关联案件）"),
    close=extend_schema(request=CloseSerializer, responses=FollowUpSerializer, description="结案（须填写意见）"),
)
class FollowUpViewSet(viewsets.GenericViewSet):
    """抽查后处理：每个不合格批次一条（id 为抽检批次 id），由被抽查单位所在县区办理。"""

    serializer_class = FollowUpSerializer
    lookup_value_regex = r"[^/]+"

    def _allowed(self):
        user = self.request.user
        if not (user.is_superuser or getattr(user, "role", "") in ROLES):
            raise PermissionDenied("您的角色不办理抽查后处理。")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user to check
            from qualitybrand.supervision.models import Inspection

            return Inspection.objects.none()
        self._allowed()
        return sel.failed_batches(self.request.user)

    def _filtered(self):
        p = self.request.query_params
        status = p.get("status", "")
        if status and status not in FollowUpStatus.values:
            raise ValidationError(f"状态“{status}”无效：应为 {'、'.join(FollowUpStatus.values)} 之一。")
        year = p.get("year", "")
        if year and not (year.isdecimal() and len(year) == 4):
            raise ValidationError("year 应为四位年份。")
        region = None
        if p.get("region"):
            region = find_region(p["region"])
            if region is None or not region_in_scope(self.request.user, region):
                raise ValidationError(f"区划代码“{p['region']}”不存在或不在您的管辖范围内。")
        historical = p.get("historical", "")
        if historical == "true":
            historical = "1"
        if historical not in sel.HISTORICAL_CHOICES:
            raise ValidationError("historical 应为 1（含历史批次）或 only（只看历史批次），默认不含。")
        self._allowed()
        return sel.followup_rows(self.request.user, status=status, overdue=p.get("overdue") in ("1", "true"),
                                 year=int(year) if year else None, product=p.get("product", "").strip(),
                                 region=region, historical=historical)

    def list(self, request):
        qs = self._filtered().prefetch_related("followup__steps")
        page = self.paginate_queryset(qs)
        rows = sel.rows_of(page if page is not None else qs, clock.today())
        data = FollowUpSerializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def _batch(self, pk):
        self._allowed()
        i = sel.followup_for(self.request.user, pk)
        if i is None:
            from rest_framework.exceptions import NotFound

            raise NotFound("未找到该不合格批次，或不在您的管辖范围内。")
        return i

    def _answer(self, pk):
        return Response(FollowUpSerializer(sel.row_of(self._batch(pk), clock.today())).data)

    def retrieve(self, request, pk=None):
        return self._answer(pk)

    @action(detail=True, methods=["post"])
    def notice(self, request, pk=None):
        svc.issue_notice(request.user, self._batch(pk))
        return self._answer(pk)

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        svc.submit_report(request.user, self._batch(pk), request.FILES.get("file"), note=_text(request.data, "comment"))
        return self._answer(pk)

    @action(detail=True, methods=["post"])
    def recheck(self, request, pk=None):
        raw = _text(request.data, "recheck_date").strip()
        on = parse_iso_date(raw, ValidationError) if raw else None
        svc.record_recheck(request.user, self._batch(pk), _text(request.data, "result"), on=on,
                           items=_text(request.data, "items"), comment=_text(request.data, "comment"))
        return self._answer(pk)

    @action(detail=True, methods=["post"])
    def case(self, request, pk=None):
        i = self._batch(pk)
        raw, case = request.data.get("case"), None
        if raw not in (None, ""):
            case = (Case.objects.for_user(request.user, CHANGE).filter(pk=int(raw)).first()
                    if str(raw).isdecimal() and len(str(raw)) < 19 else None)
            if case is None:
                raise ValidationError(f"案件“{raw}”不存在：case 应为已有案件的 id。")
        svc.open_case(request.user, i, case=case, number=_text(request.data, "number"),
                      case_type=_text(request.data, "case_type") or "质量违法", comment=_text(request.data, "comment"))
        return self._answer(pk)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        svc.close_followup(request.user, self._batch(pk), _text(request.data, "comment"))
        return self._answer(pk)


def register(router) -> None:
    router.register("followups", FollowUpViewSet, basename="followup")
