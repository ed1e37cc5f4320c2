"""The REST API root. Each app registers its resources in its own `api.py` (`register(router)`)."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from qualitybrand.core import api_schema  # noqa: F401  (registers the schema extensions)
from qualitybrand.core.api_docs import SwaggerDocsView

router = DefaultRouter()
router.include_format_suffixes = False
extra_urls = []
for app in ["core", "accounts", "registry", "supervision", "credit", "complaints", "tracing", "recalls", "risks",
            "campaigns", "ledgers", "indicators", "planning", "cultivation", "assignments", "alerts", "reports"]:
    try:
        module = import_module(f"qualitybrand.{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"qualitybrand.{app}.api":
            raise
        continue
    module.register(router)
    extra_urls += getattr(module, "extra_urls", [])

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script at ?script (no inline script: CSP script-src 'self').
    path("docs/", SwaggerDocsView.as_view(url_name="schema"), name="api-docs"),
    path("v1/", include(extra_urls)),
    path("v1/", include(router.urls)),
]
