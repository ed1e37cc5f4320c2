from django.apps import AppConfig


class RecallsConfig(AppConfig):
    """召回 (supervision.md): recalls of defective batches and their affected downstream holders."""

    name = "qualitybrand.recalls"
    label = "recalls"
    verbose_name = "缺陷产品召回"
