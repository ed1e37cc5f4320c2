"""The public portal's answers: anonymous, GET only, cacheable by browsers and proxies, rendered once per
data version.

`public_page` wraps a view of the public portal:
- GET/HEAD only (405 otherwise);
- `Cache-Control: public, max-age=QB_PORTAL_MAX_AGE` (60 s by default) and an `ETag` made of the data
  version, the page's own identity (view, arguments, query) and a secret salt; `If-None-Match` with that
  tag answers 304 without rendering;
- the body cached per data version (`indicators.cache.cached`), so a page under load costs a lookup;
- no cookie and no `Vary: Cookie`: the page is rendered without the request (`render_public`, a plain
  context, so no context processor reads `request.user` or the session), and the session that the
  shared middleware loaded to learn who asks is marked as not accessed when nobody is signed in (the
  answer is the same for every visitor). A signed-in office user keeps `no-store` (core middleware).

`public_context(section)` is what every public template needs (office name, the active nav entry):
the brand directory, 公示 and complaint pages of the portal use it too.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from qualitybrand.indicators import cache as figures_cache

PREFIX = "qbportal"
# Bump when the templates change in a way the data version does not tell (a deployment).
LAYOUT_VERSION = "1"


def max_age() -> int:
    return int(getattr(settings, "QB_PORTAL_MAX_AGE", 60))


def office_name() -> str:
    """The office's name in the header: setting QB_PORTAL_OFFICE, else "<the city>市场监督管理局" from the
    topmost region of kind 市 (cached per data version)."""
    configured = getattr(settings, "QB_PORTAL_OFFICE", "")
    if configured:
        return configured

    def build():
        from qualitybrand.core.models import Region

        city = Region.objects.filter(kind="市").order_by("depth", "code").values_list("name", flat=True).first()
        return f"{city}市场监督管理局" if city else "市场监督管理局"

    return figures_cache.cached(("office",), build, prefix=PREFIX)


NAV = [
    ("home", "首页", "/portal/"),
    ("brands", "品牌名录", "/portal/brands/"),
    ("notices", "公示公告", "/portal/notices/"),
    ("inspections", "抽查结果", "/portal/inspections/"),
    ("blacklist", "失信名单", "/portal/blacklist/"),
    ("policies", "政策文件", "/portal/policies/"),
    ("news", "工作动态", "/portal/news/"),
    ("complaint", "投诉举报", "/portal/complaint/"),
]


def public_context(section: str = "", **extra) -> dict:
    """The base layout's context: `portal_office`, `portal_nav` (label, href, current) and `section`."""
    return {"portal_office": office_name(), "section": section,
            "portal_nav": [{"key": k, "label": label, "href": href, "current": k == section}
                           for k, label, href in NAV], **extra}


def render_public(template: str, section: str, context: dict) -> str:
    """A public template rendered without the request (no context processor, no session, no CSRF)."""
    return render_to_string(template, public_context(section, **context))


def _identity(view_name: str, args, kwargs, query) -> tuple:
    """What a public page depends on besides the data version: the view, its arguments, the query, and the
    day (the blacklist and 公示 show what is in force today: a new day is a new page)."""
    from qualitybrand.core import clock

    return (LAYOUT_VERSION, view_name, tuple(args), tuple(sorted(kwargs.items())),
            tuple(sorted((k, tuple(v)) for k, v in query.lists())), clock.today().isoformat())


def etag_for(version: int, identity: tuple) -> str:
    salt = settings.SECRET_KEY.encode()
    digest = hashlib.sha256(salt + repr((version, identity)).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _matches(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return etag in tags


def _public_headers(response, etag: str) -> None:
    patch_cache_control(response, public=True, max_age=max_age())
    response["ETag"] = etag


def _forget_session_access(request) -> None:
    """The shared middleware read the session to learn who asks (SessionSecurityMiddleware): for an
    anonymous visitor the answer does not depend on it, so SessionMiddleware must not add `Vary: Cookie`."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if session is not None and (user is None or not user.is_authenticated) and not session.modified:
        session.accessed = False


# The bodies this process answered with, by (data version, page identity): a portal page under load then
# costs no database read at all (the version itself is read at most every QB_PORTAL_VERSION_SECONDS,
# `brands.current_version`). Bounded: emptied when it grows past _BODIES_MAX or the version moves on.
_BODIES: dict = {}
_BODIES_MAX = 512


def _remembered(version: int, identity: str, build):
    if connection.in_atomic_block:  # data may change inside the transaction (the tests): never kept
        return build()
    key = (version, identity)
    found = _BODIES.get(key)
    if found is None:
        found = build()
        if len(_BODIES) >= _BODIES_MAX or (_BODIES and next(iter(_BODIES))[0] != version):
            _BODIES.clear()
        _BODIES[key] = found
    return found


def public_page(view=None, *, cache_body: bool = True, share: bool = True):
    """Decorator for the portal's public views (see the module's text). The view returns an
    HttpResponse (usually `HttpResponse(render_public(...))`) or raises Http404. With
    `cache_body=False` (file downloads) only the headers and the 304 apply."""

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            from qualitybrand.portal.brands import current_version

            version = current_version()
            identity = _identity(func.__module__ + "." + func.__name__, args, kwargs, request.GET)
            etag = etag_for(version, identity)
            _forget_session_access(request)
            if _matches(request, etag):
                response = HttpResponse(status=304)
                _public_headers(response, etag)
                return response
            try:
                if cache_body:
                    searched = any(v for k, v in request.GET.items() if k != "page")
                    status, content_type, body = _remembered(version, identity, lambda: figures_cache.cached(
                        identity, lambda: _frozen(func(request, *args, **kwargs)), prefix=PREFIX,
                        share=share and not searched))
                    response = HttpResponse(body, status=status, content_type=content_type)
                else:
                    response = func(request, *args, **kwargs)
            except Http404:
                return not_found(request)
            _public_headers(response, etag)
            _forget_session_access(request)
            return response

        wrapper.portal_public = True
        return wrapper

    return decorate(view) if view is not None else decorate


def not_found(request):
    """The portal's own 404 (its layout, no cookie): a draft, a withdrawn item and a missing id answer
    with exactly these bytes."""
    response = HttpResponse(render_public("portal/not_found.html", "", {}), status=404)
    _forget_session_access(request)
    return response


def _frozen(response) -> tuple[int, str, bytes]:
    return response.status_code, response["Content-Type"], response.content
