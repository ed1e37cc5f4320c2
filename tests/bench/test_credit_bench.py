"""The credit benchmarks' own parts: the data builder (same rows on SQLite and PostgreSQL, every grade and
warning it promises) and the hand-written floors, which must compute what credit.md and warnings.md say —
checked here on hand-built records and against the engines."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection

from bench import bench_credit_rating as rating_bench
from bench import bench_warnings_all as warnings_bench
from bench import gen_credit
from qualitybrand.registry.models import Certification, Entity, Program, Recognition
from qualitybrand.supervision.models import BlacklistEntry, Case, Inspection
from tests.factories import EntityFactory

D = dt.date(2014, 7, 10)
W = dt.date(2011, 7, 10)


def floor_rows(day=D):
    with connection.cursor() as cursor:
        cursor.execute(rating_bench.floor_sql(rating_bench.FLOOR_ROWS, connection.vendor),
                       {"w": rating_bench.window_start(day), "d": day, "y": day.year})
        return {uscc: (score, grade) for _, uscc, _, score, grade in cursor.fetchall()}


def test_window_start_takes_feb_29_to_feb_28():
    assert rating_bench.window_start(dt.date(2016, 2, 29)) == dt.date(2013, 2, 28)
    assert rating_bench.window_start(D) == W


@pytest.mark.django_db
def test_floor_scores_hand_built_entities(regions):
    county = regions["620502"]
    program = Program.objects.create(code="p", name="项目", object_kind="企业", level="省", validity_years=3)
    e1, e2, e3, e4 = (EntityFactory(region=county) for _ in range(4))
    gone = EntityFactory(region=county, deregistered=D)

    def inspection(entity, level, sampled, conclusion="不合格"):
        Inspection.objects.create(region=county, number=f"CJ{Inspection.objects.count()}", level=level,
                                  product_category="食品", entity=entity, sampled=sampled, conclusion=conclusion)

    inspection(e1, "国家", D)                   # −10
    inspection(e1, "县", W)                     # on W: outside (W, D]
    inspection(e1, "省", D, conclusion="合格")   # passed
    for n, transferred in enumerate([True, False]):  # −30 −15
        Case.objects.create(region=county, number=f"AJ{n}", case_type="其他", party=e2, opened=W + dt.timedelta(1),
                            transferred=transferred)
    for year in (2011, 2012, 2013, 2014):        # 4 × 5, capped at +15
        Recognition.objects.create(region=county, program=program, entity=e2, object_key=f"{e2.uscc}{year}",
                                   year=year, valid_until=dt.date(year + 2, 12, 31) if year > 2011 else None)
    for n in range(4):                           # 4 × 2, capped at +6
        Certification.objects.create(region=county, number=f"ZS{n}", cert_type="其他", entity=e3,
                                     issued=D - dt.timedelta(days=10), expires=D)
    BlacklistEntry.objects.create(region=county, entity=e3, listed=D, reason="x", authority="y")
    BlacklistEntry.objects.create(region=county, entity=e4, listed=D - dt.timedelta(days=400), reason="x",
                                  authority="y", removed=D, removal_method="信用修复")
    Recognition.objects.create(region=county, program=program, entity=e4, object_key="a", year=2015)
    Recognition.objects.create(region=county, program=program, entity=e4, object_key="b", year=2013,
                               valid_until=D - dt.timedelta(days=1))
    Inspection.objects.create(region=county, number="CJx", level="国家", product_category="食品", entity=gone,
                              sampled=D, conclusion="不合格")

    assert floor_rows() == {e1.uscc: (90, "B"), e2.uscc: (70, "C"), e3.uscc: (106, "D"), e4.uscc: (100, "A")}


@pytest.mark.django_db
def test_builder_makes_the_same_province_on_both_databases(monkeypatch):
    monkeypatch.setenv("QB_BENCH_SCALE", "0.002")
    built = gen_credit.build()
    assert built["rows"] | {"analyze": 0} == {
        "regions": 103, "entities": 2000, "trademarks": 1000, "inspections": 400, "cases": 200,
        "recognitions": built["rows"]["recognitions"], "certifications": 200, "blacklist": 10, "pledges": 20,
        "analyze": 0}
    assert Entity.objects.values("region_id").distinct().count() > 50
    ratings = floor_rows()
    # The hashes are computed by the database: both databases must hold exactly these rows.
    assert Counter(grade for _, grade in ratings.values()) == {"A": 1682, "B": 88, "C": 6, "D": 5}
    with connection.cursor() as cursor:
        found = warnings_bench.hand_rules(cursor, gen_credit.AS_OF)
    assert {rule: len(keys) for rule, keys in found.items()} == {
        "tm.renewal": 43, "tm.grace": 21, "rec.expiry": 3, "cert.expiry": 14, "pledge.maturity": 1,
        "insp.repeat_failure": 1}


@pytest.mark.django_db
def test_engines_agree_with_the_floors_on_the_built_data(monkeypatch):
    from qualitybrand.alerts.engine import compute
    from qualitybrand.credit.rating import rate

    monkeypatch.setenv("QB_BENCH_SCALE", "0.002")
    gen_credit.build()
    assert {r.uscc: (r.score, r.grade) for r in rate(D)} == floor_rows()
    with connection.cursor() as cursor:
        hand = warnings_bench.hand_rules(cursor, D)
    engine = {}
    for alert in compute(D, rules=list(hand)):
        engine.setdefault(alert.rule, set()).add((alert.key, alert.level, alert.due))
    assert engine == dict(hand)
