"""A fresh database holds the statutory deadlines of 总局令第20号 (supervision.md), frozen here: the
office enters later versions (总局令第121号 from 2026-04-15) as data on /complaints/rules/."""

import datetime as dt

from django.db import migrations

BUILTIN = {"code": "SAMR-20", "title": "总局令第20号", "valid_from": dt.date(2019, 12, 1),
           "valid_to": dt.date(2026, 4, 14), "accept_days": 7, "mediate_days": 45, "verify_days": 15,
           "extension_days": 15, "confirmed": True}


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("complaints", "DeadlineRule")
    if not DeadlineRule.objects.filter(code=BUILTIN["code"]).exists():
        DeadlineRule.objects.create(**BUILTIN)


def unseed(apps, schema_editor):
    apps.get_model("complaints", "DeadlineRule").objects.filter(code=BUILTIN["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
