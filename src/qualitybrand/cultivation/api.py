"""REST resources of cultivation: calls, applications (transitions as actions), rewards.

Scoped by `for_user` like the pages; refusals answer 400/403 with a Chinese `detail`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualitybrand.core.api_base import RegionParamMixin
from qualitybrand.core.roles import CHANGE
from qualitybrand.registry.models import Entity, Program, Trademark

from . import awards, rewards, selectors, services
from .models import Application, Call, Notification, RewardPayment


def _date(value, label):
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationError(f"{label}“{value}”不是有效日期：应为 YYYY-MM-DD，如 2014-07-10。") from None


def _int(value, label):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{label}“{value}”应为整数。") from None


def _program(value) -> Program:
    """A program by its code or its name."""
    program = Program.objects.filter(code=str(value or "")).first() or Program.objects.filter(
        name=str(value or "")).first()
    if program is None:
        raise ValidationError(f"项目“{value or ''}”不存在：请填写项目代码（如 city_known_tm）或项目名称。")
    return program


class CallSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    programs = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = ["id", "name", "year", "opening", "closing", "programs", "region", "notes", "is_open"]

    def get_is_open(self, obj) -> bool:
        from qualitybrand.core import clock

        return obj.opening <= clock.today() <= obj.closing


class CallCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    year = serializers.IntegerField(help_text="认定年度")
    opening = serializers.DateField(help_text="开始日期")
    closing = serializers.DateField(help_text="截止日期")
    programs = serializers.ListField(child=serializers.CharField(), help_text="受理的项目代码（或名称）")
    notes = serializers.CharField(required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("year", int, description="批次年度")]),
    create=extend_schema(request=CallCreateSerializer, responses={201: CallSerializer}),
)
class CallViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """申报批次：开始、截止日期与受理项目。市级管理员发布。"""

    serializer_class = CallSerializer

    def get_queryset(self):
        qs = selectors.calls_for(self.request.user)
        year = self.request.query_params.get("year")
        return qs.filter(year=year) if year and year.isdecimal() else qs

    def create(self, request, *args, **kwargs):
        data = request.data
        codes = data.get("programs") or []
        if isinstance(codes, str):
            codes = [c.strip() for c in codes.split(",") if c.strip()]
        if not isinstance(codes, list):
            raise ValidationError("programs 应为项目代码列表，如 [\"city_known_tm\"]。")
        programs = [_program(c) for c in codes]
        call = services.create_call(request.user, name=str(data.get("name") or ""),
                                    year=_int(data.get("year"), "认定年度"),
                                    opening=_date(data.get("opening"), "开始日期"),
                                    closing=_date(data.get("closing"), "截止日期"), programs=programs,
                                    notes=str(data.get("notes") or ""))
        return Response(CallSerializer(call).data, status=201)


class ApplicationSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code", read_only=True)
    program_name = serializers.CharField(source="program.name", read_only=True)
    entity = serializers.CharField(source="entity.uscc", read_only=True)
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    trademark = serializers.SerializerMethodField()
    region = serializers.CharField(source="region.code", read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "call", "program", "program_name", "entity", "entity_name", "trademark", "product_name",
                  "year", "state", "region", "summary", "rule_results", "panel_score", "notice_start", "notice_end",
                  "recognition", "submitted_at", "created_at", "actions"]

    def get_trademark(self, obj) -> str | None:
        return obj.trademark.number if obj.trademark_id else None

    def get_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return [t.action for t in services.available_actions(request.user, obj)]


class ApplicationCreateSerializer(serializers.Serializer):
    program = serializers.CharField(help_text="项目代码或名称")
    call = serializers.IntegerField(required=False, allow_null=True,
                                    help_text="申报批次编号；省略时取当前受理该项目的唯一批次")
    entity = serializers.CharField(help_text="申报主体的统一社会信用代码")
    trademark = serializers.CharField(required=False, allow_blank=True, help_text="商标注册号（商标类项目）")
    product_name = serializers.CharField(required=False, allow_blank=True, help_text="产品名称（产品类项目）")
    summary = serializers.CharField(required=False, allow_blank=True)


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="提交、通过、退回、不予推荐、推荐、认定、未获认定…")
    comment = serializers.CharField(required=False, allow_blank=True)


class BulkTransitionSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), min_length=1, help_text="申报编号")
    action = serializers.CharField(help_text="通过 或 推荐")
    comment = serializers.CharField(required=False, allow_blank=True)


class _RefusedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message = serializers.CharField()


class BulkResultSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField(), help_text="已办理的申报编号")
    refused = _RefusedSerializer(many=True, help_text="未办理的申报及原因")


class TimelineEntrySerializer(serializers.Serializer):
    time = serializers.DateTimeField()
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    user = serializers.CharField()
    comment = serializers.CharField(allow_blank=True)


class ScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.FloatField(allow_null=True),
                                   help_text="评分项代码 → 得分率（0–100）")
    submit = serializers.BooleanField(required=False, default=False, help_text="提交（提交后不能再改）")


class ScoresResultSerializer(serializers.Serializer):
    total = serializers.FloatField(allow_null=True, help_text="总分（尚无评分时为 null）")
    submitted = serializers.BooleanField()


APPLICATION_FILTERS = [
    OpenApiParameter("state", str, description="状态，如 县区初审"),
    OpenApiParameter("program", str, description="项目代码"),
    OpenApiParameter("call", int, description="申报批次编号"),
    OpenApiParameter("year", int, description="认定年度"),
    OpenApiParameter("region", str, description="区划代码（含下级）"),
    OpenApiParameter("entity", str, description="统一社会信用代码"),
    OpenApiParameter("q", str, description="企业名称（包含）或统一社会信用代码"),
]


@extend_schema_view(
    list=extend_schema(parameters=APPLICATION_FILTERS),
    create=extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationSerializer}),
    transition=extend_schema(request=TransitionSerializer, responses=ApplicationSerializer),
    bulk=extend_schema(request=BulkTransitionSerializer, responses=BulkResultSerializer),
    timeline=extend_schema(responses=TimelineEntrySerializer(many=True)),
    scores=extend_schema(request=ScoresSerializer, responses=ScoresResultSerializer),
)
class ApplicationViewSet(RegionParamMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """申报：企业填报草稿并提交，县区初审，市级审核、推荐，认定结果。流转用 POST transition。"""

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        return selectors.applications_for(self.request.user, self.request.query_params)

    def create(self, request, *args, **kwargs):
        data = request.data
        program = _program(data.get("program"))
        if data.get("call") in (None, ""):
            # no call named: the one open call that accepts the program
            calls = list(selectors.open_calls_for(request.user).filter(programs=program))
            if len(calls) != 1:
                raise ValidationError(f"请指定申报批次 call：当前受理{program.name}的批次有 {len(calls)} 个。")
            call = calls[0]
        else:
            call = Call.objects.for_user(request.user).filter(pk=_int(data.get("call"), "申报批次")).first()
        if call is None:
            raise ValidationError(f"申报批次 {data.get('call')} 不存在或不对您开放。")
        entity = Entity.objects.for_user(request.user).filter(uscc=data.get("entity")).first()
        if entity is None:
            raise ValidationError(f"统一社会信用代码“{data.get('entity')}”的主体不存在或不在您的管辖范围内。")
        trademark = None
        if data.get("trademark"):
            trademark = Trademark.objects.for_user(request.user).filter(number=str(data["trademark"])).first()
            if trademark is None:
                raise ValidationError(f"商标注册号“{data['trademark']}”不存在或不在您的管辖范围内。")
        app = services.create_application(request.user, call=call, program=program, entity=entity,
                                          trademark=trademark, product_name=str(data.get("product_name") or ""),
                                          summary=str(data.get("summary") or ""))
        return Response(ApplicationSerializer(app, context={"request": request}).data, status=201)

    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """办理一步流转：{"action": "提交|通过|退回|不予推荐|推荐|认定|未获认定|…", "comment": "…"}。"""
        app = self.get_object()
        name = request.data.get("action")
        if not name:
            raise ValidationError("请指定操作 action（如 提交、通过、退回、推荐、认定）。")
        app = services.transition(request.user, app, str(name), str(request.data.get("comment") or ""))
        return Response(ApplicationSerializer(app, context={"request": request}).data)

    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """市级批量办理：{"ids": [..], "action": "通过|推荐", "comment": ""}。"""
        ids = request.data.get("ids")
        if not isinstance(ids, list) or not ids:
            raise ValidationError("请提供要办理的申报编号列表 ids。")
        result = services.bulk_transition(request.user, [_int(i, "申报编号") for i in ids],
                                          str(request.data.get("action") or ""), str(request.data.get("comment") or ""))
        return Response(result)

    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        app = self.get_object()
        return Response([{"time": t.time, "action": t.action, "from_state": t.from_state, "to_state": t.to_state,
                          "user": t.username, "comment": t.comment} for t in selectors.timeline(app)])

    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        """专家评分：{"scores": {"4.1.2": 60, …}, "submit": true}。只能为分配给自己的申报打分。"""
        app = self.get_object()
        scores = request.data.get("scores")
        if not isinstance(scores, dict):
            raise ValidationError("scores 应为对象：{评分项代码: 得分率}。")
        assignment = awards.assignment_for(request.user, app)
        assignment = awards.save_scores(request.user, assignment, scores, submit=bool(request.data.get("submit")))
        assignment.refresh_from_db()
        return Response({"total": assignment.total, "submitted": assignment.submitted_at is not None})


class RewardSerializer(serializers.ModelSerializer):
    entity = serializers.CharField(source="entity.uscc", read_only=True)
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    program = serializers.SerializerMethodField()
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = RewardPayment
        fields = ["id", "year", "program", "event", "entity", "entity_name", "object_key", "amount", "status",
                  "budget_year", "paid_on", "held_reason", "region"]

    def get_program(self, obj) -> str | None:
        return obj.program.code if obj.program_id else None


class RewardTotalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    region_code = serializers.CharField()
    region_name = serializers.CharField()
    amount = serializers.FloatField(help_text="应付合计（万元）")
    count = serializers.IntegerField()
    paid = serializers.FloatField(help_text="已拨付合计（万元）")


class GenerateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1980, max_value=2100, help_text="认定年度")


class GenerateResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="新生成的应付奖励条数")
    amount = serializers.FloatField(help_text="新生成的金额合计（万元）")


class PaySerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), min_length=1, help_text="奖励编号")
    budget_year = serializers.IntegerField(min_value=1980, max_value=2100)
    paid_on = serializers.DateField(help_text="拨付日期")


class HeldSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="奖励编号")
    reason = serializers.CharField(help_text="暂缓原因（联合惩戒规则）")


class PayResultSerializer(serializers.Serializer):
    paid = serializers.IntegerField(help_text="已登记拨付的笔数")
    held = HeldSerializer(many=True, help_text="暂缓拨付的奖励及原因")


REWARD_FILTERS = [
    OpenApiParameter("year", int, description="奖励年度"),
    OpenApiParameter("status", str, enum=[s.value for s in RewardPayment.Status], description="状态"),
    OpenApiParameter("region", str, description="区划代码（含下级）"),
]


@extend_schema_view(
    list=extend_schema(parameters=REWARD_FILTERS),
    totals=extend_schema(parameters=REWARD_FILTERS, responses=RewardTotalSerializer(many=True)),
    generate=extend_schema(request=GenerateSerializer, responses=GenerateResultSerializer),
    pay=extend_schema(request=PaySerializer, responses=PayResultSerializer),
)
class RewardViewSet(RegionParamMixin, viewsets.ReadOnlyModelViewSet):
    """奖励资金：应付 → 已拨付，按年度、区划汇总。"""

    serializer_class = RewardSerializer

    def get_queryset(self):
        return selectors.reward_payments_for(self.request.user, self.request.query_params)

    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def totals(self, request):
        return Response(selectors.reward_totals(request.user, request.query_params))

    @action(detail=False, methods=["post"])
    def generate(self, request):
        created = rewards.generate_rewards(request.user, _int(request.data.get("year"), "年度"))
        return Response({"created": len(created), "amount": sum((p.amount for p in created), 0)})

    @action(detail=False, methods=["post"])
    def pay(self, request):
        ids = request.data.get("ids")
        if not isinstance(ids, list) or not ids:
            raise ValidationError("请提供要拨付的奖励编号列表 ids。")
        with transaction.atomic():
            outcome = rewards.pay_or_hold(request.user, [_int(i, "奖励编号") for i in ids],
                                          budget_year=_int(request.data.get("budget_year"), "预算年度"),
                                          paid_on=_date(request.data.get("paid_on"), "拨付日期"))
        return Response({"paid": outcome.paid,
                         "held": [{"id": p.pk, "reason": reason} for p, reason in outcome.held]})


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "message", "url", "application", "created", "read_at"]


class ReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False,
                                help_text="消息编号；省略则全部标为已读")


class ReadResultSerializer(serializers.Serializer):
    read = serializers.IntegerField(help_text="本次标为已读的条数")
    unread = serializers.IntegerField(help_text="仍未读的条数")


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("unread", str, enum=["1", "true", "是"],
                                                    description="只列未读消息")]),
    read=extend_schema(request=ReadSerializer, responses=ReadResultSerializer),
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """站内消息：只含发给当前用户的消息；POST read 标为已读（{"ids": [..]}，不带 ids 为全部）。"""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        qs = Notification.objects.for_user(self.request.user)
        if self.request.query_params.get("unread") in ("1", "true", "是"):
            qs = qs.filter(read_at__isnull=True)
        return qs

    @action(detail=False, methods=["post"])
    def read(self, request):
        ids = request.data.get("ids")
        if ids is not None and not isinstance(ids, list):
            raise ValidationError("ids 应为消息编号列表。")
        n = services.mark_read(request.user, [_int(i, "消息编号") for i in ids] if ids is not None else None)
        return Response({"read": n, "unread": selectors.unread_count(request.user)})


def register(router) -> None:
    router.register("calls", CallViewSet, basename="call")
    router.register("notifications", NotificationViewSet, basename="notification")
    router.register("applications", ApplicationViewSet, basename="application")
    router.register("rewards", RewardViewSet, basename="reward")


__all__ = ["register", "CHANGE"]
