"""responsibility.md: target sets and schemes for departments, towns and enterprises — loading,
progress, scoring and the JSON of `targets` / `assess` (the contract's exact shape)."""

import datetime as dt
import json

import pytest

from qualitybrand.core.services import save_region
from qualitybrand.planning import loading, selectors
from qualitybrand.planning.models import Scheme, TargetAllocation, TargetSet
from tests.factories import EntityFactory, UserFactory
from tests.planning.subjects_rounds_setup import GRADES
from tests.planning.test_commands import SCHEME, run

DEPARTMENTS = """
kind: targets
code: 2013-dept-targets
name: 2013年部门目标
year: 2013
region: "620500"
subjects: departments
items:
  - indicator: insp.pass_rate
    target: 95
    allocations: {住建: 96, 环保: 94}
---
kind: scheme
code: 2013-dept
name: 2013年度部门质量工作考核
year: 2013
region: "620500"
subjects: departments
assessed: [住建, 环保]
targets: 2013-dept-targets
""" + GRADES + """items:
  - {code: D1, name: 抽查合格率目标, points: 40, rule: ratio_to_target, indicator: insp.pass_rate}
  - {code: D2, name: 案件结案数, points: 20, rule: rank, indicator: case.closed, order: desc}
  - {code: D3, name: 工作机制, points: 40, rule: manual, evidence: required}
  - {code: D4, name: 住建专项, points: 10, rule: linear, indicator: case.closed, zero_at: 0, full_at: 20,
     applies_to: [住建]}
"""


def towns(regions):
    """Two towns of 秦州区 and one of 麦积区."""
    return {
        "620502001": save_region(None, code="620502001", name="大城街道", kind="乡镇街道", parent=regions["620502"]),
        "620502100": save_region(None, code="620502100", name="玉泉镇", kind="乡镇街道", parent=regions["620502"]),
        "620503100": save_region(None, code="620503100", name="社棠镇", kind="乡镇街道", parent=regions["620503"]),
    }


TOWNS = """
kind: targets
code: 2014-qinzhou-towns
name: 2014年秦州区乡镇目标
year: 2014
region: "620502"
subjects: towns
items:
  - indicator: tm.applications
    target: 60
    allocations: {"620502001": 20, "620502100": 10}
---
kind: scheme
code: 2014-qinzhou-towns
name: 2014年秦州区乡镇考核
year: 2014
region: "620502"
subjects: towns
assessed: children
targets: 2014-qinzhou-towns
""" + GRADES + """items:
  - {code: T1, name: 商标申请, points: 100, rule: ratio_to_target, indicator: tm.applications}
"""


def test_department_targets_progress_answers_for_the_city(regions, engine, write_yaml):
    assert run("load_scheme", write_yaml(DEPARTMENTS))[0] == 0
    ts = TargetSet.objects.get(code="2013-dept-targets")
    assert ts.subjects == "departments"
    allocations = {a.subject: a.region.code for a in TargetAllocation.objects.filter(item__target_set=ts)}
    assert allocations == {"住建": "620500", "环保": "620500"}
    engine.put("insp.pass_rate", "620500", 95.5)
    code, out, err = run("targets", "2013-dept-targets", "--as-of", "2013-12-31", "--json")
    assert code == 0, err
    rows = {r["subject"]: r for r in json.loads(out)["rows"]}
    # the set's own row is a region row; department rows carry no "region" and the city's value
    assert rows["620500"]["region"] == "620500"
    assert rows["住建"] == {"subject": "住建", "indicator": "insp.pass_rate", "target": 96, "actual": 95.5,
                          "ratio": 95.5 / 96, "status": "滞后"}
    assert rows["环保"]["status"] == "已完成" and "region" not in rows["环保"]


def test_department_assessment_scores_like_counties(regions, engine, write_yaml):
    assert run("load_scheme", write_yaml(DEPARTMENTS))[0] == 0
    scheme = Scheme.objects.get(code="2013-dept")
    assert scheme.subjects == "departments" and scheme.assessed_codes == ["住建", "环保"]
    engine.put("insp.pass_rate", "620500", 95)
    engine.put("case.closed", "620500", 15)
    manual = write_yaml("住建: {D3: 36}\n环保: {D3: 30.5}\n")
    code, out, err = run("assess", "2013-dept", "--as-of", "2013-12-31", "--manual", manual, "--json")
    assert code == 0, err
    results = {r["subject"]: r for r in json.loads(out)["results"]}
    zj, hb = results["住建"], results["环保"]
    assert "region" not in zj
    # D1: 40 × min(95/96, 1) = 39.583… → 39.58; 环保 95/94 ≥ 1 → 40; D2: both rank 1 of 2 → 20;
    # D4 (住建 only): 10 × 15/20 = 7.5
    assert zj["items"] == {"D1": 39.58, "D2": 20.0, "D3": 36.0, "D4": 7.5}
    assert hb["items"] == {"D1": 40.0, "D2": 20.0, "D3": 30.5}
    assert zj["total"] == 103.08 and hb["total"] == 90.5
    assert (zj["rank"], hb["rank"]) == (1, 2) and zj["grade"] == hb["grade"] == "好"


def test_unknown_department_is_refused_and_nothing_saved(regions, write_yaml):
    text = DEPARTMENTS.replace("assessed: [住建, 环保]", "assessed: [住建, 城管]")
    code, out, err = run("load_scheme", write_yaml(text))
    assert code != 0
    assert "部门 “城管” 不存在" in err + out and "住建" in err + out
    assert not Scheme.objects.exists() and not TargetSet.objects.exists()


def test_towns_of_a_county(regions, engine, write_yaml):
    towns(regions)
    assert run("load_scheme", write_yaml(TOWNS))[0] == 0
    scheme = Scheme.objects.get(code="2014-qinzhou-towns")
    assert scheme.assessed_codes == ["620502001", "620502100"]  # children that are towns, never 麦积区's
    engine.put("tm.applications", "620502001", 25)
    engine.put("tm.applications", "620502100", 4)
    code, out, err = run("assess", "2014-qinzhou-towns", "--json")
    assert code == 0, err
    results = {r["subject"]: r for r in json.loads(out)["results"]}
    assert results["620502001"]["region"] == "620502001" and results["620502001"]["total"] == 100.0
    assert results["620502100"]["total"] == 40.0


def test_allocation_to_another_countys_town_is_refused(regions, write_yaml):
    towns(regions)
    text = TOWNS.replace('allocations: {"620502001": 20, "620502100": 10}',
                         'allocations: {"620502001": 20, "620503100": 10}')
    code, out, err = run("load_scheme", write_yaml(text))
    assert code != 0
    assert "620503100" in err + out and "不在 620502（秦州区）之下" in err + out
    assert not TargetSet.objects.exists()


def test_a_county_loads_its_own_towns_not_a_neighbours(regions, write_yaml):
    towns(regions)
    qinzhou = UserFactory(role="county", region=regions["620502"])
    maiji = UserFactory(role="county", region=regions["620503"])
    refused = loading.load_text(TOWNS, user=maiji)
    assert not refused.ok and "没有为该区划制定目标或考核方案的权限" in refused.errors[0]
    assert loading.load_text(TOWNS, user=qinzhou).ok
    # a county never sets targets for itself as a region subject
    regions_doc = TOWNS.replace("subjects: towns\n", "")
    assert not loading.load_text(regions_doc.replace("2014-qinzhou-towns", "x"), user=qinzhou).ok


def test_enterprise_scheme_takes_manual_items_only(regions, write_yaml):
    e1 = EntityFactory(region=regions["620502"])
    e2 = EntityFactory(region=regions["620503"])
    doc = f"""
kind: scheme
code: 2014-zrs
name: 2014年企业质量目标责任书
year: 2014
region: "620500"
subjects: enterprises
assessed: ["{e1.uscc.lower()}", "{e2.uscc}"]
{GRADES}items:
  - {{code: Z1, name: 质量承诺落实, points: 60, rule: manual, evidence: required}}
  - {{code: Z2, name: 标准化建设, points: 40, rule: manual}}
"""
    assert run("load_scheme", write_yaml(doc))[0] == 0
    assert Scheme.objects.get().assessed_codes == sorted([e1.uscc, e2.uscc])
    manual = write_yaml(f"{e1.uscc}: {{Z1: 50, Z2: 40}}\n")
    code, out, err = run("assess", "2014-zrs", "--manual", manual, "--json")
    assert code == 0, err
    results = {r["subject"]: r for r in json.loads(out)["results"]}
    assert results[e1.uscc]["total"] == 90.0 and "region" not in results[e1.uscc]
    assert results[e2.uscc]["missing"] == ["Z1", "Z2"] and results[e2.uscc]["total"] == 0.0
    bad = doc.replace("rule: manual}\n", "rule: manual}\n  - {code: Z3, name: 抽查, points: 10, rule: linear, "
                      "indicator: insp.pass_rate, zero_at: 80, full_at: 95}\n").replace("2014-zrs", "2014-zrs2")
    code, out, err = run("load_scheme", write_yaml(bad))
    assert code != 0 and "只能使用 manual 评分项" in err + out


def test_enterprise_of_another_city_is_not_revealed(regions, write_yaml):
    outside = save_region(None, code="620100", name="兰州市", kind="市", parent=regions["620000"])
    stranger = EntityFactory(region=outside)
    doc = f"""
kind: scheme
code: 2014-zrs
name: 责任书
year: 2014
region: "620500"
subjects: enterprises
assessed: ["{stranger.uscc}", "91620500MA00000000"]
{GRADES}items:
  - {{code: Z1, name: 承诺, points: 100, rule: manual}}
"""
    code, out, err = run("load_scheme", write_yaml(doc))
    assert code != 0
    text = err + out
    # the same message for an enterprise registered elsewhere and one that does not exist
    assert text.count("不在天水市的市场主体名录中") == 2 and stranger.name not in text


def test_existing_files_keep_their_documents_and_scores(regions, engine, write_yaml):
    """A regions file loads to the same document as before (no "subjects" key), so the same file
    twice changes nothing and scores are unchanged."""
    assert run("load_scheme", write_yaml(SCHEME))[0] == 0
    scheme = Scheme.objects.get(code="2013-quality")
    assert "subjects" not in scheme.document and scheme.subjects == "regions"
    code, out, _ = run("load_scheme", write_yaml(SCHEME))
    assert code == 0 and Scheme.objects.get(code="2013-quality").version == 1
    engine.put("tm.applications", "620502", 150)
    result = selectors.assess_document(scheme.document, selectors.period_for(scheme.document, None))
    row = next(r for r in result.as_json()["results"] if r["region"] == "620502")
    assert row["subject"] == "620502" and row["items"]["A1"] == 30.0


@pytest.mark.parametrize("applies", ["[城管]", "[]"])
def test_applies_to_must_name_assessed_subjects(regions, write_yaml, applies):
    text = DEPARTMENTS.replace("applies_to: [住建]", f"applies_to: {applies}")
    code, out, err = run("load_scheme", write_yaml(text))
    assert code != 0 and "applies_to" in err + out


def test_province_scheme_for_the_city_is_loaded_by_the_city(regions, engine, write_yaml):
    city = UserFactory(role="city_admin", region=regions["620500"])
    doc = """
kind: scheme
code: 2013-prov
name: 2013年度甘肃省质量工作考核（天水市）
year: 2013
region: "620000"
assessed: ["620500"]
""" + GRADES + """items:
  - {code: P1, name: 合格率, points: 100, rule: linear, indicator: insp.pass_rate, zero_at: 85, full_at: 95}
"""
    assert loading.load_text(doc, user=city).ok
    other = doc.replace('assessed: ["620500"]', 'assessed: ["620500", "620100"]').replace("2013-prov", "x")
    assert not loading.load_text(other, user=city).ok
    county = UserFactory(role="county", region=regions["620502"])
    assert not loading.load_text(doc.replace("2013-prov", "y"), user=county).ok
    engine.put("insp.pass_rate", "620500", 93)
    result = selectors.assess_document(Scheme.objects.get(code="2013-prov").document,
                                       selectors.period_for({"year": 2013}, dt.date(2013, 12, 31)))
    assert result.as_json()["results"][0] == {"subject": "620500", "region": "620500", "total": 80.0,
                                               "grade": "较好", "rank": 1, "vetoed": [], "items": {"P1": 80.0},
                                               "missing": []}
