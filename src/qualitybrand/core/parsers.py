"""The API's parsers (their own module: DRF's `APIView` reads DEFAULT_PARSER_CLASSES while
`rest_framework.views` is imported, so parsers living beside `api_base` would be a circular import).

Every text a body brings is checked once here: a NUL character or a lone surrogate (`"\\u0000"`,
`"\\ud800"` in JSON) cannot be stored — PostgreSQL refuses the first, neither database can encode
the second — and views that read the body by hand would pass them on to a query (a 500)."""

from __future__ import annotations

import re

from rest_framework import exceptions
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

BAD_TEXT = "请求内容中含有不允许的字符（NUL 控制字符或不成对的代理码位），请检查后重试。"


UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable(text: str) -> bool:
    return UNSTORABLE.search(text) is not None


def check_texts(data) -> None:
    """Raise ParseError when any key or string value, however deep, cannot be stored."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _unstorable(item):
                raise exceptions.ParseError(BAD_TEXT)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _check_form(data) -> None:
    for key, values in data.lists():
        check_texts([key, *[v for v in values if isinstance(v, str)]])


class ObjectJSONParser(JSONParser):
    """JSON whose top level is an object — the only body any endpoint takes.

    Views read `request.data.get(...)`; a list, a string or a number at the top level would reach them
    as something else (`[].get` was a 500 on several actions), so it is refused here, once, for all."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            kind = {list: "数组", str: "字符串", bool: "布尔值", type(None): "null"}.get(type(data), "数字")
            raise exceptions.ParseError(f"请求内容应为 JSON 对象（键为字段名），收到的是{kind}。")
        check_texts(data)
        return data


class CheckedFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _check_form(data)
        return data


class CheckedMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        _check_form(result.data)
        check_texts([f.name for f in result.files.values() if getattr(f, "name", None)])
        return result
