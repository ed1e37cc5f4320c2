import datetime as dt

from qualitybrand.cultivation import selectors
from qualitybrand.cultivation.models import PipelineTarget
from qualitybrand.registry.models import Certification, Recognition, Standard
from qualitybrand.supervision.models import Inspection
from tests.factories import EntityFactory, TrademarkFactory


def _city_known(programs, region, year):
    e = EntityFactory(region=region, established=dt.date(2000, 1, 1))
    tm = TrademarkFactory(holder=e)
    Recognition.objects.create(program=programs["city"], entity=e, trademark=tm, object_key=tm.number, year=year,
                               valid_until=dt.date(year + 2, 12, 31) if year < 2012 else dt.date(2016, 12, 31),
                               region=region)
    return e, tm


def test_pipeline_counts_and_shortfall(programs, regions, city_user, django_assert_max_num_queries):
    qz, mj = regions["620502"], regions["620503"]
    # 秦州: two held since 2010 (eligible for 省著名 now: ≥3 years), one since 2012 (eligible next year)
    for year in (2010, 2010, 2012):
        e, tm = _city_known(programs, qz, year)
        if year == 2010:  # keep them valid through 2015 by a renewal in 2013
            Recognition.objects.create(program=programs["city"], entity=e, trademark=tm, object_key=tm.number,
                                       year=2013, valid_until=dt.date(2015, 12, 31), region=qz)
    e_bad, _ = _city_known(programs, mj, 2012)
    Inspection.objects.create(number="X1", level="省", product_category="食品", entity=e_bad, region=mj,
                              sampled=dt.date(2014, 1, 1), conclusion="不合格", failed_items="菌落总数")
    PipelineTarget.objects.create(program=programs["prov"], region=qz, year=2015, target=2)
    PipelineTarget.objects.create(program=programs["prov"], region=mj, year=2015, target=1)
    with django_assert_max_num_queries(40):
        rows = selectors.pipeline(city_user, programs=[programs["prov"]])
    by = {r["region"].code: r for r in rows}
    assert (by["620502"]["eligible_now"], by["620502"]["eligible_next"], by["620502"]["short"]) == (2, 3, False)
    assert (by["620503"]["eligible_now"], by["620503"]["eligible_next"], by["620503"]["short"]) == (0, 0, True)
    assert by["620521"]["target"] is None and by["620521"]["short"] is False
    city_rows = selectors.pipeline(city_user, programs=[programs["city"]])
    assert {r["region"].code: r["holders"] for r in city_rows}["620502"] == 3  # valid records on 2014-07-10


def test_screening_ranks_with_reasons(programs, regions, city_user):
    a, _ = _city_known(programs, regions["620502"], 2010)
    b, _ = _city_known(programs, regions["620502"], 2010)
    for rec in Recognition.objects.all():
        Recognition.objects.filter(pk=rec.pk).update(valid_until=dt.date(2015, 12, 31))
    Certification.objects.create(number="C1", cert_type="ISO9001", entity=b, region=b.region,
                                 issued=dt.date(2012, 1, 1), expires=dt.date(2015, 1, 1))
    Standard.objects.create(number="Q/TS 1-2013", name="机床", level="企业", work_type="制定", entity=b,
                            region=b.region, published=dt.date(2013, 1, 1))
    rows = selectors.screen_candidates(city_user, programs["prov"])
    assert [r["entity"] for r in rows] == [b, a]
    assert rows[0]["score"] == 7 and any("有效认证证书 1" in x for x in rows[0]["reasons"])


def test_targets_come_from_planning_first(programs, regions):
    from django.apps import apps

    TargetSet = apps.get_model("planning", "TargetSet")
    ts = TargetSet.objects.create(code="2015-brand", name="2015年品牌目标", year=2015, document={}, source_hash="x",
                                  region=regions["620500"])
    item = ts.items.create(indicator="rec.new.prov_famous_tm", target=10)
    item.allocations.create(region=regions["620502"], target=3)
    PipelineTarget.objects.create(program=programs["prov"], region=regions["620502"], year=2015, target=1)
    PipelineTarget.objects.create(program=programs["prov"], region=regions["620503"], year=2015, target=2)
    targets = selectors.targets_for([programs["prov"]], 2015)
    assert targets == {(programs["prov"].id, "620502"): 3, (programs["prov"].id, "620503"): 2}
