from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "qualitybrand.registry"
    label = "registry"
    # 本企业's renewal reminders come from the warnings (alerts/reminder.py: tm.renewal, tm.grace, rec.expiry,
    # cert.expiry), one computation for the inbox, the digest and the page.
