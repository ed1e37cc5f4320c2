from django.conf import settings

from qualitybrand.core import changelog


def body_too_big(request) -> bool:
    """Whether the declared body exceeds the limit: QB_MAX_UPLOAD_BYTES for file uploads,
    DATA_UPLOAD_MAX_MEMORY_SIZE otherwise (the API's JSON parser does not check the latter itself)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    if request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
        limit = getattr(settings, "QB_MAX_UPLOAD_BYTES", None)
    else:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is not None and length > limit


def has_nul(request) -> bool:
    """Whether the path or a query parameter holds a NUL character (`%00`). No value of the platform
    holds one, and PostgreSQL refuses it in any statement — it would be a 500 wherever it reached a
    query — so it is refused once, here, for every page and API call."""
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class RequestIdMiddleware:
    """Gives each request an id that the change log records with every write it makes, and refuses
    an oversized body with 413 and a NUL character in the address with 400 before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = changelog.new_request_id()
        request.request_id = request_id
        if body_too_big(request):
            from django.core.exceptions import RequestDataTooBig

            from qualitybrand.core.views import bad_request

            response = bad_request(request, RequestDataTooBig())
            response["X-Request-ID"] = request_id
            return response
        if has_nul(request):
            from qualitybrand.core.views import nul_refused

            response = nul_refused(request)
            response["X-Request-ID"] = request_id
            return response
        token = changelog.current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            changelog.current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer to a signed-in user (pages, downloads and the API),
    so that no browser or proxy keeps a copy of scoped data after logout. Runs after the view, so
    that a user authenticated by an API token (DRF sets `request.user` then) is covered too.
    Static files never get here (WhiteNoise answers them first) and keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
            response["Expires"] = "0"
        return response
