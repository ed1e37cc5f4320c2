"""The pure generator: determinism, the 2013 figures from the rows themselves, valid codes."""

import datetime as dt
import re

import pytest

from qualitybrand.core.codes import patent_problem, uscc_problem
from qualitybrand.demo import profile as P
from qualitybrand.demo.generator import generate
from tests.demo.oracle import figures


@pytest.fixture(scope="module")
def data():
    return generate()


def _close(a, b):
    return a == b or (a is not None and b is not None and abs(a - b) < 1e-9)


def test_deterministic(data):
    assert generate() == data


def test_city_2013_figures_hold_exactly(data):
    got = figures(data, 2013)
    wrong = {code: (want, got.get(code)) for code, want in P.CITY_2013.items()
             if not _close(got.get(code), want)}
    assert wrong == {}
    assert round(got["insp.pass_rate"], 1) == 92.3
    assert round(got["rec.share.cn_wellknown_tm"], 1) == 25.9
    assert round(got["rec.share.prov_brand_product"], 1) == 16.1


def test_figures_are_planned_not_lucky():
    """Another seed draws other names and dates but the same 2013 figures."""
    other = generate(seed=7)
    got = figures(other, 2013)
    assert {code: got.get(code) for code in P.CITY_2013} == pytest.approx(P.CITY_2013)


def test_counties_differ_and_add_up(data):
    per = {c.code: figures(data, 2013, c.code) for c in P.COUNTIES}
    for code in ("entity.count", "tm.valid", "tm.per100", "tm.owner_rate", "insp.pass_rate"):
        values = [per[c][code] for c in per]
        assert len(set(values)) == len(values), code
    assert sum(per[c]["entity.count"] for c in per) == 91400
    assert sum(per[c]["tm.valid"] for c in per) == 1828
    # the best county holds marks at several times the rate of the weakest
    assert per["620502"]["tm.per100"] > 3 * per["620525"]["tm.per100"]


def test_years_move_toward_2013(data):
    years = {y: figures(data, y) for y in range(2010, 2014)}
    for code in ("entity.count", "tm.valid", "tm.per100", "tm.owner_rate", "insp.pass_rate",
                 "rec.valid.prov_famous_tm", "rec.valid.city_known_tm", "env.air_good_days"):
        series = [years[y][code] for y in range(2010, 2014)]
        assert series == sorted(series) and series[0] < series[-1], (code, series)


def test_2014_midyear_progress(data):
    """tm.applications to 2014-06-30 against the 2014-brand allocation: some on track, some behind."""
    allocation = {"620502": 60, "620503": 50, "620521": 20, "620522": 20, "620523": 20, "620524": 15,
                  "620525": 15}
    done = {code: figures(data, 2014, code, end=P.LAST_DAY)["tm.applications"] for code in allocation}
    assert done == {c.code: c.tm_apps_2014h1 for c in P.COUNTIES}
    elapsed = (P.LAST_DAY - dt.date(2014, 1, 1)).days + 1
    on_track = {code for code in done if done[code] / allocation[code] >= elapsed / 365}
    assert 0 < len(on_track) < len(done)
    recognised = {code: figures(data, 2014, code, end=P.LAST_DAY) for code in allocation}
    assert {c: f["rec.new.prov_famous_tm"] for c, f in recognised.items() if f["rec.new.prov_famous_tm"]} == {
        "620502": 2, "620503": 1, "620522": 1}
    assert [c for c, f in recognised.items() if f["rec.new.cn_wellknown_tm"]] == ["620503"]
    assert [c for c, f in recognised.items() if f["tm.gi.new"]] == ["620525"]
    assert [c for c, f in recognised.items() if f["tm.madrid.new"]] == ["620502"]
    city = figures(data, 2014, end=P.LAST_DAY)
    assert city["tm.applications"] == 108
    assert city["tm.gi.new"] == 1 and city["tm.madrid.new"] == 1
    assert city["rec.new.cn_wellknown_tm"] == 1 and city["rec.new.prov_famous_tm"] == 4


def test_codes_are_valid_and_unique(data):
    usccs = [row["统一社会信用代码"] for row in data["entities"]]
    assert len(set(usccs)) == len(usccs)
    assert [u for u in usccs if uscc_problem(u)] == []
    kinds = {"91": "企业", "92": "个体工商户", "93": "农民专业合作社", "51": "其他"}
    assert all(kinds[row["统一社会信用代码"][:2]] == row["主体类型"] for row in data["entities"])
    numbers = [row["申请号"] for row in data["patents"]]
    assert len(set(numbers)) == len(numbers)
    for row in data["patents"]:
        problem, _canonical, ptype = patent_problem(row["申请号"])
        assert problem is None and ptype == row["专利类型"], row
    marks = [row["注册号"] for row in data["trademarks"]]
    assert len(set(marks)) == len(marks) and all(re.fullmatch(r"\d{1,10}", n) for n in marks)
    for ledger, key in (("certifications", "证书编号"), ("standards", "标准编号"), ("inspections", "抽检编号"),
                        ("cases", "案件编号"), ("services", "服务编号"), ("publicity", "稿件编号")):
        keys = [row[key] for row in data[ledger]]
        assert len(set(keys)) == len(keys), ledger


def test_references_and_dates_are_consistent(data):
    entities = {row["统一社会信用代码"]: row for row in data["entities"]}
    marks = {row["注册号"]: row for row in data["trademarks"]}
    last = P.LAST_DAY.isoformat()
    for row in data["entities"]:
        assert not row["注销日期"] or row["注销日期"] >= row["成立日期"]
        assert max(row["成立日期"], row["注销日期"]) <= last
    for row in data["trademarks"]:
        assert row["注册人统一社会信用代码"] in entities
        assert not row["注册日期"] or row["申请日期"] <= row["注册日期"] <= last
        assert row["地理标志"] == "否" or row["商标类型"] in ("集体商标", "证明商标")
        assert row["申请日期"] >= (entities[row["注册人统一社会信用代码"]]["成立日期"] or "")
    keys = set()
    for row in data["recognitions"]:
        key = (row["项目"], row["商标注册号"] or row["统一社会信用代码"] + "|" + row["产品名称"], row["认定年度"])
        assert key not in keys
        keys.add(key)
        if row["商标注册号"]:
            assert marks[row["商标注册号"]]["注册人统一社会信用代码"] == row["统一社会信用代码"]
    for row in data["pledges"]:
        for number in row["商标注册号"].split("、"):
            assert marks[number]["注册人统一社会信用代码"] == row["出质人统一社会信用代码"]
    for ledger, column in (("patents", "申请日"), ("inspections", "抽样日期"), ("cases", "立案日期"),
                           ("services", "服务日期"), ("certifications", "发证日期")):
        assert max(row[column] for row in data[ledger]) <= last, ledger


def test_population_and_blacklist(data):
    pop = [row for row in data["indicator_values"] if row["指标代码"] == "pop.resident" and row["年度"] == 2013]
    assert {row["区划代码"] for row in pop} == {c.code for c in P.COUNTIES}
    assert sum(row["数值"] for row in pop) == pytest.approx(sum(c.pop for c in P.COUNTIES))
    listed = [row for row in data["blacklist"] if not row["移出日期"]]
    repaired = [row for row in data["blacklist"] if row["移出方式"] == "信用修复"]
    assert listed and repaired


def test_named_entities_have_stable_credit_codes(data):
    from qualitybrand.core.demo_accounts import DEMO_ENTERPRISE_USCC
    from qualitybrand.demo.profile import named_uscc

    assert named_uscc("xinghuo") == DEMO_ENTERPRISE_USCC
    row = next(r for r in data["entities"] if r["统一社会信用代码"] == DEMO_ENTERPRISE_USCC)
    assert row["名称"] == "天水星火机床有限责任公司" and row["区划代码"] == "620502"
    awards = [r for r in data["recognitions"] if r["认定年度"] == 2013 and r["项目"] in ("省政府质量奖", "市政府质量奖")]
    names = {r["统一社会信用代码"]: r["项目"] for r in awards}
    assert names == {named_uscc("xinghuo"): "省政府质量奖", named_uscc("duanya"): "市政府质量奖",
                     named_uscc("changkai"): "市政府质量奖"}
