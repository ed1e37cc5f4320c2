"""Defaults that data migrations seed, put back after a `flush`.

A data migration runs once; `flush` (an operator's, or the one a transactional test ends with) empties
the tables but leaves the migrations applied, so a database could hold no built-in rating scheme or
warning thresholds while every migration says it does. Django's own post_migrate (sent by `migrate` and
by `flush`) is where contenttypes and permissions repair themselves; an app does the same here."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from django.db.models.signals import post_migrate

# Tables a data migration fills: a freshly migrated database is still an empty one (core/backup_db.py).
SEEDED_TABLES: set[str] = set()


def reseed_after_flush(app_config, model: str, migration: str, function: str,
                       missing: Callable | None = None, also_fills: tuple[str, ...] = ()) -> None:
    """Connect `migration.function(apps, schema_editor)` to the app's post_migrate, run only when `model`
    has no rows (or `missing(Model)` says so): never over what an office has since changed.
    `also_fills` names the app's other models the function fills."""
    for name in (model, *also_fills):
        SEEDED_TABLES.add(app_config.get_model(name)._meta.db_table)

    def handler(sender, apps=None, using="default", **kwargs):
        if apps is None:  # `flush` sends no migration state: the models as they are
            from django.apps import apps
        try:
            Model = apps.get_model(app_config.label, model)
        except LookupError:  # migrated back below the table: nothing to seed
            return
        gone = missing(Model.objects.using(using)) if missing else not Model.objects.using(using).exists()
        if gone:
            getattr(import_module(f"{app_config.name}.migrations.{migration}"), function)(apps, None)

    post_migrate.connect(handler, sender=app_config, weak=False,
                         dispatch_uid=f"reseed:{app_config.label}.{model}")
