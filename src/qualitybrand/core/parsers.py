"""The API's JSON parser (its own module: DRF's `APIView` reads DEFAULT_PARSER_CLASSES while
`rest_framework.views` is imported, so a parser living beside `api_base` would be a circular import)."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class ObjectJSONParser(JSONParser):
    """JSON whose top level is an object — the only body any endpoint takes.

    Views read `request.data.get(...)`; a list, a string or a number at the top level would reach them
    as something else (`[].get` was a 500 on several actions), so it is refused here, once, for all."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            kind = {list: "数组", str: "字符串", bool: "布尔值", type(None): "null"}.get(type(data), "数字")
            raise exceptions.ParseError(f"请求内容应为 JSON 对象（键为字段名），收到的是{kind}。")
        return data
