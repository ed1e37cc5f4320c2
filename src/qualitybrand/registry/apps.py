from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "qualitybrand.registry"
    label = "registry"
