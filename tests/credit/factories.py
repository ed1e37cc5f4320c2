"""Factories of the records a rating reads (inspections, cases, recognitions, certifications, blacklist)."""

from __future__ import annotations

import datetime as dt

import factory

from qualitybrand.registry.models import Certification, Recognition
from qualitybrand.supervision.models import BlacklistEntry, Case, Inspection
from tests.factories import EntityFactory, ProgramFactory


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    number = factory.Sequence(lambda n: f"CJ{n:07d}")
    level = "省"
    product_category = "电线电缆"
    entity = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.entity.region)
    sampled = dt.date(2024, 3, 1)
    conclusion = "不合格"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    number = factory.Sequence(lambda n: f"AJ{n:07d}")
    case_type = "质量违法"
    party = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.party.region)
    opened = dt.date(2024, 3, 1)
    transferred = False


class RecognitionFactory(factory.django.DjangoModelFactory):
    """An 企业-kind recognition by default; pass `trademark=` with a 商标 program."""

    class Meta:
        model = Recognition

    program = factory.SubFactory(ProgramFactory, object_kind="企业")
    entity = factory.SubFactory(EntityFactory)
    trademark = None
    region = factory.LazyAttribute(lambda o: o.entity.region)
    object_key = factory.LazyAttribute(lambda o: o.trademark.number if o.trademark else o.entity.uscc)
    year = 2023
    valid_until = dt.date(2025, 12, 31)


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    number = factory.Sequence(lambda n: f"ZS{n:07d}")
    cert_type = "ISO9001"
    entity = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.entity.region)
    issued = dt.date(2023, 1, 1)
    expires = dt.date(2026, 12, 31)


class BlacklistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlacklistEntry

    entity = factory.SubFactory(EntityFactory)
    region = factory.LazyAttribute(lambda o: o.entity.region)
    listed = dt.date(2024, 1, 10)
    reason = "提供虚假材料"
    authority = "天水市市场监督管理局"
