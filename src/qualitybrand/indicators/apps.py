from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "qualitybrand.indicators"
    label = "indicators"

    def ready(self) -> None:
        from qualitybrand.core import inbox
        from qualitybrand.indicators import references
        from qualitybrand.indicators.inbox import items

        inbox.register(items)
        references.register()  # the places that name codes by text (core.references)
        from qualitybrand.indicators import (
            ledgers,  # noqa: F401 - registers the indicator_values ledger
            tasks,
        )
        from qualitybrand.ledgers import hooks as ledger_hooks

        # an import/undo: the dashboards rendered again (looked up when called, so a test may replace it)
        ledger_hooks.register_after_change(lambda: tasks.enqueue_precompute())
        from django.db.models.signals import post_migrate

        from qualitybrand.indicators.cache import forget_after_migrate

        post_migrate.connect(forget_after_migrate, sender=self)
