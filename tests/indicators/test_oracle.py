"""A random city compared with a naive, independent computation: for every region, filter the records
of that region and below in Python, count, and divide — exactly as indicators.md reads."""

import datetime as dt
import random

import pytest

from qualitybrand.core.models import Region
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from qualitybrand.registry.models import Entity, Recognition, Trademark
from qualitybrand.supervision.models import Case, Inspection
from tests.indicators import factories as f


def rand_day(rnd, lo=2008, hi=2015):
    return dt.date(lo, 1, 1) + dt.timedelta(days=rnd.randint(0, (dt.date(hi, 12, 31) - dt.date(lo, 1, 1)).days))


@pytest.mark.parametrize("seed", [1, 2])
def test_random_city_matches_naive_oracle(regions, seed):
    rnd = random.Random(seed)
    from qualitybrand.core.services import save_region

    zone = save_region(None, code="620571", name="经济开发区", kind="开发区", parent=regions["620500"])
    town = save_region(None, code="620502001", name="某街道", kind="乡镇街道", parent=regions["620502"])
    leaves = [regions[c] for c in regions if c.startswith("6205") and c != "620500"] + [zone, town,
                                                                                      regions["620500"]]
    prog = f.program()
    entities = []
    for _ in range(60):
        est = rand_day(rnd, 2000, 2014) if rnd.random() > 0.1 else None
        dereg = rand_day(rnd, 2010, 2016) if rnd.random() < 0.25 else None
        entities.append(f.entity(rnd.choice(leaves), kind=rnd.choice(["企业", "企业", "个体工商户"]), established=est,
                                 deregistered=dereg))
    for _ in range(80):
        reg = rand_day(rnd, 2005, 2014) if rnd.random() > 0.15 else None
        f.trademark(rnd.choice(entities), registered=reg, applied=rand_day(rnd, 2004, 2014),
                    expires=(reg + dt.timedelta(days=rnd.randint(300, 4000))) if reg and rnd.random() > 0.1 else None,
                    cancelled=rand_day(rnd, 2010, 2016) if rnd.random() < 0.1 else None)
    for _ in range(80):
        f.inspection(rnd.choice(entities), rand_day(rnd, 2012, 2014), rnd.choice(["合格", "合格", "不合格"]),
                     rnd.choice(["国家", "省", "市", "县"]))
    for _ in range(20):
        year = rnd.randint(2010, 2014)
        f.recognition(prog, rnd.choice(entities), year,
                      valid_until=dt.date(year + 3, 6, 30) if rnd.random() > 0.3 else None)
    for _ in range(20):
        opened = rand_day(rnd, 2012, 2014)
        f.case(rnd.choice(leaves), opened, closed=opened + dt.timedelta(days=rnd.randint(0, 400)),
               goods_value=str(rnd.randint(0, 10000) / 100), fines=str(rnd.randint(0, 999) / 100))

    for period in [Period.year(2013), Period.as_of(dt.date(2014, 3, 31))]:
        d, s = period.end, period.start
        codes = ["entity.count", "entity.enterprises", "tm.valid", "tm.per100", "tm.owner_rate", "insp.pass_rate",
                 "insp.provincial.pass_rate", "insp.failed_entities", "rec.valid.prov_famous_tm",
                 "rec.new.prov_famous_tm", "case.goods_value", "case.fines"]
        got = compute(codes, period)
        ents = list(Entity.objects.select_related("region"))
        tms = list(Trademark.objects.select_related("holder__region"))
        insps = list(Inspection.objects.select_related("entity__region"))
        recs = list(Recognition.objects.select_related("entity__region"))
        cases = list(Case.objects.select_related("region"))

        def exists(e, d=d):
            return (e.established is None or e.established <= d) and (e.deregistered is None or e.deregistered > d)

        def valid(t, d=d):
            return (t.registered is not None and t.registered <= d and (t.expires is None or t.expires >= d)
                    and (t.cancelled is None or t.cancelled > d))

        for region in Region.objects.all():
            def inside(r, root=region.path):
                return r.path.startswith(root)

            ent = [e for e in ents if inside(e.region) and exists(e)]
            enterprises = [e for e in ent if e.kind == "企业"]
            tm_valid = [t for t in tms if inside(t.holder.region) and valid(t)]
            holders = {t.holder_id for t in tm_valid}
            ins = [i for i in insps if inside(i.entity.region) and s <= i.sampled <= d]
            prov = [i for i in ins if i.level == "省"]

            def ratio(n, m, k=100):
                return None if m == 0 else n * k / m

            expected = {
                "entity.count": len(ent), "entity.enterprises": len(enterprises), "tm.valid": len(tm_valid),
                "tm.per100": ratio(len(tm_valid), len(ent)),
                "tm.owner_rate": ratio(len([e for e in enterprises if e.pk in holders]), len(enterprises)),
                "insp.pass_rate": ratio(len([i for i in ins if i.conclusion == "合格"]), len(ins)),
                "insp.provincial.pass_rate": ratio(len([i for i in prov if i.conclusion == "合格"]), len(prov)),
                "insp.failed_entities": len({i.entity_id for i in ins if i.conclusion == "不合格"}),
                "rec.valid.prov_famous_tm": len([r for r in recs if inside(r.entity.region) and r.year <= d.year
                                                 and (r.valid_until is None or r.valid_until >= d)]),
                "rec.new.prov_famous_tm": len([r for r in recs if inside(r.entity.region) and r.year == d.year]),
                "case.goods_value": float(sum(c.goods_value for c in cases
                                              if inside(c.region) and s <= c.opened <= d)),
                "case.fines": float(sum(c.fines for c in cases if inside(c.region) and c.closed
                                        and s <= c.closed <= d)),
            }
            for code, want in expected.items():
                value = got[(code, region.code)]
                if want is None:
                    assert value is None, (code, region.code)
                else:
                    assert value == pytest.approx(want, abs=1e-6), (code, region.code, period)
