from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "qualitybrand.planning"
    label = "planning"

    def ready(self) -> None:
        from qualitybrand.core import inbox
        from qualitybrand.planning import landing, landing_department, references
        from qualitybrand.planning.inbox import items

        inbox.register(items)
        landing.register()  # its sections of the role pages (core.landing)
        landing_department.register()  # a department's 部门工作台: targets, rounds, reported indicators
        references.register()  # the places that name codes by text (core.references)
