from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qualitybrand.core"
    label = "core"
