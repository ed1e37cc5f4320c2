"""The document archive over the API (reports.md § Documents):
`GET /api/v1/reports/` (scoped; filters kind, year, region, state), `GET /api/v1/reports/<id>/`,
`POST /api/v1/reports/` {"kind", "year" | "as_of", "region", "number", "next_year"} → 202 with Location while
queued or running, 201 once made, and `GET /api/v1/reports/<id>/file/` (the file)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualitybrand.core.api_base import RegionParamMixin
from qualitybrand.core.exports import content_disposition
from qualitybrand.core.filtering import find_region
from qualitybrand.core.scoping import region_in_scope
from qualitybrand.reports import kinds, selectors, services
from qualitybrand.reports.models import DocumentKind, DocumentState, IssuedDocument


class IssuedDocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True, help_text="区划代码")
    region_name = serializers.CharField(source="region.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    download = serializers.SerializerMethodField(help_text="下载地址（生成完成后）")
    data_changed = serializers.SerializerMethodField(help_text="生成后数据是否有变化（未生成时为 null）")

    class Meta:
        model = IssuedDocument
        fields = ["id", "kind", "kind_label", "title", "region", "region_name", "year", "as_of", "period_start",
                  "period_end", "issue_no", "state", "state_label", "progress", "message", "number", "signer",
                  "issued_on", "data_version", "data_changed", "file_name", "created_at", "finished_at",
                  "download"]
        read_only_fields = fields

    def get_download(self, obj) -> str | None:
        return f"/api/v1/reports/{obj.pk}/file/" if obj.file else None

    def get_data_changed(self, obj) -> bool | None:
        return selectors.data_changed_since(obj)


class RequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices, help_text="文书类型")
    year = serializers.IntegerField(required=False, min_value=1000, max_value=9999, help_text="年度（年度类文书）")
    as_of = serializers.DateField(required=False, help_text="截至日期 YYYY-MM-DD（截至类文书；简报为统计期末）")
    start = serializers.DateField(required=False, help_text="统计期起（简报）")
    region = serializers.CharField(required=False, help_text="区划代码，默认为本用户的区划")
    number = serializers.IntegerField(required=False, min_value=1, max_value=999999, help_text="简报期号（第N期）")
    next_year = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                      help_text="下一年度工作（年度总结的补充段落）")


class ReportViewSet(RegionParamMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """文书档案：本用户管辖范围内生成的文书。"""

    serializer_class = IssuedDocumentSerializer

    def get_queryset(self):
        params = self.request.query_params
        region = find_region(params.get("region")) if params.get("region") else None
        if self.action != "list":
            return selectors.documents_for(self.request.user)
        if params.get("kind") and params["kind"] not in DocumentKind.values:
            raise exceptions.ValidationError({"kind": [f"未知的文书类型“{params['kind'][:50]}”。"]})
        if params.get("state") and params["state"] not in DocumentState.values:
            raise exceptions.ValidationError({"state": [f"未知的状态“{params['state'][:50]}”。"]})
        year = str(params.get("year", "") or "").strip()
        if year and not (year.isdecimal() and len(year) == 4):
            raise exceptions.ValidationError({"year": [f"年度“{year[:20]}”无效：请填写四位数字的年份。"]})
        return selectors.filtered(self.request.user, selectors.Filters.from_params(params, region))

    @extend_schema(parameters=[
        OpenApiParameter("kind", str, enum=DocumentKind.values, description="文书类型"),
        OpenApiParameter("year", int, description="年度"),
        OpenApiParameter("region", str, description="区划代码：该区划及其下级"),
        OpenApiParameter("state", str, enum=DocumentState.values, description="状态"),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RequestSerializer, responses={201: IssuedDocumentSerializer, 202: IssuedDocumentSerializer})
    def create(self, request):
        body = RequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        v = body.validated_data
        user = request.user
        if v.get("region"):
            region = find_region(v["region"])
            if region is None or not region_in_scope(user, region):
                raise exceptions.ValidationError({"region": [f"区划“{v['region'][:50]}”不存在或不在您的管辖范围内。"]})
        else:
            region = user.region
        if region is None:
            raise exceptions.ValidationError({"region": ["请指定区划代码。"]})
        year, as_of, start, end = v.get("year"), v.get("as_of"), v.get("start"), None
        kind = kinds.get(v["kind"])
        if kind is not None and kind.period == "period":
            end = as_of
            start = start or (as_of.replace(day=1) if as_of else None)
            if end is None and year:
                start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            as_of = None
        elif kind is not None and kind.period == "year" and year is None and as_of is not None:
            year = as_of.year
        doc = services.request_document(user, v["kind"], region, year=year, as_of=as_of, start=start, end=end,
                                        issue_no=v.get("number"), extra={"next_year": v.get("next_year", "")})
        data = IssuedDocumentSerializer(doc).data
        if doc.state in (DocumentState.QUEUED, DocumentState.RUNNING):
            return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": f"/api/v1/reports/{doc.pk}/"})
        if doc.state == DocumentState.FAILED:
            raise ValidationError(doc.message or "文书生成失败。")
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": f"/api/v1/reports/{doc.pk}/"})

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                              409: OpenApiResponse(description="文书尚未生成完成")})
    @action(detail=True, methods=["get"], url_path="file")
    def file(self, request, pk=None):
        doc = self.get_object()
        if not doc.file:
            return Response({"detail": f"文书尚未生成完成（{doc.get_state_display()}）。"},
                            status=status.HTTP_409_CONFLICT)
        response = FileResponse(doc.file.open("rb"), content_type=content_type(doc.file_name))
        response["Content-Disposition"] = content_disposition(doc.file_name)
        return response


def content_type(name: str) -> str:
    if name.endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if name.endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if name.endswith(".pdf"):
        return "application/pdf"
    return "application/octet-stream"


def register(router) -> None:
    router.register("reports", ReportViewSet, basename="api-reports")
