"""Pagination shared by every list: a page number from the query string that never fails.

`?page=abc` (or empty, or 0) opens the first page and `?page=99999` the last one: a clerk who types
a wrong number in “跳至第 [ ] 页” gets a page, never a 404 or a 500."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def page_number(raw, num_pages: int) -> int:
    text = str(raw or "").strip()
    if text == "last":
        return max(num_pages, 1)
    if not text.isdecimal() or len(text) > 12:
        return 1
    return min(max(int(text), 1), max(num_pages, 1))


def get_page(paginator: Paginator, raw) -> Page:
    return paginator.page(page_number(raw, paginator.num_pages))
