from django.db import migrations


def load(apps, schema_editor):
    from qualitybrand.core.reference import DEPARTMENTS, NICE_CLASSES

    Department = apps.get_model("core", "Department")
    NiceClass = apps.get_model("core", "NiceClass")
    for code, name, full_name in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name, "full_name": full_name})
    for number, heading in NICE_CLASSES.items():
        NiceClass.objects.update_or_create(number=number, defaults={"heading": heading})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
