import datetime as dt
from decimal import Decimal

import pytest

from qualitybrand.cultivation.demo import load_demo_cultivation
from qualitybrand.cultivation.models import Application, Assignment, RewardPayment, State
from qualitybrand.registry.models import Program, Recognition
from tests.factories import EntityFactory, TrademarkFactory, UserFactory

PROGRAMS = [("cn_wellknown_tm", "中国驰名商标", "商标", "国家", None), ("prov_famous_tm", "省著名商标", "商标", "省", 3),
            ("city_known_tm", "市知名商标", "商标", "市", 3), ("prov_brand_product", "省名牌产品", "产品", "省", 3),
            ("prov_quality_award", "省政府质量奖", "企业", "省", None),
            ("city_quality_award", "市政府质量奖", "企业", "市", None)]
COUNTIES = ["620502", "620503", "620521", "620522", "620523", "620524", "620525"]


@pytest.fixture
def mini_demo(regions, settings):
    settings.QB_TODAY = None  # the loader must not depend on QB_TODAY
    progs = {code: Program.objects.create(code=code, name=name, object_kind=kind, level=level, validity_years=v)
             for code, name, kind, level, v in PROGRAMS}
    n = 0

    def recognise(code, year, **kw):
        nonlocal n
        region = regions[COUNTIES[n % 7]]
        n += 1
        e = EntityFactory(region=region, established=dt.date(2000, 1, 1))
        tm = TrademarkFactory(holder=e, registered=dt.date(2004, 1, 1))
        p = progs[code]
        Recognition.objects.create(program=p, entity=e, trademark=tm if p.object_kind == "商标" else None,
                                   object_key=tm.number if p.object_kind == "商标" else e.uscc, year=year,
                                   valid_until=dt.date(year + (p.validity_years or 50) - 1, 12, 31), region=region,
                                   **kw)
        return e, tm

    for code, count in [("cn_wellknown_tm", 3), ("prov_famous_tm", 13), ("city_known_tm", 23),
                        ("prov_quality_award", 1), ("city_quality_award", 2)]:
        for _ in range(count):
            recognise(code, 2013)
    for _ in range(6):
        recognise("city_known_tm", 2010)
        e, tm = recognise("city_known_tm", 2012)
    for _ in range(2):
        TrademarkFactory(holder=e, is_gi=True, mark_type="证明商标", registered=dt.date(2013, 3, 1))
    TrademarkFactory(holder=e, is_gi=True, mark_type="证明商标", registered=dt.date(2012, 3, 1))
    for i in range(12):
        TrademarkFactory(holder=EntityFactory(region=regions[COUNTIES[i % 7]], established=dt.date(2000, 1, 1)),
                         registered=dt.date(2006, 1, 1))
    UserFactory(username="city", role="city_admin", region=regions["620500"])
    UserFactory(username="qinzhou", role="county", region=regions["620502"])
    ent = EntityFactory(region=regions["620502"], established=dt.date(2001, 1, 1))
    TrademarkFactory(holder=ent, registered=dt.date(2008, 1, 1))
    UserFactory(username="enterprise", role="enterprise", region=regions["620502"], entity=ent)
    for i in (1, 2, 3):
        UserFactory(username=f"expert{i}", role="expert", region=regions["620500"])
    return progs


def test_demo_rewards_and_states(mini_demo):
    summary = load_demo_cultivation()
    assert summary["rewards_2013"] == Decimal("310")
    by_item = {}
    for p in RewardPayment.objects.filter(year=2013).select_related("program"):
        key = p.program.code if p.program else p.event
        by_item[key] = by_item.get(key, 0) + p.amount
    assert by_item == {"cn_wellknown_tm": 150, "prov_famous_tm": 65, "city_known_tm": 46, "prov_quality_award": 20,
                       "city_quality_award": 20, "新注册地理标志商标": Decimal("9")}
    states = set(Application.objects.values_list("state", flat=True))
    assert states == {s.value for s in State}
    assert Application.objects.filter(state=State.DRAFT, created_by__username="enterprise").exists()
    scored = Application.objects.filter(state=State.DOC_REVIEW, panel_score__isnull=False)
    assert scored.exists()
    assert Assignment.objects.filter(expert__user__username="expert2", submitted_at__isnull=True).exists()


def test_demo_award_notice_can_be_concluded(mini_demo, settings):
    from qualitybrand.accounts.models import User
    from qualitybrand.cultivation import services

    load_demo_cultivation()
    settings.QB_TODAY = dt.date(2014, 7, 10)
    app = Application.objects.get(state=State.NOTICE)
    assert app.notice_end < settings.QB_TODAY
    services.transition(User.objects.get(username="city"), app, "认定")
    app.refresh_from_db()
    assert app.state == State.RECOGNISED
    assert RewardPayment.objects.get(recognition=app.recognition).amount == 10
