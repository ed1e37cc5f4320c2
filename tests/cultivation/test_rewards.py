import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qualitybrand.core.models import ChangeLog
from qualitybrand.cultivation import rewards, selectors, services
from qualitybrand.cultivation.models import RewardPayment, RewardPolicy
from tests.factories import EntityFactory, TrademarkFactory


@pytest.fixture
def year_2013(programs, regions):
    RewardPolicy.objects.create(name="省著名商标奖励", program=programs["prov"], amount=5)
    RewardPolicy.objects.create(name="新注册地理标志商标奖励", event="新注册地理标志商标", amount=Decimal("4.5"))
    RewardPolicy.objects.create(name="马德里国际注册奖励", event="马德里国际注册", amount=1, first_year=2014)
    out = []
    for code in ("620502", "620502", "620503"):
        e = EntityFactory(region=regions[code])
        tm = TrademarkFactory(holder=e)
        out.append(services.create_recognition(None, program=programs["prov"], entity=e, trademark=tm, year=2013))
    e = EntityFactory(region=regions["620521"])
    tm = TrademarkFactory(holder=e)
    services.create_recognition(None, program=programs["city"], entity=e, trademark=tm, year=2013)  # Program.reward 2
    TrademarkFactory(holder=e, is_gi=True, mark_type="证明商标", registered=dt.date(2013, 4, 1))
    TrademarkFactory(holder=e, madrid_number="1180000", madrid_date=dt.date(2013, 5, 1))  # policy starts 2014
    return out


def test_generate_rewards_by_policy(year_2013, city_user):
    created = rewards.generate_rewards(city_user, 2013)
    assert len(created) == 5
    assert sum(p.amount for p in created) == Decimal("21.5")  # 5 × 3 + 2 + 4.5
    assert ChangeLog.objects.filter(model="cultivation.rewardpayment").count() == 5
    assert rewards.generate_rewards(city_user, 2013) == []  # idempotent
    totals = {(r["year"], r["region_code"]): r for r in selectors.reward_totals(city_user)}
    assert totals[(2013, "620502")]["amount"] == Decimal("10")
    assert totals[(2013, "620521")]["count"] == 2


def test_pay_moves_due_to_paid(year_2013, city_user, county_user):
    created = rewards.generate_rewards(city_user, 2013)
    ids = [p.pk for p in created[:2]]
    assert rewards.pay(city_user, ids, budget_year=2014, paid_on=dt.date(2014, 3, 1)) == 2
    paid = RewardPayment.objects.filter(pk__in=ids)
    assert {(p.status, p.budget_year) for p in paid} == {("已拨付", 2014)}
    with pytest.raises(ValidationError, match="已拨付"):
        rewards.pay(city_user, ids, budget_year=2014, paid_on=dt.date(2014, 3, 1))
    # a county sees only its own region's payments
    assert all(p.region.code == "620502" for p in RewardPayment.objects.for_user(county_user))
