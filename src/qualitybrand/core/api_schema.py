"""What the OpenAPI schema (`/api/schema/`) says beyond what drf-spectacular reads from the views.

- `ErrorSerializer`: every refusal is `{"detail": "<中文说明>"}`; a refused field adds its messages
  under its own name (`{"detail": "输入有误…", "year": ["年度应在 1900–2100 之间。"]}`).
- `add_error_responses` (a postprocessing hook, SPECTACULAR_SETTINGS): the standard refusals on
  every operation — 401 (no or bad token), 403 (role or region), 404 (no such record in the
  user's scope, or a page past the end), 400 where there is input to refuse (a body or query
  parameters), 415 where there is a body (a content type no parser takes), 409 on DELETE (the
  record is still referenced). Views document their other
  answers themselves with `@extend_schema`.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

ERROR_COMPONENT = "Error"
ERRORS = {
    "400": "输入有误：detail 说明原因；字段有误时另以字段名给出该字段的说明列表。",
    "401": "未登录或令牌无效。",
    "403": "角色无此权限，或对象不在您的管辖范围内。",
    "404": "对象不存在或不在您的管辖范围内（页码超出范围亦同）。",
    "409": "与现有数据冲突（如记录仍被引用），未执行。",
    "415": "请求内容类型不受支持：请以 application/json 提交（导入文件用 multipart/form-data）。",
}


class ErrorSerializer(serializers.Serializer):
    """Every refusal: a Chinese `detail`; for a refused field, its messages under its own name."""

    detail = serializers.CharField(help_text="中文说明：出了什么问题、应当怎样改。")

    class Meta:
        ref_name = ERROR_COMPONENT


def _error_schema() -> dict:
    return {"type": "object", "description": "拒绝的答复：detail 为中文说明；字段有误时另以字段名给出该字段的说明列表。",
            "properties": {"detail": {"type": "string", "description": "中文说明：出了什么问题、应当怎样改。"}},
            "required": ["detail"],
            "additionalProperties": {"description": "字段名：该字段的说明（列表）"}}


def _codes(method: str, operation: dict) -> list[str]:
    codes = ["401", "403", "404"]
    has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    if "requestBody" in operation or has_query:
        codes.append("400")
    if "requestBody" in operation:
        codes.append("415")
    if method == "delete":
        codes.append("409")
    return codes


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: the standard error answers on every operation (see the module doc)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_COMPONENT] = _error_schema()
    ref = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for code in _codes(method, operation):
                responses.setdefault(code, {"description": ERRORS[code], "content": {"application/json": {"schema": ref}}})
    return result


# --- the imports resource (ledgers/api.py), described here so the ledger engine's files stay as they are ---

class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="台账文件（.xlsx 或 .csv）")
    ledger = serializers.CharField(help_text="台账名称，如 entities、trademarks")
    mode = serializers.ChoiceField(choices=["atomic", "partial"], required=False, default="atomic",
                                   help_text="atomic：有错误则全部不写入；partial：只写入正确的行")
    dry_run = serializers.BooleanField(required=False, default=False, help_text="只检查，不写入")


class ImportResultSerializer(serializers.Serializer):
    ledger = serializers.CharField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField())
    warnings = serializers.ListField(child=serializers.DictField())
    mode = serializers.CharField()
    dry_run = serializers.BooleanField()
    written = serializers.BooleanField()
    batch = serializers.IntegerField(allow_null=True)


class ImportBatchStateSerializer(ImportResultSerializer):
    """The batch as it stands: the `import_ledger --json` object once finished, with its state."""

    id = serializers.IntegerField()
    status = serializers.CharField(help_text="pending 排队中、running 导入中、done 已完成、refused 有错误未写入、"
                                             "failed 无法读取、undoing 撤销中、undone 已撤销")
    status_display = serializers.CharField()
    processed = serializers.IntegerField(help_text="已处理的行数（导入中）")
    undo_total = serializers.IntegerField(help_text="撤销：共需恢复的变更条数")
    undo_done = serializers.IntegerField(help_text="撤销：已恢复的变更条数")
    detail = serializers.CharField(required=False)


class UndoResultSerializer(ImportBatchStateSerializer):
    restored = serializers.IntegerField(help_text="已恢复的变更条数")


class ImportViewSchema(OpenApiViewExtension):
    target_class = "qualitybrand.ledgers.api.ImportViewSet"

    def view_replacement(self):
        @extend_schema_view(
            list=extend_schema(parameters=[OpenApiParameter("ledger", str, description="台账名称")]),
            create=extend_schema(request={"multipart/form-data": ImportRequestSerializer},
                                 responses={200: ImportBatchStateSerializer, 202: ImportBatchStateSerializer}),
            retrieve=extend_schema(responses={200: ImportBatchStateSerializer}),
            undo=extend_schema(request=None, responses={200: UndoResultSerializer, 202: UndoResultSerializer,
                                                        409: ErrorSerializer}),
        )
        class Fixed(self.target_class):
            pass

        return Fixed
