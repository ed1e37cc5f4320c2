import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from qualitybrand.core.models import ChangeLog
from qualitybrand.planning.models import DocumentVersion, Scheme, TargetSet
from tests.planning.conftest import COUNTIES

TARGETS = """
kind: targets
code: 2014-brand
name: 2014年商标战略"222111"目标
year: 2014
region: "620500"
items:
  - indicator: tm.applications
    target: 200
    allocations:
      "620502": 60
      "620503": 50
  - indicator: rec.valid.cn_wellknown_tm
    target: 16
    allocations: {"620502": 4}
  - indicator: incident.count
    target: 5
    lower_is_better: true
    allocations: {"620502": 2}
"""

SCHEME = """
kind: targets
code: 2013-targets
name: 2013年目标
year: 2013
region: "620500"
items:
  - indicator: tm.applications
    target: 700
    allocations: {"620502": 200, "620503": 150, "620521": 50, "620522": 80, "620523": 90, "620524": 60,
                  "620525": 40}
---
kind: scheme
code: 2013-quality
name: 2013年度质量工作考核（100分）
year: 2013
region: "620500"
assessed: children
targets: 2013-targets
grades:
  - {grade: A, min: 90}
  - {grade: B, min: 80}
  - {grade: C, min: 60}
  - {grade: D, min: 0}
items:
  - {code: A1, name: 商标申请量目标完成情况, points: 40, rule: ratio_to_target, indicator: tm.applications}
  - {code: A2, name: 监督抽查合格率, points: 30, rule: linear, indicator: insp.pass_rate, zero_at: 85, full_at: 95}
  - {code: A3, name: 查处案件结案数, points: 20, rule: rank, indicator: case.closed, order: desc}
  - {code: A4, name: 质量工作机制建设, points: 10, rule: manual, evidence: required}
  - {code: D1, name: 一般质量安全事故扣分, rule: deduction, indicator: incident.count, per_unit: 2, cap: 10}
  - {code: B1, name: 获评省政府质量奖加分, rule: bonus, indicator: rec.new.prov_quality_award, per_unit: 2, cap: 4}
vetoes:
  - {code: V1, name: 发生重大及以上质量安全事故, indicator: incident.major, above: 0, grade: D}
"""


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def test_load_is_idempotent_and_versioned(regions, engine, write_yaml):
    path = write_yaml(TARGETS)
    code, out, err = run("load_scheme", path)
    assert code == 0, err
    assert "已新建" in out
    ts = TargetSet.objects.get(code="2014-brand")
    assert ts.version == 1 and ts.items.count() == 3
    logs = ChangeLog.objects.count()
    code, out, _ = run("load_scheme", path)
    assert code == 0 and "未变化" in out
    assert ChangeLog.objects.count() == logs
    assert DocumentVersion.objects.filter(code="2014-brand").count() == 1
    code, out, _ = run("load_scheme", write_yaml(TARGETS.replace("target: 200", "target: 210")))
    assert code == 0 and "新版本" in out
    ts.refresh_from_db()
    assert ts.version == 2 and ts.document["items"][0]["target"] == "210"
    assert DocumentVersion.objects.filter(code="2014-brand").count() == 2


@pytest.mark.parametrize("mutation, message", [
    (("indicator: tm.applications", "indicator: tm.nonsense"), "tm.nonsense"),
    (("target: 200", "target: 0"), "大于 0"),
    (("kind: targets", "kind: plans"), "kind"),
    (('"620503": 50', '"999999": 50'), "999999"),
])
def test_bad_target_sets_refused(regions, engine, write_yaml, mutation, message):
    code, out, err = run("load_scheme", write_yaml(TARGETS.replace(*mutation)))
    assert code == 1
    assert message in err
    assert not TargetSet.objects.exists()


def test_malformed_yaml_is_usage_error(regions, write_yaml):
    code, _, err = run("load_scheme", write_yaml("kind: targets\n  code: [x\n"))
    assert code == 2 and "YAML" in err
    code, _, err = run("load_scheme", "/nonexistent/file.yaml")
    assert code == 2 and "不存在" in err


@pytest.mark.parametrize("mutation, message", [
    (("zero_at: 85, full_at: 95", "zero_at: 95, full_at: 95"), "zero_at 与 full_at 相同"),
    (("points: 30, rule: linear", "points: -3, rule: linear"), "负数"),
    (("code: A3,", "code: A2,"), "A2 重复"),
    (("{grade: B, min: 80}", "{grade: B, min: 95}"), "等次顺序错误"),
    (('"620525": 40', ""), "620525"),
    (("indicator: case.closed", "indicator: case.nope"), "case.nope"),
    (("rule: manual", "rule: magic"), "magic"),
])
def test_bad_schemes_refuse_the_whole_file(regions, engine, write_yaml, mutation, message):
    code, _, err = run("load_scheme", write_yaml(SCHEME.replace(*mutation)))
    assert code == 1, err
    assert message in err
    assert not TargetSet.objects.exists() and not Scheme.objects.exists()


def test_total_points_against_name_is_a_warning(regions, engine, write_yaml):
    code, out, err = run("load_scheme", write_yaml(SCHEME.replace("（100分）", "（120分）")))
    assert code == 0
    assert "警告" in err and "120" in err
    assert Scheme.objects.get().assessed_codes == COUNTIES


def test_targets_progress(regions, engine, write_yaml):
    assert run("load_scheme", write_yaml(TARGETS))[0] == 0
    day = dt.date(2014, 6, 30)  # day 181 of 365
    engine.put("tm.applications", "620500", 120, day)
    engine.put("tm.applications", "620502", 31, day)
    engine.put("tm.applications", "620503", 20, day)  # 0.4 < 181/365 = 0.4959 → 滞后
    engine.put("rec.valid.cn_wellknown_tm", "620500", 16, day)
    engine.put("rec.valid.cn_wellknown_tm", "620502", 3, day)
    engine.put("incident.count", "620500", 6, day)
    engine.put("incident.count", "620502", 1, day)
    code, out, err = run("targets", "2014-brand", "--as-of", "2014-06-30", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["code"] == "2014-brand" and data["as_of"] == "2014-06-30"
    rows = {(r["region"], r["indicator"]): r for r in data["rows"]}
    assert len(rows) == 7
    assert rows[("620502", "tm.applications")] == {"subject": "620502", "region": "620502", "indicator": "tm.applications",
                                                   "target": 60, "actual": 31, "ratio": 31 / 60,
                                                   "status": "正常"}  # 0.5167 ≥ 181/365
    assert rows[("620503", "tm.applications")]["status"] == "滞后"
    assert rows[("620500", "tm.applications")]["status"] == "正常"
    assert rows[("620500", "rec.valid.cn_wellknown_tm")]["status"] == "已完成"
    assert rows[("620502", "rec.valid.cn_wellknown_tm")]["status"] == "滞后"  # stock: no time progress
    assert rows[("620500", "incident.count")]["status"] == "滞后"
    assert rows[("620502", "incident.count")]["status"] == "正常"


def test_targets_default_date_and_usage_errors(regions, engine, write_yaml):
    assert run("load_scheme", write_yaml(TARGETS))[0] == 0
    with override_settings(QB_TODAY=dt.date(2014, 7, 10)):
        code, out, _ = run("targets", "2014-brand", "--json")
    assert code == 0 and json.loads(out)["as_of"] == "2014-07-10"
    with override_settings(QB_TODAY=dt.date(2016, 1, 5)):
        code, out, _ = run("targets", "2014-brand", "--json")
    data = json.loads(out)
    assert data["as_of"] == "2014-12-31"
    rows = {(r["region"], r["indicator"]): r for r in data["rows"]}
    assert rows[("620502", "incident.count")]["status"] == "已完成"  # lower is better, on 31 December
    assert rows[("620502", "tm.applications")]["actual"] == 0  # null counts as 0
    assert run("targets", "2014-brand", "--as-of", "2013-06-30", "--json")[0] == 2
    assert run("targets", "2014-brand", "--as-of", "2014-13-01", "--json")[0] == 2
    assert run("targets", "nope", "--json")[0] == 2


def test_assess_command(regions, engine, write_yaml):
    assert run("load_scheme", write_yaml(SCHEME))[0] == 0
    end = dt.date(2013, 12, 31)
    apps = dict(zip(COUNTIES, [200, 120, 50, None, 100, 30, 40]))
    for r, v in apps.items():
        engine.put("tm.applications", r, v, end)
    rates = dict(zip(COUNTIES, [96.0, 92.3, 90.0, 85.0, 80.0, 94.5, 88.8]))
    for r, v in rates.items():
        engine.put("insp.pass_rate", r, v, end)
    closed = dict(zip(COUNTIES, [30, 20, 20, 10, None, 5, 1]))
    for r, v in closed.items():
        engine.put("case.closed", r, v, end)
    engine.put("incident.count", "620521", 1, end)
    engine.put("rec.new.prov_quality_award", "620503", 1, end)
    engine.put("incident.major", "620502", 1, end)
    manual = write_yaml("'620502': {A4: 9}\n'620503': {A4: 8.5}\n620521: {A4: 10}\n")
    code, out, err = run("assess", "2013-quality", "--manual", manual, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["scheme"] == "2013-quality"
    res = {r["region"]: r for r in data["results"]}
    assert res["620502"]["items"] == {"A1": 40.0, "A2": 30.0, "A3": 20.0, "A4": 9.0, "D1": 0.0, "B1": 0.0}
    assert res["620502"]["total"] == 99.0 and res["620502"]["vetoed"] == ["V1"] and res["620502"]["grade"] == "D"
    assert res["620502"]["rank"] == 7
    # 620503: 120/150*40 = 32; 7.3*3 = 21.9; rank 2 (tie) of 7 → 20*5/6 = 16.666… → 16.67; 8.5; +2
    assert res["620503"]["items"] == {"A1": 32.0, "A2": 21.9, "A3": 16.67, "A4": 8.5, "D1": 0.0, "B1": 2.0}
    assert res["620503"]["total"] == 81.07 and res["620503"]["grade"] == "B" and res["620503"]["rank"] == 1
    # 620521: 40; 15; 16.67; 10; -2 → 79.67
    assert res["620521"]["total"] == 79.67 and res["620521"]["rank"] == 2
    assert res["620522"]["missing"] == ["A4"]
    assert res["620522"]["items"]["A1"] == 0.0
    assert [r["rank"] for r in data["results"]] == sorted(r["rank"] for r in data["results"])


def test_assess_refuses_bad_manual_and_dates(regions, engine, write_yaml):
    assert run("load_scheme", write_yaml(SCHEME))[0] == 0
    assert run("assess", "2013-quality", "--manual", write_yaml("'620502': {A4: 11}"), "--json")[0] == 1
    assert run("assess", "2013-quality", "--manual", write_yaml("'620502': {A1: 5}"), "--json")[0] == 1
    assert run("assess", "2013-quality", "--as-of", "2014-01-01", "--json")[0] == 2
    code, out, _ = run("assess", "2013-quality", "--as-of", "2013-06-30", "--json")
    assert code == 0
    assert engine.calls[-1][1].end == dt.date(2013, 6, 30)
    assert run("assess", "nope", "--json")[0] == 2


def test_unknown_fields_are_warnings_and_year_as_text(regions, engine, write_yaml):
    text = TARGETS.replace("year: 2014", 'year: "2014"\nnote: 备注').replace("    target: 200", "    target: 200\n    remark: x")
    code, out, err = run("load_scheme", write_yaml(text))
    assert code == 0, err
    assert "已忽略" in err and TargetSet.objects.get().year == 2014


def test_custom_indicator_in_the_same_file(regions, engine, write_yaml, monkeypatch):
    calls = []

    def fake_load(doc, *, user=None):
        calls.append(doc["code"])
        return doc["code"], "created"

    import types

    module = types.ModuleType("qualitybrand.indicators.services")
    module.load_indicator_document = fake_load
    monkeypatch.setitem(__import__("sys").modules, "qualitybrand.indicators.services", module)
    text = ("kind: indicator\ncode: custom.hitech_share\nname: 高新技术产业增加值占比\nunit: \"%\"\ntype: reported\n"
            "---\n" + TARGETS.replace("indicator: tm.applications", "indicator: custom.hitech_share"))
    code, out, err = run("load_scheme", write_yaml(text))
    assert code == 0, err
    assert calls == ["custom.hitech_share"] and "指标 custom.hitech_share" in out
