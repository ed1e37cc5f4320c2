"""The sandbox office templates render in (docxtpl over Jinja): only keys of dicts, items of lists and a
for-loop's counters are readable; nothing callable, no globals, a short list of filters and tests; the
operators that build huge values in one step (`*` past a length, `**` past a size, `%` on text, `replace`
past a length) are refused. What a template can still make by looping is capped by rendering it in a child
process (`office_templates.render_template`)."""

from __future__ import annotations

from jinja2 import StrictUndefined, Undefined
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_OUTPUT_ITEMS = 100_000      # a string or list made by * in a template
ALLOWED_FILTERS = {"default", "d", "round", "join", "length", "count", "first", "last", "int", "float", "string",
                   "abs", "trim", "upper", "lower", "replace", "truncate", "sum", "min", "max", "sort", "reverse",
                   "list", "e", "escape"}
ALLOWED_TESTS = {"defined", "undefined", "none", "number", "string", "integer", "float", "boolean", "true",
                 "false", "even", "odd", "divisibleby", "sequence", "mapping", "iterable", "in", "eq", "ne",
                 "lt", "le", "gt", "ge", "equalto"}
LOOP_ATTRS = {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
              "previtem", "nextitem"}


def _bounded_replace(replace):
    """Jinja's `replace`, refusing a result past MAX_OUTPUT_ITEMS characters ("a"*3000|replace("", s) would
    make millions)."""
    def bounded(eval_ctx, s, old, new, count=None):
        text, old_text, new_text = str(s), str(old), str(new)
        times = len(text) + 1 if old_text == "" else text.count(old_text)
        if count is not None and isinstance(count, int):
            times = min(times, max(count, 0))
        if len(text) + times * max(len(new_text) - len(old_text), 0) > MAX_OUTPUT_ITEMS:
            raise SecurityError("替换生成的内容过长")
        return replace(eval_ctx, s, old, new, count)
    bounded.jinja_pass_arg = getattr(replace, "jinja_pass_arg", None)
    return bounded


def _finalize(value):
    return "—" if value is None else value


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Only keys of dicts, items of lists and a for-loop's counters; nothing callable, no globals."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *, strict: bool = False):
        super().__init__(autoescape=True, undefined=StrictUndefined if strict else Undefined, finalize=_finalize,
                         keep_trailing_newline=True)
        self.globals = {}
        self.filters = {name: fn for name, fn in self.filters.items() if name in ALLOWED_FILTERS}
        self.filters["replace"] = _bounded_replace(self.filters["replace"])
        self.tests = {name: fn for name, fn in self.tests.items() if name in ALLOWED_TESTS}

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return False

    def is_safe_callable(self, obj) -> bool:
        return False

    def _lookup(self, obj, key):
        if isinstance(key, str) and key.startswith("_"):
            return self.unsafe_undefined(obj, key)
        if isinstance(obj, dict) and isinstance(key, (str, int)) and not isinstance(key, bool):
            if key in obj:
                return obj[key]
        elif isinstance(obj, (list, tuple)) and isinstance(key, (int, slice)) and not isinstance(key, bool):
            try:
                return obj[key]
            except IndexError:
                pass
        elif isinstance(obj, LoopContext) and key in LOOP_ATTRS:
            return getattr(obj, key)
        return self.undefined(obj=obj, name=key)

    def getattr(self, obj, attribute):
        return self._lookup(obj, attribute)

    def getitem(self, obj, argument):
        return self._lookup(obj, argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        raise SecurityError("模板中不允许调用函数或方法")

    def call_binop(self, context, operator, left, right):
        if operator == "%":
            if isinstance(left, str):  # "%09999999d" % 1: a string formatting of any width
                raise SecurityError("模板中不允许使用 % 格式化文字")
            return left % right
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("乘方的指数过大")
            if isinstance(left, int) and isinstance(right, int) and abs(left).bit_length() * abs(right) > 4096:
                raise SecurityError("乘方的结果过大")  # ((9**64)**64)**64
            return left ** right
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_OUTPUT_ITEMS:
                raise SecurityError("重复生成的内容过长")
        return left * right
