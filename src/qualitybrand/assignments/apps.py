from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "qualitybrand.assignments"
    label = "assignments"
    verbose_name = "交办任务"

    def ready(self):
        from qualitybrand.assignments import inbox as task_inbox
        from qualitybrand.core import inbox

        inbox.register(task_inbox.inbox_items)
