from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """预警 (warnings.md): rules computed from the registries, each user's inbox and the digest.
    Named `alerts` so that the package never shadows Python's `warnings` module."""

    name = "qualitybrand.alerts"
    label = "alerts"
    verbose_name = "预警"

    def ready(self) -> None:
        # The built-in rules register themselves in the rule table (alerts.rules.RULES).
        from qualitybrand.alerts import rules_offices, rules_registry  # noqa: F401
