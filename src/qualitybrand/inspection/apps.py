from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "qualitybrand.inspection"
    label = "inspection"
    verbose_name = "迎检自评"

    def ready(self):
        # assignments (8.5) may not import inspection (8.7): the task page finds its 迎检 item here
        from qualitybrand.assignments import links
        from qualitybrand.inspection.links import task_link

        links.register(task_link)
