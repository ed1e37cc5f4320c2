from django.apps import AppConfig


class TracingConfig(AppConfig):
    """追溯 (supervision.md): trace events and the 溯源 / 追踪 trees of a batch."""

    name = "qualitybrand.tracing"
    label = "tracing"
    verbose_name = "产品追溯"

    def ready(self) -> None:
        # The ledger engine knows no app: the tracing app registers its ledger with it.
        from qualitybrand.tracing import landing, ledgers  # noqa: F401

        landing.register()  # 本企业: its trace events and the entry form
