"""Factories of the portal's published content (portalpub tests)."""

from __future__ import annotations

import datetime as dt

import factory

from qualitybrand.portal.models import InspectionPublication, PortalPage, PublishState
from tests.credit.factories import BlacklistEntryFactory, InspectionFactory  # noqa: F401 (re-exported)


class PortalPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortalPage

    section = "policy"
    title = factory.Sequence(lambda n: f"关于推进质量强市工作的实施意见{n}")
    summary = "摘要"
    body = "<p>正文内容</p>"
    doc_number = factory.Sequence(lambda n: f"天政发〔2014〕{n}号")
    source = "天水市人民政府"
    state = PublishState.PUBLISHED
    published_on = dt.date(2014, 6, 1)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionPublication
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"2014年第一季度产品质量监督抽查结果公告{n}")
    state = PublishState.PUBLISHED
    published_on = dt.date(2014, 4, 10)

    @factory.post_generation
    def inspections(self, create, extracted, **kwargs):
        if create and extracted:
            self.inspections.set(extracted)
