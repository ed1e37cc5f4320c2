from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "qualitybrand.assignments"
    label = "assignments"
    verbose_name = "交办任务"
