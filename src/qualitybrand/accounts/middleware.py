"""Session limits (30-minute idle, 12-hour absolute) and the forced first-login password change."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect

SESSION_START = "qb_session_start"
SESSION_SEEN = "qb_last_seen"
# Paths a user who must change the password may still reach.
EXEMPT_PREFIXES = ("/static/", "/accounts/login/", "/accounts/logout/", "/accounts/password/", "/api/",
                   "/portal/", "/favicon")


def _redirect(request, url: str):
    """A redirect, or for an HTMX request a full-page HX-Redirect (not a login form inside a fragment)."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session") \
                and SESSION_START in request.session:
            now = time.time()
            started = request.session.get(SESSION_START, now)
            seen = request.session.get(SESSION_SEEN, now)
            idle_limit = settings.QB_IDLE_TIMEOUT_MINUTES * 60
            absolute_limit = settings.QB_SESSION_MAX_HOURS * 3600
            if now - seen > idle_limit or now - started > absolute_limit:
                from qualitybrand.accounts.models import SecurityEvent
                from qualitybrand.accounts.services import record_event

                record_event(SecurityEvent.Kind.TIMEOUT, username=user.username, user=user, request=request,
                             detail="空闲超时" if now - seen > idle_limit else "超过会话最长时限")
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return _redirect(request, "/accounts/login/?timeout=1")
            # Refresh the idle stamp at most once a minute: a session write on every request costs a
            # database write (and on SQLite a lock) for no gain in a 30-minute rule.
            if now - seen > 60 or SESSION_SEEN not in request.session:
                request.session[SESSION_SEEN] = now
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False) \
                and not request.path.startswith(EXEMPT_PREFIXES):
            return _redirect(request, "/accounts/password/")
        return self.get_response(request)
