from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "qualitybrand.portal"
    label = "portal"
