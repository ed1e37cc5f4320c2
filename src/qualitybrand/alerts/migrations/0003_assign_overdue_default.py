"""The built-in rule 交办任务逾期 (assign.overdue, issue 15) with its default thresholds (frozen here, like 0002).
`add_defaults` also seeds 0002's rules, so that `reseed_after_flush` (alerts/apps.py) puts all of them back."""

from importlib import import_module

from django.db import migrations

BUILTIN = [
    ("assign.overdue", "交办任务逾期", {"level": "预警", "urgent_after_days": 15, "urgent_level": "紧急"}),
]


def add_defaults(apps, schema_editor):
    import_module("qualitybrand.alerts.migrations.0002_builtin_rule_defaults").add_defaults(apps, schema_editor)
    RuleSetting = apps.get_model("alerts", "RuleSetting")
    existing = set(RuleSetting.objects.values_list("rule", flat=True))
    RuleSetting.objects.bulk_create([RuleSetting(rule=code, name=name, params=params, enabled=True, version=1)
                                     for code, name, params in BUILTIN if code not in existing])


def remove_untouched(apps, schema_editor):
    RuleSetting = apps.get_model("alerts", "RuleSetting")
    RuleSetting.objects.filter(rule__in=[code for code, _, _ in BUILTIN], version=1, base="").delete()


class Migration(migrations.Migration):
    dependencies = [("alerts", "0002_builtin_rule_defaults")]
    operations = [migrations.RunPython(add_defaults, remove_untouched)]
