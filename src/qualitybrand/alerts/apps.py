from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """预警 (warnings.md): rules computed from the registries, each user's inbox and the digest.
    Named `alerts` so that the package never shadows Python's `warnings` module."""

    name = "qualitybrand.alerts"
    label = "alerts"
    verbose_name = "预警"

    def ready(self) -> None:
        from qualitybrand.core.seeding import reseed_after_flush

        reseed_after_flush(self, "RuleSetting", "0003_assign_overdue_default", "add_defaults")
        # The built-in rules register themselves in the rule table (alerts.rules.RULES).
        from qualitybrand.alerts import (  # noqa: F401
            inbox,
            reminder,
            rules_assignments,
            rules_complaints,
            rules_followup,
            rules_offices,
            rules_registry,
        )
        from qualitybrand.core import inbox as core_inbox
        from qualitybrand.core import landing

        core_inbox.register(inbox.top_bar_items)  # 待办: open warnings by level
        landing.register("company", reminder.company_section, order=5)  # 本企业: renewal and 复评 reminders
