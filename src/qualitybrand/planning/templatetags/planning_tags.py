from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def figure(value, unit=""):
    """A figure for the screen (UI.md): “—” when empty, percentages to one decimal, counts as
    integers with thousands separators, amounts to two decimals."""
    if value is None or value == "":
        return "—"
    try:
        d = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if unit == "%":
        return f"{d.quantize(Decimal('0.1'), ROUND_HALF_UP):,}"
    if unit == "万元":
        return f"{d.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.quantize(Decimal('0.01'), ROUND_HALF_UP).normalize():,f}"


def _key(parts) -> str:
    return "-".join(str(p) for p in parts)


@register.simple_tag
def field_error(errors, *parts):
    """The editor's message of the field named by `parts` ("item", 3, "code" → item-3-code), under it."""
    from django.utils.html import format_html

    message = (errors or {}).get(_key(parts))
    return format_html('<div class="ed-err" role="alert">{}</div>', message) if message else ""


@register.simple_tag
def invalid(errors, *parts):
    from django.utils.safestring import mark_safe

    return mark_safe(' aria-invalid="true"') if _key(parts) in (errors or {}) else ""
