"""`qualitybrand credit` (credit.md): JSON exactly as the contract, a Chinese table, usage errors exit 2."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.credit.factories import BlacklistEntryFactory, InspectionFactory
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("credit", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def city(regions):
    a = EntityFactory(region=regions["620502"], uscc="91620502MA00000001")
    b = EntityFactory(region=regions["620503"], uscc="91620503MA00000002")
    InspectionFactory(entity=a, level="市", number="CJ0000012", sampled=dt.date(2024, 1, 5))
    BlacklistEntryFactory(entity=b, listed=dt.date(2024, 2, 1))
    EntityFactory(region=regions["620503"], uscc="91620503MA00000003", established=dt.date(2025, 1, 1))
    return a, b


def test_json_is_the_contract(city):
    doc = json.loads(run("--as-of", "2024-06-30", "--json"))
    assert doc == {"as_of": "2024-06-30", "scheme": "builtin", "ratings": [
        {"uscc": "91620502MA00000001", "region": "620502", "score": 95, "grade": "A", "reasons": [
            {"points": -5, "record": "inspections:CJ0000012",
             "text": "市级监督抽查不合格（抽检编号 CJ0000012，抽样日期 2024-01-05），扣 5 分"}]},
        {"uscc": "91620503MA00000002", "region": "620503", "score": 100, "grade": "D", "reasons": [
            {"points": None, "record": "blacklist:91620503MA00000002|2024-02-01",
             "text": "列入严重违法失信名单（列入日期 2024-02-01，事由：提供虚假材料），信用等级为 D"}]},
    ]}


def test_region_and_entity_narrow_the_list(city):
    doc = json.loads(run("--as-of", "2024-06-30", "--region", "620503", "--json"))
    assert [r["uscc"] for r in doc["ratings"]] == ["91620503MA00000002"]
    doc = json.loads(run("--as-of", "2024-06-30", "--entity", "91620502ma00000001", "--json"))
    assert [(r["uscc"], r["score"]) for r in doc["ratings"]] == [("91620502MA00000001", 95)]
    doc = json.loads(run("--as-of", "2024-06-30", "--entity", "91620502MA00000001", "--region", "620503", "--json"))
    assert doc["ratings"] == []


def test_default_date_is_today(city, settings):
    settings.QB_TODAY = dt.date(2023, 12, 31)
    doc = json.loads(run("--json"))
    assert doc["as_of"] == "2023-12-31"
    assert [r["grade"] for r in doc["ratings"]] == ["A", "A"]  # inspection and listing both later


def test_table_is_chinese(city):
    text = run("--as-of", "2024-06-30")
    assert "评价日期：2024-06-30" in text and "统一社会信用代码\t区划代码\t信用分\t等级" in text
    assert "91620502MA00000001\t620502\t95\tA" in text
    assert "合计：A 类 1 户，B 类 0 户，C 类 0 户，D 类 1 户" in text


def test_an_entity_not_existing_on_d_is_said_so(city):
    text = run("--as-of", "2024-06-30", "--entity", "91620503MA00000003")
    assert "不存续" in text


@pytest.mark.parametrize("args,message", [
    (["--as-of", "2024-02-30"], "日期“2024-02-30”无效"),
    (["--as-of", "20240630"], "请按 YYYY-MM-DD 填写"),
    (["--region", "999999"], "区划代码“999999”不存在"),
    (["--entity", "91620502MA0000000X"], "不在市场主体名录中"),
    (["--entity", "abc"], "应为 18 位"),
    (["--scheme", "nope"], "信用评价方案“nope”不存在"),
])
def test_bad_arguments_are_usage_errors(regions, args, message):
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert exc.value.returncode == 2 and message in str(exc.value)
