from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "qualitybrand.inspection"
    label = "inspection"
    verbose_name = "迎检自评"
