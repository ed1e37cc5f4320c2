from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "qualitybrand.planning"
    label = "planning"
