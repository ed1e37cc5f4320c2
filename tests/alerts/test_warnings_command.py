"""`qualitybrand warnings`: exact JSON, the Chinese table, exit code 2 for bad input."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("warnings", *args, stdout=out)
    return out.getvalue()


def test_json_exactly_as_warnings_md(marks):
    doc = json.loads(run("--as-of", "2014-07-10", "--json"))
    assert doc == {"as_of": "2014-07-10", "warnings": [
        {"rule": "tm.renewal", "key": "10000103", "region": "620503", "level": "紧急", "due": "2014-08-01",
         "message": "商标“花牛”（第 10000103 号，第 31 类）专用权期限至 2014-08-01，已进入续展期，请于期限届满前提出续展申请"},
        {"rule": "tm.renewal", "key": "10000101", "region": "620502", "level": "紧急", "due": "2014-09-30",
         "message": "商标“长城”（第 10000101 号，第 9 类）专用权期限至 2014-09-30，已进入续展期，请于期限届满前提出续展申请"},
        {"rule": "tm.renewal", "key": "10000102", "region": "620502", "level": "提示", "due": "2015-03-01",
         "message": "商标“长城电工”（第 10000102 号，第 7、9 类）专用权期限至 2015-03-01，已进入续展期，"
                    "请于期限届满前提出续展申请"},
    ]}


def test_region_and_rules_filters(marks):
    doc = json.loads(run("--as-of", "2014-07-10", "--region", "620502", "--rules", "tm.renewal,tm.grace", "--json"))
    assert [w["key"] for w in doc["warnings"]] == ["10000101", "10000102"]
    doc = json.loads(run("--as-of", "2014-07-10", "--rules", "cert.expiry", "--json"))
    assert doc == {"as_of": "2014-07-10", "warnings": []}


def test_as_of_defaults_to_today(marks, settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    doc = json.loads(run("--json"))
    assert doc["as_of"] == "2014-07-10" and len(doc["warnings"]) == 3


def test_chinese_table(marks):
    out = run("--as-of", "2014-07-10", "--region", "620503")
    lines = out.splitlines()
    assert lines[0] == "计算日期：2014-07-10　区划：麦积区（620503）及下级　预警 1 条"
    assert lines[1] == "到期日\t级别\t规则\t区划\t对象\t说明"
    assert lines[2].startswith("2014-08-01\t紧急\ttm.renewal\t620503\t10000103\t商标“花牛”")
    assert "（没有预警。）" in run("--as-of", "2014-07-10", "--region", "620521")


@pytest.mark.parametrize("args, message", [
    (("--as-of", "2014-13-01"), "日期“2014-13-01”无效：请按 YYYY-MM-DD 填写，如 2014-07-10。"),
    (("--as-of", "明天"), "日期“明天”无效：请按 YYYY-MM-DD 填写，如 2014-07-10。"),
    (("--region", "999999"), "区划代码“999999”不存在：应为已登记的行政区划代码，如 620500。"),
    (("--rules", "tm.renewal,tm.nothing"), "未知的预警规则：tm.nothing。"),
])
def test_bad_input_exits_2_with_a_chinese_message(regions, args, message):
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert exc.value.returncode == 2
    assert str(exc.value).startswith(message)
