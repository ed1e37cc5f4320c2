"""The database cache table of the figures every worker shares (settings.CACHES["shared"],
indicators/cache.py): created on migrate, so `make run`, the tests and a fresh database all have it.
Nothing to do when the shared cache is Redis (createcachetable only creates database caches' tables)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_log_json"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True),
    ]
