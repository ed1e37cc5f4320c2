"""A GET of an address that only takes a form submission (a `require_POST` view, a view with
`http_method_names = ["post"]`) answered Django's bare, empty 405. For pages this middleware turns
that answer into the shell's Chinese 405 page with a link back to the page the action belongs to;
the API (`/api/`) and JSON requests keep their JSON answers."""

from __future__ import annotations

from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme


def parent_page(request) -> str:
    """The nearest address above this one that is a page of the site (`/a/b/5/undo/` → `/a/b/5/`),
    else the page the user came from, else the 工作台."""
    here = resolve_or_none(request.path_info)
    parts = [p for p in request.path_info.split("/") if p]
    while parts:
        parts.pop()
        candidate = "/" + "/".join(parts) + ("/" if parts else "")
        match = resolve_or_none(candidate)
        if match is not None and (here is None or match.func is not here.func):
            return request.META.get("SCRIPT_NAME", "") + candidate
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return "/"


def resolve_or_none(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or not isinstance(response, HttpResponseNotAllowed):
            return response
        from qualitybrand.core.views import _wants_json, method_not_allowed

        if request.method not in ("GET", "HEAD") or response.content:
            return response
        if _wants_json(request):
            page = JsonResponse({"detail": f"此地址不接受 {request.method} 请求（只接受 {response.get('Allow', '')}）。"},
                                status=405, json_dumps_params={"ensure_ascii": False})
        else:
            page = method_not_allowed(request, allowed=response.get("Allow", ""))
        page["Allow"] = response.get("Allow", "")
        return page
