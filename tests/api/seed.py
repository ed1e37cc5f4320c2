"""A small city for whole-API tests (schemathesis): the city, two counties with a few records of every
resource each, a call with applications, reward payments, reported indicator values, the demo
target sets and schemes with an open round, and an import batch. Built through the factories and
the services, so every record is one the platform itself could have written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from qualitybrand.accounts.models import User
from tests.api import factories as af
from tests.factories import EntityFactory, TrademarkFactory

COUNTIES = ("620502", "620503")


def _token(user) -> str:
    """The user's API token, issued the way an administrator issues one (`api_token NAME`)."""
    out = StringIO()
    call_command("api_token", user.username, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def _programs():
    from qualitybrand.registry.models import Program

    make = Program.objects.get_or_create
    for code, name, level in (("cn_wellknown_tm", "中国驰名商标", "国家"), ("prov_famous_tm", "省著名商标", "省")):
        make(code=code, defaults={"name": name, "object_kind": "商标", "level": level})  # the demo targets' codes
    return {
        "city": make(code="city_known_tm", defaults={"name": "市知名商标", "object_kind": "商标", "level": "市",
                                                     "validity_years": 3, "reward": 2})[0],
        "award": make(code="city_quality_award", defaults={"name": "市政府质量奖", "object_kind": "企业",
                                                           "level": "市", "reward": 10})[0],
    }


def _registries(regions, programs) -> dict:
    made = {}
    for code in COUNTIES:
        region = regions[code]
        firm = EntityFactory(region=region, established=dt.date(2001, 5, 1))
        other = EntityFactory(region=region, established=dt.date(2012, 3, 1), kind="个体工商户")
        tm = TrademarkFactory(holder=firm, registered=dt.date(2009, 3, 1), is_gi=True)
        TrademarkFactory(holder=other, registered=None, expires=None, applied=dt.date(2013, 2, 1))
        af.RecognitionFactory(entity=firm, program=programs["city"], object_key=tm.number, trademark=tm, year=2012)
        af.PatentFactory(applicant=firm)
        af.CertificationFactory(entity=firm)
        af.StandardFactory(entity=other)
        pledge = af.PledgeFactory(pledgor=firm)
        pledge.trademarks.set([tm])
        af.ServiceFactory(entity=firm)
        af.PublicityFactory(region=region)
        af.InspectionFactory(entity=firm)
        af.InspectionFactory(entity=other, conclusion="不合格")
        af.IncidentFactory(region=region)
        af.CaseFactory(region=region, party=other)
        af.CaseFactory(region=region, party=None, closed=None)
        af.BlacklistFactory(entity=other)
        made[code] = {"firm": firm, "other": other, "trademark": tm}
    return made


def _cultivation(regions, programs, made, city_user) -> None:
    from qualitybrand.cultivation import rewards, services
    from qualitybrand.cultivation.models import RewardPolicy

    call = services.create_call(None, name="2014年度品牌认定申报", year=2014, opening=dt.date(2014, 6, 1),
                                closing=dt.date(2014, 8, 31), programs=[programs["city"], programs["award"]],
                                region=regions["620500"])
    for code in COUNTIES:
        services.create_application(None, call=call, program=programs["award"], entity=made[code]["firm"])
    RewardPolicy.objects.create(name="地理标志商标奖励", event="新注册地理标志商标", amount=Decimal("4.5"))
    rewards.generate_rewards(city_user, 2012)
    rewards.generate_rewards(city_user, 2009)


def _indicators(regions) -> None:
    from qualitybrand.indicators.models import IndicatorValue

    for code in COUNTIES:
        IndicatorValue.objects.create(code="env.air_good_days", region=regions[code], year=2013,
                                      value=Decimal(300))


def _planning() -> None:
    from qualitybrand.planning import demo, services
    from qualitybrand.planning.loading import load_text
    from qualitybrand.planning.models import Round, Scheme

    for name in ("targets.yaml", "schemes.yaml"):
        result = load_text((Path(demo.__file__).parent / name).read_text(encoding="utf-8"))
        assert result.ok, result.errors
    scheme = Scheme.objects.order_by("year").first()
    services.create_round(None, scheme, Round.Kind.END, deadline=dt.date(2014, 1, 20))


def _import_batch(city_user) -> None:
    from qualitybrand.ledgers.models import ImportBatch

    ImportBatch.objects.create(ledger="publicity", user=city_user, username=city_user.username,
                               started=dt.datetime(2014, 7, 1, 9, tzinfo=dt.UTC), file_name="宣传报道.xlsx",
                               sha256="0" * 64, mode="atomic", status=ImportBatch.Status.REFUSED, rows=1,
                               processed=1, errors=[{"row": 2, "column": "日期", "message": "日期格式错误。"}])


def seed_api_city(regions) -> dict[str, str]:
    """Build the city; returns the API tokens by role: {"city": …, "county": …}."""
    city = User.objects.create(username="api-city", role="city_admin", region=regions["620500"])
    county = User.objects.create(username="api-county", role="county", region=regions["620502"])
    programs = _programs()
    made = _registries(regions, programs)
    _cultivation(regions, programs, made, city)
    _indicators(regions)
    _planning()
    _import_batch(city)
    return {"city": _token(city), "county": _token(county)}
