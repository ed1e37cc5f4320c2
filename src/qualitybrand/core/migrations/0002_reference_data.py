from django.db import migrations


def load(apps, schema_editor):
    from qualitybrand.core.reference import ensure_reference_data

    ensure_reference_data(apps.get_model("core", "Department"), apps.get_model("core", "NiceClass"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
