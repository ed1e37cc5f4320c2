"""REST resources of planning: target-sets (with progress), schemes (with assess), rounds and results."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from qualitybrand.core.scoping import codes_in_scope
from qualitybrand.planning import selectors, services, visibility
from qualitybrand.planning import subjects as subj
from qualitybrand.planning.models import Round, Scheme, TargetSet
from qualitybrand.planning.selectors import visible_target_sets


def _day(request, year: int) -> dt.date:
    raw = request.query_params.get("as_of")
    if not raw:
        return selectors.default_as_of(year)
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({"detail": f"as_of “{raw}” 无效：应写成 YYYY-MM-DD。"}) from None
    if day.year != year:
        raise ValidationError({"detail": f"as_of {day} 不在年度 {year} 内。"})
    return day


class TargetSetSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")

    class Meta:
        model = TargetSet
        fields = ["code", "name", "year", "region", "version", "document", "updated_at"]


AS_OF = OpenApiParameter("as_of", dt.date, description="统计截止日 YYYY-MM-DD（须在该年度内；省略为默认截止日）")


class ProgressRowSerializer(serializers.Serializer):
    subject = serializers.CharField(help_text="分解对象：区划或乡镇街道代码、部门简称")
    region = serializers.CharField(required=False, help_text="区划与乡镇街道才有")
    indicator = serializers.CharField()
    target = serializers.FloatField()
    actual = serializers.FloatField()
    ratio = serializers.FloatField(help_text="完成比例")
    status = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    code = serializers.CharField()
    as_of = serializers.DateField()
    rows = ProgressRowSerializer(many=True)


class RegionResultSerializer(serializers.Serializer):
    subject = serializers.CharField(help_text="被考核对象：区划或乡镇街道代码、部门简称、统一社会信用代码")
    region = serializers.CharField(required=False, help_text="区划与乡镇街道才有")
    total = serializers.FloatField()
    grade = serializers.CharField(allow_null=True)
    rank = serializers.IntegerField()
    vetoed = serializers.ListField(child=serializers.CharField())
    items = serializers.DictField(child=serializers.FloatField(), help_text="评分项代码 → 得分")
    missing = serializers.ListField(child=serializers.CharField())
    values = serializers.DictField(required=False, help_text="定稿快照：当时的指标值")


class AssessmentSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    results = RegionResultSerializer(many=True)


class RoundResultsSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    round = serializers.IntegerField()
    kind = serializers.CharField()
    as_of = serializers.DateField()
    frozen_at = serializers.DateTimeField(allow_null=True)
    results = RegionResultSerializer(many=True)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("year", int, description="年度")]),
    progress=extend_schema(parameters=[AS_OF], responses=ProgressSerializer),
)
class TargetSetViewSet(viewsets.ReadOnlyModelViewSet):
    """目标集（目标任务及分解）；progress 给出某日的完成进度。"""

    serializer_class = TargetSetSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        qs = visible_target_sets(self.request.user)
        year = self.request.query_params.get("year")
        if year:
            qs = qs.filter(year=year) if year.isdecimal() else qs.none()
        return qs

    @action(detail=True)
    def progress(self, request, code=None):
        ts = self.get_object()
        day = _day(request, ts.year)
        try:
            rows = selectors.progress(ts, day)
            visible = codes_in_scope(request.user, {r.region for r in rows})
            rows = [r for r in rows if r.region in visible]
        except selectors.AssessmentError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response({"code": ts.code, "as_of": day.isoformat(), "rows": [r.as_json() for r in rows]})


class SchemeSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    assessed = serializers.JSONField(source="assessed_codes")
    targets = serializers.CharField(source="target_set_code")

    class Meta:
        model = Scheme
        fields = ["code", "name", "year", "region", "subjects", "assessed", "targets", "version", "document",
                  "updated_at"]


@extend_schema_view(assess=extend_schema(parameters=[AS_OF], responses=AssessmentSerializer))
class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """考核方案；assess 按方案计算（与 assess 命令相同的 JSON）。"""

    serializer_class = SchemeSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return visibility.schemes_for_user(self.request.user)

    @action(detail=True)
    def assess(self, request, code=None):
        scheme = self.get_object()
        raw = request.query_params.get("as_of")
        day = _day(request, scheme.year) if raw else None
        try:
            result = selectors.assess_document(scheme.document, selectors.period_for(scheme.document, day))
        except selectors.AssessmentError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(result.as_json())


class RoundSerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.code")
    region = serializers.CharField(source="region.code")
    frozen = serializers.BooleanField(source="is_frozen")

    class Meta:
        model = Round
        fields = ["id", "scheme", "scheme_version", "region", "kind", "as_of", "deadline", "state", "frozen",
                  "frozen_at"]


def round_results(user, rnd: Round) -> dict:
    """The results of a round: the frozen snapshot, or computed now while it is open. Rows carry
    "subject" and, for region and town subjects, "region" (as `assess --json`)."""
    keeps_region = visibility.kind_of_round(rnd) in (subj.REGIONS, subj.TOWNS)
    if rnd.is_frozen:
        results = [{k: r[k] for k in ("total", "grade", "rank", "vetoed", "items", "missing", "values")}
                   | {"subject": services.subject_key(r)} for r in rnd.snapshot["results"]]
        for r in results:
            r["total"] = float(r["total"])
            r["items"] = {k: float(v) for k, v in r["items"].items()}
    else:
        results = [dict(r) | {"subject": services.subject_key(r)}
                   for r in services.live_assessment(rnd).as_json()["results"]]
    results = visibility.visible_results(user, rnd, results)
    out = []
    for r in results:
        r.pop("region", None)
        row = {"subject": r.pop("subject")}
        if keeps_region:
            row["region"] = row["subject"]
        out.append(row | r)
    return {"scheme": rnd.document["code"], "round": rnd.id, "kind": rnd.kind, "as_of": rnd.as_of.isoformat(),
            "frozen_at": rnd.frozen_at.isoformat() if rnd.frozen_at else None, "results": out}


@extend_schema_view(results=extend_schema(responses=RoundResultsSerializer))
class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    """考核轮次（年中督查、年终考核）；results 为定稿快照或当前计算结果。"""

    serializer_class = RoundSerializer

    def get_queryset(self):
        return visibility.rounds_for_user(self.request.user)

    @action(detail=True)
    def results(self, request, pk=None):
        rnd = self.get_object()  # DRF's lookup: a pk that is no number is a 404, not a ValueError
        try:
            return Response(round_results(request.user, rnd))
        except selectors.AssessmentError as exc:
            raise ValidationError({"detail": str(exc)}) from exc


def register(router) -> None:
    router.register("target-sets", TargetSetViewSet, basename="target-set")
    router.register("schemes", SchemeViewSet, basename="scheme")
    router.register("rounds", RoundViewSet, basename="round")
