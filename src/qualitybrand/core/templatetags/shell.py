"""Template tags of the page shell: the left menu (with “建设中” for pages not built yet)."""

import functools

from django import template
from django.urls import Resolver404, resolve

from qualitybrand.core.navigation import menu_for

register = template.Library()


@functools.cache
def _resolves(url: str) -> bool:
    """Whether a menu URL has a page yet; the URL conf is fixed for the process, so once per URL."""
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


@register.inclusion_tag("core/_menu.html", takes_context=True)
def side_menu(context):
    request = context.get("request")
    path = getattr(request, "path", "")
    user = getattr(request, "user", None)
    areas = []
    for area, items in menu_for(user):
        entries = []
        for label, url in items:
            active = path == url or (url != "/" and path.startswith(url) and len(url) > 1)
            entries.append({"label": label, "url": url, "ready": _resolves(url), "active": active})
        areas.append({"name": area, "items": entries})
    # Only the longest matching entry is marked active.
    best = max((e for a in areas for e in a["items"] if e["active"]), key=lambda e: len(e["url"]), default=None)
    for a in areas:
        for e in a["items"]:
            e["active"] = e is best
    return {"areas": areas}


@register.filter
def field_class(field) -> str:
    return "field has-error" if field.errors else "field"


@register.filter
def changes(entry):
    """The readable rows (field, before, after) of a ChangeLog entry."""
    from qualitybrand.core.selectors import readable_changes

    return getattr(entry, "changes", None) or readable_changes(entry)


@register.filter
def readable(entries):
    """ChangeLog entries with `changes` attached, resolved set-based (for the 历史记录 tab)."""
    from qualitybrand.core.selectors import with_readable_changes

    return with_readable_changes(entries)


@register.filter
def model_name(label_lower: str) -> str:
    from qualitybrand.core.selectors import model_label

    return model_label(label_lower)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (pagination, page size)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else {}
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode() if hasattr(params, "urlencode") else ""
    return f"?{encoded}" if encoded else "?"


@register.filter
def thousands(value) -> str:
    """A count with thousands separators (101,559): Django's zh-hans format does not group digits."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return "—" if value in (None, "") else str(value)
