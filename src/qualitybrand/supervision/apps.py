from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "qualitybrand.supervision"
    label = "supervision"
