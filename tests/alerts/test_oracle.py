"""Contract oracle: the built-in rules on a random small city, compared with warnings computed record by
record from warnings.md's table, written here independently of alerts/ (no shared helper), for many dates."""

import datetime as dt
import random

import pytest

from qualitybrand.alerts.engine import compute
from tests.api.factories import (
    BlacklistFactory,
    CertificationFactory,
    InspectionFactory,
    PledgeFactory,
    RecognitionFactory,
)
from tests.factories import EntityFactory, ProgramFactory, TrademarkFactory

pytestmark = pytest.mark.django_db
START = dt.date(2013, 6, 1)
RULES = ["tm.renewal", "tm.grace", "rec.expiry", "cert.expiry", "pledge.maturity", "insp.repeat_failure",
         "blacklist.due"]


def day(rnd, lo=-900, hi=900):
    return START + dt.timedelta(days=rnd.randint(lo, hi))


def months_later(d, n):
    """Month arithmetic the long way: step month by month, keep the day when it exists."""
    y, m = d.year, d.month
    for _ in range(n):
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def three_years(d):
    if d.month == 2 and d.day == 29:
        return dt.date(d.year + 3, 2, 28)
    return dt.date(d.year + 3, d.month, d.day)


def build(rnd, regions):
    counties = [regions["620502"], regions["620503"], regions["620521"]]
    entities = [EntityFactory(region=rnd.choice(counties)) for _ in range(12)]
    programs = {kind: ProgramFactory(code=f"oracle_{n}", name=f"项目{n}", object_kind=kind,
                                     validity_years=rnd.choice([None, 2, 3]))
                for n, kind in enumerate(["商标", "产品", "企业"])}
    marks = []
    for n in range(40):
        registered = day(rnd, -4000, 600) if rnd.random() < 0.9 else None
        expires = day(rnd, -400, 700) if registered else None
        if rnd.random() < 0.15:
            expires = dt.date(rnd.choice([2013, 2014, 2015]), 8, 31)
        cancelled = day(rnd, -300, 700) if rnd.random() < 0.2 else None
        marks.append(TrademarkFactory(holder=rnd.choice(entities), number=str(20000000 + n), registered=registered,
                                      expires=expires, cancelled=cancelled, classes=rnd.sample(range(1, 46), 2)))
    for n in range(30):
        kind = rnd.choice(list(programs))
        e = rnd.choice(entities)
        mark = rnd.choice([m for m in marks if m.holder_id == e.id] or [None]) if kind == "商标" else None
        if kind == "商标" and mark is None:
            continue
        key = mark.number if mark else (f"{e.uscc}|产品{n}" if kind == "产品" else e.uscc)
        year = rnd.randint(2010, 2015)
        given = day(rnd, -300, 900) if rnd.random() < 0.6 else None
        if not RecognitionFactory._meta.model.objects.filter(program=programs[kind], object_key=key, year=year):
            RecognitionFactory(program=programs[kind], entity=e, trademark=mark, object_key=key, year=year,
                               product_name=f"产品{n}" if kind == "产品" else "", valid_until=given)
    for n in range(30):
        issued = day(rnd, -900, 300)
        CertificationFactory(entity=rnd.choice(entities), number=f"OC{n}", issued=issued,
                             expires=issued + dt.timedelta(days=rnd.randint(1, 1300)))
        registered = day(rnd, -900, 300)
        PledgeFactory(pledgor=rnd.choice(entities), number=f"OP{n}", registered=registered,
                      expires=registered + dt.timedelta(days=rnd.randint(0, 900)))
    for n in range(60):
        InspectionFactory(entity=rnd.choice(entities[:5]), number=f"OI{n}", sampled=day(rnd, -500, 500),
                          conclusion=rnd.choice(["合格", "不合格", "不合格"]))
    for e in entities[:8]:
        listed = rnd.choice([day(rnd, -1400, 0), dt.date(2012, 2, 29)])
        removed = listed + dt.timedelta(days=rnd.randint(100, 1500)) if rnd.random() < 0.4 else None
        BlacklistFactory(entity=e, listed=listed, removed=removed)


def expected(d):
    from qualitybrand.registry.models import Certification, Pledge, Recognition, Trademark
    from qualitybrand.supervision.models import BlacklistEntry, Inspection

    out = set()
    for t in Trademark.objects.select_related("region"):
        live = t.registered is not None and t.registered <= d and (t.cancelled is None or t.cancelled > d)
        if not live or t.expires is None:
            continue
        if d <= t.expires <= d + dt.timedelta(days=365):
            level = "紧急" if t.expires <= d + dt.timedelta(days=90) else "提示"
            out.add(("tm.renewal", t.number, t.region.code, level, t.expires))
        if t.expires < d <= months_later(t.expires, 6):
            out.add(("tm.grace", t.number, t.region.code, "紧急", months_later(t.expires, 6)))
    for r in Recognition.objects.select_related("program", "entity", "region"):
        until = r.valid_until
        if until is None and r.program.validity_years:
            until = dt.date(r.year + r.program.validity_years - 1, 12, 31)
        if until is None or r.year > d.year or until < d or until > d + dt.timedelta(days=180):
            continue
        obj = {"商标": r.object_key, "产品": f"{r.entity.uscc}/{r.product_name}", "企业": r.entity.uscc}[
            r.program.object_kind]
        out.add(("rec.expiry", f"{r.program.code}|{obj}|{r.year}", r.region.code, "预警", until))
    for c in Certification.objects.select_related("region"):
        if c.issued <= d <= c.expires <= d + dt.timedelta(days=90):
            out.add(("cert.expiry", c.number, c.region.code, "提示", c.expires))
    for p in Pledge.objects.select_related("region"):
        if p.registered <= d <= p.expires <= d + dt.timedelta(days=30):
            out.add(("pledge.maturity", p.number, p.region.code, "预警", p.expires))
    failed = {}
    for i in Inspection.objects.select_related("entity__region"):
        if i.conclusion == "不合格" and d - dt.timedelta(days=364) <= i.sampled <= d:
            failed.setdefault(i.entity, []).append(i.sampled)
    for entity, days in failed.items():
        if len(days) >= 2:
            out.add(("insp.repeat_failure", entity.uscc, entity.region.code, "紧急" if len(days) >= 3 else "预警",
                     max(days) + dt.timedelta(days=30)))
    for b in BlacklistEntry.objects.select_related("entity", "region"):
        if b.listed <= d and (b.removed is None or b.removed > d) and three_years(b.listed) <= d + dt.timedelta(days=30):
            out.add(("blacklist.due", f"{b.entity.uscc}|{b.listed.isoformat()}", b.region.code, "提示",
                     three_years(b.listed)))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rules_agree_with_an_independent_computation(regions, seed):
    rnd = random.Random(seed)
    build(rnd, regions)
    dates = [day(rnd, -200, 700) for _ in range(25)] + [dt.date(2014, 2, 28), dt.date(2014, 3, 1),
                                                          dt.date(2015, 2, 28), dt.date(2016, 2, 29)]
    fired, rules_fired = 0, set()
    for d in dates:
        got = [(a.rule, a.key, a.region_code, a.level, a.due) for a in compute(d, rules=RULES)]
        assert len(got) == len(set(got))
        assert set(got) == expected(d), d
        assert got == sorted(got, key=lambda w: (w[4], w[0], w[1]))
        fired += len(got)
        rules_fired |= {w[0] for w in got}
    assert fired > 50 and rules_fired == set(RULES)   # the random city exercises every rule
