from django.apps import AppConfig


class RisksConfig(AppConfig):
    """风险信息 (supervision.md): quality-safety risks, their levels, measures and 约谈 records."""

    name = "qualitybrand.risks"
    label = "risks"
    verbose_name = "风险信息"

    def ready(self) -> None:
        from qualitybrand.risks import landing

        landing.register()  # the county worklist section, the 待办 of 一级 risks, the entity page's button
