from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "qualitybrand.reports"
    label = "reports"
