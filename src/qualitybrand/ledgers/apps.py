from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "qualitybrand.ledgers"
    label = "ledgers"

    def ready(self):
        from qualitybrand.core import recovery
        from qualitybrand.ledgers.recovery import settle_all

        recovery.register(settle_all)
