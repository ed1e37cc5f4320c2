from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "qualitybrand.ledgers"
    label = "ledgers"

    def ready(self):
        from qualitybrand.core import recovery
        from qualitybrand.ledgers import landing
        from qualitybrand.ledgers.recovery import settle_all

        recovery.register(settle_all)
        landing.register()  # its section of the county's 工作清单 (core.landing)
