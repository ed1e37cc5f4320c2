"""Every mention of a record links to its page: `{% load links %}` then

    {% entity_link obj.entity %}       the entity's name, linked to its page (“—” when empty)
    {% record_link obj.trademark %}    any record with `get_absolute_url` (trademark, program, round …)
    {% record_link obj.program obj.program.name %}   with the text given

A record without a page (or whose URL cannot be built) is shown as plain text, never as a code.
"""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch
from django.utils.html import format_html

register = template.Library()


def record_url(obj) -> str | None:
    """The record's page, or None."""
    method = getattr(obj, "get_absolute_url", None)
    if method is None:
        return None
    try:
        return method()
    except (NoReverseMatch, AttributeError, TypeError, ValueError):
        return None


def link_html(obj, text=None):
    if obj is None or obj == "":
        return "—"
    label = text if text not in (None, "") else str(obj)
    url = record_url(obj)
    if url is None:
        return format_html("{}", label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag
def record_link(obj, text=None):
    return link_html(obj, text)


@register.simple_tag
def entity_link(entity, text=None):
    """An entity by its name, linked to its page (the credit code stays in the entity's page)."""
    return link_html(entity, text if text not in (None, "") else getattr(entity, "name", None))


@register.filter
def url_of(obj) -> str:
    """`{{ obj|url_of }}`: the record's page address, or "" (for a hand-written <a>)."""
    return record_url(obj) or ""
