"""The deadline after a failed 复查 (立案或结案; none by default) and the re-seed function of every
follow-up default (core/seeding.py runs `create` after a flush)."""
import importlib

from django.db import migrations, models


def create(apps, schema_editor):
    """0006's defaults plus the 立案或结案 step (empty); what an office already has is kept."""
    importlib.import_module("qualitybrand.supervision.migrations.0006_followup_defaults_and_key_products") \
        .create(apps, schema_editor)
    apps.get_model("supervision", "FollowUpSetting").objects.get_or_create(
        step="立案或结案", defaults={"days": None, "day_kind": "工作日"})


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0006_followup_defaults_and_key_products'),
    ]

    operations = [
        migrations.AddField(
            model_name='followup',
            name='dispose_due',
            field=models.DateField(blank=True, null=True, verbose_name='处理期限'),
        ),
        migrations.AlterField(
            model_name='followupsetting',
            name='step',
            field=models.CharField(choices=[('下达整改通知', '下达整改通知'), ('整改', '整改'), ('复查', '复查'),
                                            ('立案或结案', '立案或结案')], max_length=8, unique=True, verbose_name='环节'),
        ),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
