from django.apps import AppConfig


class TracingConfig(AppConfig):
    """追溯 (supervision.md): trace events and the 溯源 / 追踪 trees of a batch."""

    name = "qualitybrand.tracing"
    label = "tracing"
    verbose_name = "产品追溯"
