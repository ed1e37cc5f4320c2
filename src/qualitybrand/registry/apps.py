from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "qualitybrand.registry"
    label = "registry"
    # 本企业's renewal reminders come from the warnings (alerts/reminder.py: tm.renewal, tm.grace, rec.expiry,
    # cert.expiry), one computation for the inbox, the digest and the page.

    def ready(self) -> None:
        from qualitybrand.core import first_steps
        from qualitybrand.ledgers import hooks as ledger_hooks
        from qualitybrand.registry import ledgers  # noqa: F401 - registers the registry's ledgers
        from qualitybrand.registry.first_steps import programs_step
        from qualitybrand.registry.models import Entity

        ledger_hooks.register_entity_model(Entity)  # the directory ledger rows refer to by 统一社会信用代码
        first_steps.register(programs_step, 20)  # 定义认定项目 on the first administrator's checklist
