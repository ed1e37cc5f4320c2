"""Default follow-up deadlines (supervision.md: 整改 30 days after the notice, 复查 within 15 working days
of the report; no notice deadline: the contract names none) and a default key products catalogue
(重点工业产品质量安全监管目录, abridged). Written out here so this migration never changes with the code;
re-seeded after a flush (SupervisionConfig.ready, core/seeding.py). The office edits both."""
import datetime

from django.db import migrations

SETTINGS = [("下达整改通知", None, "工作日"), ("整改", 30, "自然日"), ("复查", 15, "工作日")]

SINCE = datetime.date(2010, 1, 1)
CATALOGUE = [
    ("电线电缆", ["电线电缆", "电线", "电缆", "电力电缆", "架空绞线"]),
    ("涂料", ["涂料", "建筑涂料", "木器涂料", "防水涂料", "油漆"]),
    ("食品相关产品", ["食品相关产品", "食品用塑料包装", "食品包装", "餐具洗涤剂", "食品用纸包装", "压力锅"]),
    ("燃气器具", ["燃气器具", "燃气灶具", "燃气热水器", "燃气用具", "燃气软管"]),
    ("电动自行车", ["电动自行车", "电动自行车充电器", "电动自行车用蓄电池"]),
    ("儿童用品", ["儿童用品", "玩具", "童车", "儿童服装", "儿童家具", "儿童安全座椅"]),
    ("化肥", ["化肥", "复混肥料", "尿素", "磷肥", "钾肥"]),
    ("危险化学品", ["危险化学品", "工业气体", "化学试剂", "液化石油气"]),
    ("建筑材料", ["水泥", "钢筋", "建筑用钢材", "建筑防水卷材", "人造板"]),
    ("电器产品", ["家用电器", "插头插座", "电热毯", "电取暖器"]),
]


def create(apps, schema_editor):
    FollowUpSetting = apps.get_model("supervision", "FollowUpSetting")
    KeyProductCategory = apps.get_model("supervision", "KeyProductCategory")
    for step, days, kind in SETTINGS:
        FollowUpSetting.objects.get_or_create(step=step, defaults={"days": days, "day_kind": kind})
    if not KeyProductCategory.objects.exists():
        KeyProductCategory.objects.bulk_create(
            KeyProductCategory(name=name, products=products, valid_from=SINCE) for name, products in CATALOGUE)


def remove(apps, schema_editor):
    apps.get_model("supervision", "FollowUpSetting").objects.all().delete()
    apps.get_model("supervision", "KeyProductCategory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0005_followup_and_key_products")]
    operations = [migrations.RunPython(create, remove)]
