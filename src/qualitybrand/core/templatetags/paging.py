"""`{% jump_to page_obj %}`: the “跳至第 [ ] 页” form of the shared pagination templates. It keeps
the list's other query parameters (filters, sort, page size) as hidden fields."""

from __future__ import annotations

from django import template

register = template.Library()

SKIPPED = {"page", "export"}


@register.inclusion_tag("core/_jump.html", takes_context=True)
def jump_to(context, page_obj):
    request = context.get("request")
    hidden = []
    if request is not None:
        for key, values in request.GET.lists():
            if key not in SKIPPED:
                hidden.extend((key, v) for v in values)
    pages = page_obj.paginator.num_pages if page_obj is not None else 1
    return {"hidden": hidden, "pages": pages, "number": page_obj.number if page_obj is not None else 1,
            "show": pages > 1}
