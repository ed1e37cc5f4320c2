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
