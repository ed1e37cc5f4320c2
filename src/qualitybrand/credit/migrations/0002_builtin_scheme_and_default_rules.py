"""The built-in rating scheme of credit.md (code "builtin", version 1) and the default joint-restriction
rules. The document is written out here (not imported) so this migration never changes with the code."""
import datetime

from django.db import migrations

BUILTIN_DOCUMENT = {
    "format": 1,
    "window_years": 3,
    "start": 100,
    "inspection_penalty": {"国家": 10, "省": 10, "市": 5, "县": 5},
    "case_penalty": {"移送司法": 30, "未移送": 15},
    "recognition_bonus": {"each": 5, "cap": 15},
    "certification_bonus": {"each": 2, "cap": 6},
    "bands": [
        {"grade": "A", "min": 95, "max": None},
        {"grade": "B", "min": 80, "max": 95},
        {"grade": "C", "min": 60, "max": 80},
        {"grade": "D", "min": None, "max": 60},
    ],
    "listed_grade": "D",
}

BASIS = "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）"
SINCE = datetime.date(2021, 9, 1)
DEFAULT_RULES = [
    ("application.submit", "listed", "", "拒绝", BASIS),
    ("application.recommend", "listed", "", "拒绝", BASIS),
    ("recognition.grant", "listed", "", "拒绝", BASIS),
    ("reward.pay", "listed", "", "暂缓", BASIS),
    ("pledge.record", "listed", "", "提示", BASIS),
    ("redlist.tag", "grade", "A", "激励", "守信激励：信用等级A类且持有有效认定"),
]


def create(apps, schema_editor):
    CreditScheme = apps.get_model("credit", "CreditScheme")
    RestrictionRule = apps.get_model("credit", "RestrictionRule")
    CreditScheme.objects.get_or_create(
        code="builtin", version=1,
        defaults={"name": "内置信用评价方案", "document": BUILTIN_DOCUMENT, "active": True,
                  "note": "credit.md 规定的内置方案"})
    if not RestrictionRule.objects.exists():
        RestrictionRule.objects.bulk_create([
            RestrictionRule(place=place, trigger=trigger, grades=grades, effect=effect, basis=basis,
                            since=SINCE, active=True,
                            note="需同时持有有效认定" if place == "redlist.tag" else "")
            for place, trigger, grades, effect, basis in DEFAULT_RULES])


def remove(apps, schema_editor):
    apps.get_model("credit", "CreditScheme").objects.filter(code="builtin", version=1).delete()
    apps.get_model("credit", "RestrictionRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_schemes_and_restriction_rules")]
    operations = [migrations.RunPython(create, remove)]
