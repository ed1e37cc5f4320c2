from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "qualitybrand.supervision"
    label = "supervision"

    def ready(self) -> None:
        from qualitybrand.core import inbox
        from qualitybrand.supervision.inbox import items

        inbox.register(items)  # credit repair decisions waiting for the city office
