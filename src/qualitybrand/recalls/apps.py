from django.apps import AppConfig


class RecallsConfig(AppConfig):
    """召回 (supervision.md): recalls of defective batches and their affected downstream holders."""

    name = "qualitybrand.recalls"
    label = "recalls"
    verbose_name = "缺陷产品召回"

    def ready(self) -> None:
        from qualitybrand.recalls import landing

        landing.register()  # 工作清单 / 本企业 sections and the 待办 of overdue recalls
