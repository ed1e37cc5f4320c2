from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """投诉举报 (supervision.md): the complaints ledger, its workflow and statutory deadlines."""

    name = "qualitybrand.complaints"
    label = "complaints"
    verbose_name = "投诉举报"

    def ready(self) -> None:
        from qualitybrand.core.seeding import reseed_after_flush

        reseed_after_flush(self, "DeadlineRule", "0002_builtin_deadline_rule", "seed")
        # The `complaints` ledger registers itself; the county worklist section and 待办 item.
        from qualitybrand.complaints import landing, ledgers  # noqa: F401

        landing.register()
