import datetime as dt

import pytest

from qualitybrand.cultivation import rules
from qualitybrand.cultivation.rules import Candidate
from qualitybrand.registry.models import Program, Recognition
from qualitybrand.supervision.models import BlacklistEntry, Case, Incident, Inspection
from tests.factories import EntityFactory, TrademarkFactory

D = dt.date(2014, 7, 10)


def _program(rules_, kind="商标"):
    return Program.objects.create(code=f"p{Program.objects.count()}", name=f"项目{Program.objects.count()}",
                                  object_kind=kind, level="省", rules=rules_)


def _one(program, entity, tm=None, on=D):
    return rules.evaluate_one(program, entity.pk, tm.pk if tm else None, "", on)


@pytest.fixture
def ent(regions):
    return EntityFactory(region=regions["620502"], established=dt.date(2011, 7, 10))


def test_prerequisite_same_trademark_and_years(programs, ent):
    tm, other_tm = TrademarkFactory(holder=ent), TrademarkFactory(holder=ent)
    prov = programs["prov"]
    Recognition.objects.create(program=programs["city"], entity=ent, trademark=tm, object_key=tm.number, year=2011,
                               valid_until=dt.date(2013, 12, 31), region=ent.region)
    Recognition.objects.create(program=programs["city"], entity=ent, trademark=tm, object_key=tm.number, year=2014,
                               valid_until=dt.date(2016, 12, 31), region=ent.region)
    result = _one(prov, ent, tm)[0]
    assert result["passed"] is True and "满 3 年" in result["reason"]
    assert len(result["records"]) == 1
    # another mark of the same holder does not inherit the recognition
    assert _one(prov, ent, other_tm)[0]["passed"] is False
    # first recognised 2012: not yet 3 years in 2014
    tm3 = TrademarkFactory(holder=ent)
    Recognition.objects.create(program=programs["city"], entity=ent, trademark=tm3, object_key=tm3.number,
                               year=2012, valid_until=dt.date(2014, 12, 31), region=ent.region)
    r3 = _one(prov, ent, tm3)[0]
    assert r3["passed"] is False and "不满 3 年" in r3["reason"]
    # a year later it has expired
    assert _one(prov, ent, tm3, on=dt.date(2015, 7, 10))[0]["passed"] is False


def test_trademark_and_entity_age(ent):
    p = _program([{"type": "trademark_age", "years": 3}, {"type": "entity_age", "years": 3}])
    tm = TrademarkFactory(holder=ent, registered=dt.date(2011, 7, 10))
    assert [r["passed"] for r in _one(p, ent, tm)] == [True, True]
    late = TrademarkFactory(holder=ent, registered=dt.date(2011, 7, 11))
    res = _one(p, ent, late)
    assert res[0]["passed"] is False and "2011年7月11日注册" in res[0]["reason"]
    ent.established = dt.date(2011, 7, 11)
    ent.save()
    assert _one(p, ent, tm)[1]["passed"] is False
    ent.established = None
    ent.save()
    assert "未登记成立日期" in _one(p, ent, tm)[1]["reason"]


def test_no_failed_inspection_window(ent):
    p = _program([{"type": "no_failed_inspection", "years": 3}], kind="企业")
    Inspection.objects.create(number="J1", level="省", product_category="电线电缆", entity=ent, region=ent.region,
                              sampled=dt.date(2011, 7, 10), conclusion="不合格", failed_items="导体电阻")
    Inspection.objects.create(number="J2", level="省", product_category="电线电缆", entity=ent, region=ent.region,
                              sampled=dt.date(2013, 1, 5), conclusion="合格")
    assert _one(p, ent)[0]["passed"] is True  # 2011-07-10 lies outside (2011-07-10, 2014-07-10]
    Inspection.objects.create(number="J3", level="市", product_category="涂料", entity=ent, region=ent.region,
                              sampled=dt.date(2011, 7, 11), conclusion="不合格", failed_items="VOC")
    res = _one(p, ent)[0]
    assert res["passed"] is False and "J3" in res["reason"] and res["records"][0]["kind"] == "抽检"


def test_no_serious_incident_or_transfer(ent, regions):
    p = _program([{"type": "no_serious_incident_or_transfer", "years": 3}], kind="企业")
    Incident.objects.create(number="S1", occurred=dt.date(2013, 3, 1), domain="特种设备", grade="一般",
                            summary=f"{ent.name}锅炉泄漏", region=ent.region)
    Case.objects.create(number="A1", case_type="假冒伪劣", party=ent, opened=dt.date(2012, 1, 1), region=ent.region,
                        transferred=False)
    assert _one(p, ent)[0]["passed"] is True
    Incident.objects.create(number="S2", occurred=dt.date(2013, 3, 1), domain="特种设备", grade="较大",
                            summary=f"{ent.name}压力容器爆炸", region=ent.region)
    res = _one(p, ent)[0]
    assert res["passed"] is False and "较大质量安全事故（S2）" in res["reason"]
    other = EntityFactory(region=regions["620502"])
    Case.objects.create(number="A2", case_type="假冒伪劣", party=other, opened=dt.date(2010, 1, 1),
                        closed=dt.date(2012, 1, 1), region=other.region, transferred=True)
    res2 = _one(p, other)[0]
    assert res2["passed"] is False and "移送司法案件 1 件（A2）" in res2["reason"]


def test_not_blacklisted_reads_the_blacklist(ent, regions):
    p = _program([{"type": "not_blacklisted"}], kind="企业")
    BlacklistEntry.objects.create(entity=ent, listed=dt.date(2013, 1, 1), reason="生产销售不合格产品",
                                  authority="天水市市场监督管理局", region=ent.region)
    res = _one(p, ent)[0]
    assert res["passed"] is False and "2013年1月1日列入" in res["reason"]
    BlacklistEntry.objects.filter(entity=ent).update(removed=dt.date(2014, 7, 10), removal_method="信用修复")
    assert _one(p, ent)[0]["passed"] is True
    assert _one(p, ent, on=dt.date(2014, 7, 9))[0]["passed"] is False
    assert _one(p, ent, on=dt.date(2012, 12, 31))[0]["passed"] is True


def test_min_score_pending_and_validation(programs, ent):
    res = rules.evaluate_one(programs["award"], ent.pk, None, "", D)
    assert [r["passed"] for r in res] == [True, None]
    assert rules.passes(res)
    assert rules.validate_rules([{"type": "prerequisite", "program": "nope"}, {"type": "x"},
                                 {"type": "entity_age", "years": -1}]) == [
        "第 1 条规则的前置项目“nope”不存在。", "第 2 条规则类型“x”无效：应为 prerequisite、trademark_age、entity_age、"
        "no_failed_inspection、no_serious_incident_or_transfer、not_blacklisted、min_score 之一。",
        "第 3 条规则的年限应为非负整数。"]


def test_evaluation_is_set_based(programs, regions, django_assert_max_num_queries):
    prov = programs["prov"]
    prov.rules = prov.rules + [{"type": "trademark_age", "years": 3}, {"type": "entity_age", "years": 3},
                               {"type": "no_serious_incident_or_transfer", "years": 3}]
    cands = []
    for _ in range(30):
        e = EntityFactory(region=regions["620503"])
        cands.append(Candidate(e.pk, TrademarkFactory(holder=e).pk))
    with django_assert_max_num_queries(12):
        out = rules.evaluate(prov, cands, D)
    assert len(out) == 30 and all(len(r) == 6 for r in out)


def test_set_program_rules(programs, users):
    from django.core.exceptions import PermissionDenied, ValidationError

    from qualitybrand.core.models import ChangeLog
    from qualitybrand.cultivation import services

    with pytest.raises(ValidationError, match="类型"):
        services.set_program_rules(users["city_admin"], programs["city"], [{"type": "nope"}])
    with pytest.raises(PermissionDenied):
        services.set_program_rules(users["county"], programs["city"], [])
    services.set_program_rules(users["city_admin"], programs["city"], [{"type": "not_blacklisted"}])
    programs["city"].refresh_from_db()
    assert programs["city"].rules == [{"type": "not_blacklisted"}]
    assert ChangeLog.objects.filter(model="registry.program", reason="修改申报条件").exists()
