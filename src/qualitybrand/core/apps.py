from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qualitybrand.core"
    label = "core"

    def ready(self) -> None:
        from qualitybrand.core import clock, references
        from qualitybrand.core.reference import builtin_department_places

        references.register("department_code", builtin_department_places)
        references.register("department", builtin_department_places)
        # Django's own time stamps (auto_now, default=timezone.now, last_login) from clock.now().
        clock.install()
        from qualitybrand.core.seeding import reseed_after_flush

        # departments and Nice classes, the reference data of migration 0002 (when the table is empty)
        reseed_after_flush(self, "Department", "0002_reference_data", "load", also_fills=("NiceClass",))
