"""Factories for tests: a region tree, users of every role, and registry records."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from qualitybrand.accounts.models import User
from qualitybrand.core.codes import make_uscc
from qualitybrand.core.models import Region
from qualitybrand.registry.models import Entity, Program, Trademark

_serial = itertools.count(1)


def region_tree() -> dict[str, Region]:
    """甘肃省 / 天水市 / its seven districts and counties (codes.md), created once per test DB."""
    from qualitybrand.core.services import save_region

    spec = [
        ("620000", "甘肃省", "省", None), ("620500", "天水市", "市", "620000"),
        ("620502", "秦州区", "区", "620500"), ("620503", "麦积区", "区", "620500"),
        ("620521", "清水县", "县", "620500"), ("620522", "秦安县", "县", "620500"),
        ("620523", "甘谷县", "县", "620500"), ("620524", "武山县", "县", "620500"),
        ("620525", "张家川回族自治县", "县", "620500"),
    ]
    regions: dict[str, Region] = {}
    for code, name, kind, parent in spec:
        existing = Region.objects.filter(code=code).first()
        regions[code] = existing or save_region(None, code=code, name=name, kind=kind,
                                                parent=regions.get(parent) if parent else None)
    return regions


def next_uscc(region_code: str = "620500", kind_digit: str = "1") -> str:
    n = next(_serial)
    return make_uscc("9" + kind_digit, region_code, f"{n:08d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # Save the password that `set_password` gave, so logins and force_login sessions hold.
        if create:
            instance.save()

    username = factory.Sequence(lambda n: f"user{n}")
    role = "city_admin"
    password = factory.PostGenerationMethodCall("set_password", "Qb-test-Pass-2024")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    uscc = factory.LazyAttribute(lambda o: next_uscc(o.region.code))
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    kind = "企业"
    established = dt.date(2005, 1, 1)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"program_{n}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    object_kind = "商标"
    level = "省"
    validity_years = 3


class TrademarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trademark

    number = factory.Sequence(lambda n: str(1000000 + n))
    name = factory.Sequence(lambda n: f"商标{n}")
    classes = factory.LazyFunction(lambda: [7])
    holder = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.holder.region)
    applied = dt.date(2010, 3, 1)
    registered = dt.date(2011, 3, 1)
    expires = dt.date(2021, 2, 28)
