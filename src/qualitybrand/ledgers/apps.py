from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "qualitybrand.ledgers"
    label = "ledgers"
