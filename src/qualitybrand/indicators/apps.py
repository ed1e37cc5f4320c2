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
