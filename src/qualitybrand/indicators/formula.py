"""Formula indicators: a safe parser (codes, numbers, + - * / and parentheses; never eval).

`parse(text)` returns a small tree; `components(text)` the indicator codes it uses;
`evaluate(tree, values)` the value, or None when a component is None or a division is by zero.
"""

from __future__ import annotations

import re
from decimal import Decimal

TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<code>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)"
                   r"|(?P<op>[-+*/()]))")


class FormulaError(ValueError):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos, text = [], 0, text or ""
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            bad = text[pos:].strip()[:10]
            raise FormulaError(f"公式中有无法识别的内容“{bad}”：只能使用指标代码、数字、+ - * / 和括号。")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def parse(text: str):
    tokens = _tokens(text)
    if not tokens:
        raise FormulaError("公式为空：请填写由指标代码、数字和 + - * / 组成的公式。")
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else (None, None)

    def take():
        nonlocal pos
        tok = peek()
        pos += 1
        return tok

    def expr():
        node = term()
        while peek() in (("op", "+"), ("op", "-")):
            node = (take()[1], node, term())
        return node

    def term():
        node = factor()
        while peek() in (("op", "*"), ("op", "/")):
            node = (take()[1], node, factor())
        return node

    def factor():
        kind, value = take()
        if kind == "num":
            return ("num", Decimal(value))
        if kind == "code":
            return ("code", value)
        if (kind, value) == ("op", "-"):
            return ("neg", factor())
        if (kind, value) == ("op", "+"):
            return factor()
        if (kind, value) == ("op", "("):
            node = expr()
            if take() != ("op", ")"):
                raise FormulaError("公式括号不配对：请检查左右括号。")
            return node
        raise FormulaError("公式不完整：运算符两侧都需要指标代码或数字。")

    tree = expr()
    if pos != len(tokens):
        raise FormulaError("公式有多余内容：请检查运算符和括号。")
    return tree


def components(text: str) -> list[str]:
    seen: list[str] = []
    for kind, value in _tokens(text):
        if kind == "code" and value not in seen:
            seen.append(value)
    return seen


def evaluate(tree, values: dict[str, object]):
    """Evaluate with exact decimals where possible; None propagates; x / 0 is None."""
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "code":
        value = values.get(tree[1])
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(repr(value)) if isinstance(value, float) \
            else Decimal(value)
    if kind == "neg":
        inner = evaluate(tree[1], values)
        return None if inner is None else -inner
    left, right = evaluate(tree[1], values), evaluate(tree[2], values)
    if left is None or right is None:
        return None
    if kind == "+":
        return left + right
    if kind == "-":
        return left - right
    if kind == "*":
        return left * right
    if right == 0:
        return None
    return left / right
