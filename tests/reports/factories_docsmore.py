"""A small city for the docsmore documents: entities, marks, inspections (one entity failing twice in 2013),
recognitions valid or not at the end of 2013, in two counties of 天水市."""

from __future__ import annotations

import datetime as dt

from qualitybrand.registry.models import Program
from tests.api.factories import InspectionFactory, RecognitionFactory
from tests.factories import EntityFactory, TrademarkFactory


def small_city(regions) -> dict:
    qinzhou, maiji = regions["620502"], regions["620503"]
    a = EntityFactory(region=qinzhou, name="秦州星火机械有限公司")
    b = EntityFactory(region=maiji, name="麦积电缆有限公司")
    c = EntityFactory(region=maiji, name="麦积食品有限公司")
    marks = [TrademarkFactory(holder=a, name="星火", registered=dt.date(2013, 3, 1)),
             TrademarkFactory(holder=b, name="天缆", registered=dt.date(2012, 5, 1)),
             TrademarkFactory(holder=b, name="麦香", registered=dt.date(2013, 9, 1))]
    for sampled, entity, product, conclusion, level, items in (
            (dt.date(2013, 3, 1), a, "电线电缆", "合格", "市", ""),
            (dt.date(2013, 4, 1), a, "电线电缆", "合格", "省", ""),
            (dt.date(2013, 5, 1), b, "电线电缆", "不合格", "市", "导体电阻、绝缘厚度"),
            (dt.date(2013, 9, 1), b, "电线电缆", "不合格", "县", "导体电阻"),
            (dt.date(2013, 6, 1), c, "食品", "合格", "国家", ""),
            (dt.date(2013, 7, 1), c, "食品", "不合格", "市", "菌落总数"),
            (dt.date(2012, 7, 1), c, "食品", "合格", "市", ""),
            (dt.date(2014, 6, 5), a, "电线电缆", "合格", "市", ""),
            (dt.date(2014, 6, 20), b, "电线电缆", "不合格", "市", "导体电阻")):
        InspectionFactory(entity=entity, product_category=product, sampled=sampled, conclusion=conclusion,
                          level=level, failed_items=items)
    famous = Program.objects.get_or_create(code="prov_famous_tm", defaults={
        "name": "省著名商标", "object_kind": "商标", "level": "省", "validity_years": 3})[0]
    product = Program.objects.get_or_create(code="city_brand_product", defaults={
        "name": "市名牌产品", "object_kind": "产品", "level": "市", "validity_years": 3})[0]
    valid = [RecognitionFactory(program=famous, entity=a, trademark=marks[0], object_key=marks[0].number,
                                year=2013, valid_until=dt.date(2016, 12, 31)),
             RecognitionFactory(program=product, entity=c, product_name="麦积花牛苹果", year=2012,
                                object_key=f"{c.uscc}|麦积花牛苹果", valid_until=dt.date(2015, 12, 31))]
    # expired before the year's end, and one recognised only in 2014: not in the 2013 album
    RecognitionFactory(program=famous, entity=b, trademark=marks[1], object_key=marks[1].number, year=2010,
                       valid_until=dt.date(2013, 6, 30))
    RecognitionFactory(program=famous, entity=b, trademark=marks[2], object_key=marks[2].number, year=2014,
                       valid_until=dt.date(2017, 12, 31))
    return {"entities": (a, b, c), "marks": marks, "valid": valid}
