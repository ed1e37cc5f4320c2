from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "qualitybrand.indicators"
    label = "indicators"
