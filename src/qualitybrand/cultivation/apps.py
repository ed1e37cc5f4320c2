from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "qualitybrand.cultivation"
    label = "cultivation"
