"""API basics shared by every resource: pagination, the `?region=` guard and Chinese JSON errors.

Every error answer is `{"detail": "<Chinese text>"}`, with the field messages beside it for a
refused field (`{"detail": "输入有误…", "name": ["…"]}`); `ErrorSerializer` documents it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
    invalid_page_message = "页码无效。"


class RegionParamMixin:
    """For a resource that reads `?region=` by hand (not through a `RecordFilterSet`): a code that is
    no region, current or former, is refused with 400 as the FilterSet resources refuse it — rather
    than an empty list that looks like “nothing there”."""

    def initial(self, request, *args, **kwargs):
        from qualitybrand.core.filtering import find_region, unknown_region_message

        super().initial(request, *args, **kwargs)
        code = request.query_params.get("region")
        if code and find_region(code) is None:
            raise exceptions.ValidationError({"region": [unknown_region_message(code)]})


CHINESE_DETAILS = {
    exceptions.NotAuthenticated: "请先登录或提供有效的令牌（Authorization: Token …）。",
    exceptions.AuthenticationFailed: "身份认证失败：令牌无效或账号已停用。",
    exceptions.PermissionDenied: "您没有执行此操作的权限。",
    exceptions.NotFound: "未找到该对象，或它不在您的管辖范围内。",
    exceptions.MethodNotAllowed: "不支持该请求方法。",
    exceptions.ParseError: "请求内容无法解析：请提交有效的 JSON。",
    exceptions.UnsupportedMediaType: "不支持的请求内容类型。",
    exceptions.Throttled: "请求过于频繁，请稍后再试。",
    exceptions.NotAcceptable: "无法按要求的格式返回。",
}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {"detail": "输入有误，请按提示修改。", **exc.message_dict}
            if isinstance(detail["detail"], list):
                detail["detail"] = " ".join(detail["detail"])
        else:
            detail = {"detail": " ".join(exc.messages)}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    for cls, message in CHINESE_DETAILS.items():
        if isinstance(exc, cls):
            own = getattr(exc, "detail", None)
            keep_own = isinstance(own, str) and any("\u4e00" <= ch <= "\u9fff" for ch in own)
            response.data = {"detail": str(own) if keep_own else message}
            break
    else:
        if isinstance(exc, exceptions.ValidationError):
            data = response.data
            if isinstance(data, list):
                data = {"detail": " ".join(str(x) for x in data)}
            elif isinstance(data, dict) and "detail" not in data:
                data = {"detail": "输入有误，请按各字段的提示修改。", **data}
            response.data = data
    return response


class WorkflowStepSerializer(serializers.Serializer):
    """One step of a record's timeline (`core.workflow.WorkflowStep`): the same shape for every workflow
    (credit repair, inspection follow-up, recall …)."""

    time = serializers.DateTimeField()
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    username = serializers.CharField()
    comment = serializers.CharField()
