"""Factories for the API and page tests (registry and supervision records)."""

from __future__ import annotations

import datetime as dt

import factory

from qualitybrand.core.codes import patent_check_char
from qualitybrand.registry.models import (
    Certification,
    Patent,
    Pledge,
    Publicity,
    Recognition,
    Service,
    Standard,
)
from qualitybrand.supervision.models import BlacklistEntry, Case, Incident, Inspection
from tests.factories import EntityFactory


def patent_number(n: int, type_digit: str = "1") -> str:
    digits = f"2017{type_digit}{n:07d}"
    return f"{digits}.{patent_check_char(digits)}"


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    number = factory.Sequence(lambda n: f"CJ2013-{n:04d}")
    level = "市"
    product_category = "电线电缆"
    entity = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.entity.region)
    sampled = dt.date(2013, 6, 1)
    conclusion = "合格"


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    number = factory.Sequence(lambda n: f"SG{n:04d}")
    occurred = dt.date(2013, 4, 1)
    domain = "食品"
    grade = "一般"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    number = factory.Sequence(lambda n: f"AJ/{n:04d}")
    case_type = "商标侵权"
    opened = dt.date(2013, 3, 1)


class BlacklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlacklistEntry

    entity = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.entity.region)
    listed = dt.date(2013, 2, 1)
    reason = "提供虚假材料"
    authority = "天水市市场监督管理局"


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    number = factory.Sequence(lambda n: f"CQC/2013/{n:04d}")
    cert_type = "ISO9001"
    entity = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.entity.region)
    issued = dt.date(2012, 1, 1)
    expires = dt.date(2015, 1, 1)


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    number = factory.Sequence(lambda n: f"GB/T {19000 + n}-2013")
    name = factory.Sequence(lambda n: f"测试标准{n}")
    level = "国家"
    work_type = "制定"
    entity = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.entity.region)
    published = dt.date(2013, 5, 1)


class PatentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patent

    number = factory.Sequence(lambda n: patent_number(n))
    title = "一种测试装置"
    patent_type = "发明"
    applicant = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.applicant.region)
    filed = dt.date(2017, 3, 1)
    legal_status = "审中"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    number = factory.Sequence(lambda n: f"FW{n:04d}")
    date = dt.date(2013, 7, 1)
    entity = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.entity.region)
    service_type = "质量帮扶"
    person_times = 3


class PublicityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publicity

    number = factory.Sequence(lambda n: f"XC{n:04d}")
    date = dt.date(2013, 8, 1)
    title = factory.Sequence(lambda n: f"品牌建设报道{n}")
    media = "天水日报"


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    entity = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.entity.region)
    object_key = factory.LazyAttribute(lambda o: o.entity.uscc)
    year = 2012


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    number = factory.Sequence(lambda n: f"ZY{n:04d}")
    pledgor = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.pledgor.region)
    pledgee = "天水农村商业银行"
    amount = 500
    registered = dt.date(2013, 3, 1)
    expires = dt.date(2014, 3, 1)
