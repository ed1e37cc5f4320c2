from django.db import migrations


def fill_subject_keys(apps, schema_editor):
    """Every record of a region subject is keyed by the region's code (responsibility.md)."""
    Region = apps.get_model("core", "Region")
    codes = dict(Region.objects.values_list("id", "code"))
    for name in ("SelfEvaluation", "Evidence", "ManualScore", "Dispute", "RectificationTask", "TargetAllocation"):
        model = apps.get_model("planning", name)
        for pk, region_id in model.objects.filter(subject="").values_list("id", "region_id"):
            model.objects.filter(pk=pk).update(subject=codes[region_id])



class Migration(migrations.Migration):
    # Its own migration (and transaction): PostgreSQL refuses to alter a table with pending trigger
    # events, so the constraints come in the next one.
    dependencies = [("planning", "0002_subjects")]

    operations = [migrations.RunPython(fill_subject_keys, migrations.RunPython.noop)]
