"""Hand-built records, values computed by hand, for every indicator family."""

import datetime as dt

import pytest

from qualitybrand.indicators.engine import UnknownIndicator, compute
from qualitybrand.indicators.periods import Period
from tests.indicators import factories as f

D = dt.date
Y13 = Period.year(2013)
CITY, QZ, MJ, QS = "620500", "620502", "620503", "620521"


@pytest.fixture
def r(regions):
    return regions


def test_entities_stock_and_flow_boundaries(r):
    f.entity(r[QZ], established=D(2013, 12, 31))             # exists on D (≤ D)
    f.entity(r[QZ], established=D(2014, 1, 1))               # not yet
    f.entity(r[QZ], established=None)                        # empty 成立日期: exists
    f.entity(r[MJ], deregistered=D(2013, 12, 31))            # cancelled on D: gone
    f.entity(r[MJ], deregistered=D(2014, 1, 1))              # cancelled after D: exists
    f.entity(r[MJ], kind="个体工商户", established=D(2013, 1, 1))
    v = compute(["entity.count", "entity.enterprises", "entity.new"], Y13)
    assert v[("entity.count", QZ)] == 2
    assert v[("entity.count", MJ)] == 2
    assert v[("entity.count", CITY)] == 4
    assert v[("entity.count", "620000")] == 4
    assert v[("entity.count", QS)] == 0
    assert v[("entity.enterprises", CITY)] == 3
    assert v[("entity.new", CITY)] == 2
    asof = compute(["entity.count", "entity.new"], Period.as_of(D(2013, 6, 30)))
    assert asof[("entity.count", CITY)] == 4  # the 2013-12-31 one not yet, the MJ cancelled one still there
    assert asof[("entity.new", CITY)] == 1


def test_trademarks_valid_ratios_and_owner_rate(r):
    a = f.entity(r[QZ])
    b = f.entity(r[QZ])
    f.entity(r[QZ], kind="个体工商户")
    c = f.entity(r[MJ])
    f.trademark(a, registered=D(2013, 5, 1), applied=D(2012, 5, 1))
    f.trademark(a, registered=D(2012, 5, 1), expires=D(2013, 12, 31))           # expires on D: valid
    f.trademark(b, registered=D(2012, 5, 1), expires=D(2013, 12, 30))           # expired
    f.trademark(b, registered=D(2012, 5, 1), cancelled=D(2013, 12, 31))         # cancelled on D
    f.trademark(c, registered=None, applied=D(2013, 2, 1), expires=None)         # application only
    f.trademark(c, registered=D(2010, 1, 1), expires=None, is_gi=True, madrid_number="M1",
                madrid_date=D(2013, 3, 1))
    v = compute(["tm.valid", "tm.applications", "tm.registrations", "tm.per100", "tm.per10k", "tm.owner_rate",
                 "tm.gi", "tm.gi.new", "tm.madrid", "tm.madrid.new"], Y13)
    assert v[("tm.valid", QZ)] == 2
    assert v[("tm.valid", CITY)] == 3
    assert v[("tm.applications", CITY)] == 1
    assert v[("tm.registrations", CITY)] == 1
    assert v[("tm.per100", QZ)] == pytest.approx(2 * 100 / 3, abs=1e-9)
    assert v[("tm.per10k", CITY)] == pytest.approx(3 * 10000 / 4, abs=1e-9)
    assert v[("tm.per100", QS)] is None                       # no entities: null
    assert v[("tm.owner_rate", QZ)] == pytest.approx(50.0)   # a holds, b does not (of 2 enterprises)
    assert v[("tm.owner_rate", CITY)] == pytest.approx(200 / 3)  # pooled, not the mean of 50 and 100
    assert v[("tm.gi", CITY)] == 1 and v[("tm.gi.new", CITY)] == 0
    assert v[("tm.madrid", MJ)] == 1 and v[("tm.madrid.new", MJ)] == 1


def test_recognitions_share_and_program_codes(r):
    p = f.program()
    e1, e2 = f.entity(r[QZ]), f.entity(r[MJ])
    f.recognition(p, e1, 2011, valid_until=D(2014, 12, 31))
    f.recognition(p, e1, 2013, valid_until=None)
    f.recognition(p, e2, 2010, valid_until=D(2013, 12, 30))   # expired before D
    f.recognition(p, e2, 2014)                                # after the year
    f.value("prov.total.prov_famous_tm", r[CITY], 2013, 40)
    f.value("prov.total.prov_famous_tm", r[QZ], 2013, 40, status="填报")  # not approved: ignored
    v = compute(["rec.valid.prov_famous_tm", "rec.new.prov_famous_tm", "rec.share.prov_famous_tm"], Y13)
    assert v[("rec.valid.prov_famous_tm", CITY)] == 2
    assert v[("rec.new.prov_famous_tm", QZ)] == 1
    assert v[("rec.share.prov_famous_tm", CITY)] == pytest.approx(5.0)
    assert v[("rec.share.prov_famous_tm", QZ)] is None


def test_patents_population_and_ratios(r):
    e1, e2 = f.entity(r[QZ]), f.entity(r[MJ])
    f.patent(e1, D(2013, 1, 1), "发明", granted=D(2013, 6, 1), legal_status="有效")
    f.patent(e1, D(2013, 2, 1), "实用新型", is_service=False)
    f.patent(e2, D(2012, 2, 1), "发明", granted=D(2012, 9, 1), legal_status="有效")
    f.patent(e2, D(2012, 2, 1), "发明", granted=D(2012, 9, 1), legal_status="失效")
    f.value("pop.resident", r[QZ], 2013, "60.5")
    f.value("pop.resident", r[MJ], 2013, "59.5")
    v = compute(["patent.applications", "patent.invention_applications", "patent.invention_share",
                 "patent.service_share", "patent.grants", "patent.invention_valid",
                 "patent.invention_per10k_pop", "pop.resident"], Y13)
    assert v[("patent.applications", CITY)] == 2
    assert v[("patent.invention_share", CITY)] == pytest.approx(50.0)
    assert v[("patent.service_share", CITY)] == pytest.approx(50.0)
    assert v[("patent.invention_share", MJ)] is None
    assert v[("patent.grants", CITY)] == 1
    assert v[("patent.invention_valid", CITY)] == 2
    assert v[("pop.resident", QZ)] == pytest.approx(60.5)
    # the city has no own value and not all 7 children report: null, so is the ratio
    assert v[("pop.resident", CITY)] is None
    assert v[("patent.invention_per10k_pop", CITY)] is None
    assert v[("patent.invention_per10k_pop", QZ)] == pytest.approx(1 / 60.5)


def test_reported_sum_aggregation_and_years(r):
    children = [c for c in r if c.startswith("6205") and c != CITY]
    for code in children:
        f.value("pop.resident", r[code], 2013, 10)
    f.value("pop.resident", r[QZ], 2012, 99)
    f.value("env.air_good_days", r[QZ], 2013, 300)
    v = compute(["pop.resident", "env.air_good_days"], Y13)
    assert v[("pop.resident", CITY)] == pytest.approx(70)
    assert v[("pop.resident", "620000")] == pytest.approx(70)   # the city is the province's only child here
    assert v[("env.air_good_days", CITY)] is None              # aggregation none
    assert v[("env.air_good_days", QZ)] == 300
    f.value("pop.resident", r[CITY], 2013, 80)                 # an own value wins over the sum
    assert compute(["pop.resident"], Y13)[("pop.resident", CITY)] == pytest.approx(80)
    assert compute(["pop.resident"], Period.year(2014))[("pop.resident", QZ)] is None  # never carried forward
    assert compute(["pop.resident"], Period.as_of(D(2012, 3, 1)))[("pop.resident", QZ)] == 99


def test_certs_standards(r):
    e = f.entity(r[QZ])
    f.cert(e, D(2012, 1, 1), D(2013, 12, 31))
    f.cert(e, D(2012, 1, 1), D(2013, 12, 30), "HACCP")
    f.cert(e, D(2014, 1, 1), D(2016, 1, 1), "有机产品")
    f.standard(e, D(2013, 4, 1), "国家")
    f.standard(e, D(2013, 4, 1), "行业", work_type="采用国际标准")
    f.standard(e, D(2012, 4, 1), "国家")
    v = compute(["cert.valid", "cert.valid.iso9001", "cert.valid.haccp", "std.published", "std.published.national",
                 "std.published.industry", "std.adopted_intl", "std.published.group"], Y13)
    assert v[("cert.valid", CITY)] == 1 and v[("cert.valid.iso9001", QZ)] == 1 and v[("cert.valid.haccp", QZ)] == 0
    assert v[("std.published", CITY)] == 2 and v[("std.published.national", CITY)] == 1
    assert v[("std.published.industry", CITY)] == 1 and v[("std.adopted_intl", CITY)] == 1
    assert v[("std.published.group", CITY)] == 0


def test_inspections_pooled_pass_rate(r):
    a, b, c = f.entity(r[QZ]), f.entity(r[QZ]), f.entity(r[MJ])
    for _ in range(9):
        f.inspection(a, D(2013, 5, 1), "合格", "省")
    f.inspection(b, D(2013, 5, 1), "不合格", "省")
    f.inspection(b, D(2013, 6, 1), "不合格", "市")
    f.inspection(c, D(2013, 5, 1), "合格", "市")
    f.inspection(c, D(2014, 1, 1), "不合格", "市")
    v = compute(["insp.batches", "insp.passed", "insp.pass_rate", "insp.provincial.pass_rate",
                 "insp.city.batches", "insp.city.pass_rate", "insp.national.pass_rate", "insp.failed_entities"], Y13)
    assert v[("insp.batches", CITY)] == 12
    assert v[("insp.pass_rate", QZ)] == pytest.approx(900 / 11)
    assert v[("insp.pass_rate", MJ)] == pytest.approx(100.0)
    assert v[("insp.pass_rate", CITY)] == pytest.approx(1000 / 12)  # pooled, not (81.8+100)/2
    assert v[("insp.provincial.pass_rate", CITY)] == pytest.approx(90.0)
    assert v[("insp.city.batches", CITY)] == 2 and v[("insp.city.pass_rate", CITY)] == pytest.approx(50.0)
    assert v[("insp.national.pass_rate", CITY)] is None
    assert v[("insp.failed_entities", CITY)] == 1


def test_incidents_cases_pledges_services_publicity(r):
    f.incident(r[QZ], D(2013, 1, 1), "一般")
    f.incident(r[QZ], D(2013, 1, 1), "较大")
    f.incident(r[MJ], D(2013, 12, 31), "特别重大")
    f.incident(r[MJ], D(2012, 12, 31), "重大")
    f.case(r[QZ], D(2013, 3, 1), closed=D(2014, 1, 2), goods_value="1.5", fines="9", case_type="商标侵权")
    f.case(r[MJ], D(2012, 3, 1), closed=D(2013, 2, 1), goods_value="100", fines="2.25", transferred=True)
    f.case(r[CITY], D(2013, 3, 1), goods_value="0.25", transferred=True)
    e = f.entity(r[QZ])
    f.pledge(e, D(2013, 2, 1), D(2014, 2, 1), "100")
    f.pledge(e, D(2012, 2, 1), D(2013, 12, 31), "50")    # expires on D: not outstanding
    f.pledge(e, D(2012, 2, 1), D(2014, 1, 1), "30.5")
    f.service(e, D(2013, 1, 1), 3, 1)
    f.service(e, D(2013, 2, 1), 2, 2)
    f.service(f.entity(r[MJ]), D(2013, 2, 1), 4, 0)
    f.publicity(r[CITY], D(2013, 2, 1))
    f.publicity(r[QZ], D(2014, 2, 1))
    v = compute(None, Y13)
    assert v[("incident.count", CITY)] == 3
    assert v[("incident.serious", CITY)] == 2 and v[("incident.major", CITY)] == 1
    assert v[("case.opened", CITY)] == 2 and v[("case.closed", CITY)] == 1
    assert v[("case.goods_value", CITY)] == pytest.approx(1.75)
    assert v[("case.goods_value", QZ)] == pytest.approx(1.5)
    assert v[("case.fines", CITY)] == pytest.approx(2.25)
    assert v[("case.transferred", CITY)] == 1 and v[("case.tm_infringement", CITY)] == 1
    assert v[("case.fines", QS)] == 0
    assert v[("pledge.count", CITY)] == 1 and v[("pledge.amount", CITY)] == pytest.approx(100)
    assert v[("pledge.outstanding", CITY)] == pytest.approx(130.5)
    assert v[("service.person_times", CITY)] == 9 and v[("service.problems", CITY)] == 3
    assert v[("service.entities", CITY)] == 2 and v[("service.entities", QZ)] == 1
    assert v[("publicity.count", CITY)] == 1 and v[("publicity.count", QZ)] == 0


def test_regions_argument_and_unknown_code(r):
    f.entity(r[QZ])
    f.entity(r[MJ])
    v = compute(["entity.count"], Y13, regions=[r[QZ], r[CITY]])
    assert v == {("entity.count", QZ): 1, ("entity.count", CITY): 2}
    with pytest.raises(UnknownIndicator):
        compute(["tm.nope"], Y13)
