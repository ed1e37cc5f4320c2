"""Small template helpers of the cultivation pages."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def cv_query(context, **changes):
    """The current query string with some parameters changed (empty value removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return "?" + encoded if encoded else "?"


@register.filter
def wan(value):
    """An amount in 万元 with two decimals and thousands separators; — when empty."""
    if value in (None, ""):
        return "—"
    return f"{value:,.2f}"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)
