from importlib import import_module

from django.urls import include, path

urlpatterns = [
    path("", include("qualitybrand.core.urls")),
    path("accounts/", include("qualitybrand.accounts.urls")),
    path("api/", include("qualitybrand.core.api_urls")),
]

# Each work area mounts its own pages under its own prefix when it has a urls.py.
for _app in ["registry", "supervision", "credit", "complaints", "tracing", "recalls", "risks", "campaigns",
             "ledgers", "indicators", "planning", "cultivation", "assignments", "inspection", "alerts", "reports", "portal"]:
    try:
        import_module(f"qualitybrand.{_app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"qualitybrand.{_app}.urls":
            raise
        continue
    urlpatterns.append(path(f"{_app}/", include(f"qualitybrand.{_app}.urls")))

handler403 = "qualitybrand.core.views.permission_denied"
handler404 = "qualitybrand.core.views.page_not_found"
handler500 = "qualitybrand.core.views.server_error"
handler400 = "qualitybrand.core.views.bad_request"
