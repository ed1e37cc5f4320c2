"""A fresh database holds the built-in rules of warnings.md with their default thresholds (frozen here:
later changes of the code's defaults never rewrite what an office may have changed)."""

from django.db import migrations

BUILTIN = [
    ("tm.renewal", "商标续展提醒", {"window_days": 365, "urgent_days": 90, "level": "提示", "urgent_level": "紧急"}),
    ("tm.grace", "商标宽展期提醒", {"grace_months": 6, "level": "紧急"}),
    ("rec.expiry", "荣誉认定复评提醒", {"window_days": 180, "level": "预警"}),
    ("cert.expiry", "认证证书到期提醒", {"window_days": 90, "level": "提示"}),
    ("pledge.maturity", "质押到期提醒", {"window_days": 30, "level": "预警"}),
    ("insp.repeat_failure", "抽查多次不合格", {"lookback_days": 364, "min_count": 2, "urgent_count": 3,
                                              "due_days": 30, "level": "预警", "urgent_level": "紧急"}),
    ("insp.followup_overdue", "抽查后处理逾期", {"level": "紧急"}),
    ("complaint.overdue", "投诉举报逾期", {"level": "紧急"}),
    ("blacklist.due", "失信名单期满移出", {"years": 3, "window_days": 30, "level": "提示"}),
    ("target.lag", "目标任务进度滞后", {"level": "预警"}),
    ("pipeline.shortage", "培育后备不足", {"level": "预警"}),
]


def add_defaults(apps, schema_editor):
    RuleSetting = apps.get_model("alerts", "RuleSetting")
    existing = set(RuleSetting.objects.values_list("rule", flat=True))
    RuleSetting.objects.bulk_create([RuleSetting(rule=code, name=name, params=params, enabled=True, version=1)
                                     for code, name, params in BUILTIN if code not in existing])


def remove_untouched(apps, schema_editor):
    RuleSetting = apps.get_model("alerts", "RuleSetting")
    RuleSetting.objects.filter(rule__in=[code for code, _, _ in BUILTIN], version=1, base="").delete()


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_rules_acknowledgements_digests")]
    operations = [migrations.RunPython(add_defaults, remove_untouched)]
