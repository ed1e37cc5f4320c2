"""The public portal's pages (anonymous, GET only, cacheable: see portal/cache.py)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse

from qualitybrand.core import clock
from qualitybrand.portal import selectors
from qualitybrand.portal.cache import public_page, render_public
from qualitybrand.portal.models import PageSection
from qualitybrand.portal.sanitize import clean

PER_PAGE = 20
SECTION_KEYS = {PageSection.POLICY: "policies", PageSection.NEWS: "news"}
# Downloads are answered with a fixed type per extension (never what the uploader claimed).
DOWNLOAD_TYPES = {".pdf": "application/pdf", ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
                  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  ".ofd": "application/ofd", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def _page_of(request, items):
    """A page of a list (a bad or too large page number gives the first or the last page)."""
    paginator = Paginator(items, PER_PAGE)
    raw = request.GET.get("page", "")
    number = int(raw) if raw.isdecimal() and len(raw) < 7 else 1
    return paginator.get_page(number)


def _pager(page_obj, extra: str = "") -> dict:
    """Links of the pagination (the public templates render without the request)."""
    def href(n):
        return f"?page={n}{extra}"

    return {"page": page_obj, "prev": href(page_obj.previous_page_number()) if page_obj.has_previous() else "",
            "next": href(page_obj.next_page_number()) if page_obj.has_next() else ""}


@public_page
def home(request):
    return HttpResponse(render_public("portal/home.html", "home", {"latest": selectors.latest()}))


@public_page
def inspections(request):
    page_obj = _page_of(request, selectors.published_publications())
    return HttpResponse(render_public("portal/inspections.html", "inspections", {"pager": _pager(page_obj)}))


@public_page
def inspection_detail(request, pk: int):
    publication = selectors.published_publication(pk)
    rows = selectors.publication_rows(publication)
    failed = sum(1 for r in rows if r["conclusion"] == "不合格")
    return HttpResponse(render_public("portal/inspection_detail.html", "inspections", {
        "publication": publication, "rows": rows, "total": len(rows), "failed": failed,
        "passed": len(rows) - failed}))


@public_page
def blacklist(request):
    query = request.GET.get("q", "").strip()[:50]
    from urllib.parse import quote

    rows = selectors.public_blacklist(query)
    page_obj = _page_of(request, rows)
    return HttpResponse(render_public("portal/blacklist.html", "blacklist", {
        "pager": _pager(page_obj, f"&q={quote(query)}" if query else ""), "query": query,
        "today": clock.today()}))


def _section_list(request, section: str):
    page_obj = _page_of(request, selectors.published_pages(section))
    return HttpResponse(render_public("portal/page_list.html", SECTION_KEYS[section], {
        "pager": _pager(page_obj), "section_label": PageSection(section).label,
        "is_policy": section == PageSection.POLICY}))


@public_page
def policies(request):
    return _section_list(request, PageSection.POLICY)


@public_page
def news(request):
    return _section_list(request, PageSection.NEWS)


@public_page
def page_detail(request, pk: int):
    page = selectors.published_page(pk)
    return HttpResponse(render_public("portal/page_detail.html", SECTION_KEYS[page.section], {
        "page": page, "body": clean(page.body), "attachments": list(selectors.published_attachments(page)),
        "section_label": page.get_section_display(),
        "section_href": f"/portal/{SECTION_KEYS[page.section]}/"}))


@public_page(cache_body=False)
def attachment(request, pk: int):
    found = selectors.published_attachment(pk)
    suffix = Path(found.original_name).suffix.lower()
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("附件文件不存在") from exc
    content_type = DOWNLOAD_TYPES.get(suffix) or mimetypes.types_map.get(suffix) or "application/octet-stream"
    if content_type.startswith("text/") or "html" in content_type or "xml" in content_type:
        content_type = "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=found.original_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
