"""Risks, inspections and uploads for the risks tests."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from qualitybrand.risks import services
from qualitybrand.supervision.models import Inspection
from tests.factories import EntityFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FOUND = dt.date(2014, 5, 6)


def pdf(name: str = "约谈记录.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fake_pdf(name: str = "约谈记录.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 this is not a pdf at all" * 4, content_type="application/pdf")


def inspection(region, entity=None, number=None, conclusion="不合格") -> Inspection:
    entity = entity or EntityFactory(region=region)
    number = number or f"CJ{Inspection.objects.count() + 1:05d}{region.code}"
    return Inspection.objects.create(number=number, level="市级", product_category="电线电缆", entity=entity,
                                     sampled=dt.date(2014, 4, 1), conclusion=conclusion, region=region)


def risk_data(region, **over) -> dict:
    data = {"title": "电线电缆导体电阻不合格风险", "source": "风险监测", "source_ref": "", "level": "二级",
            "found": FOUND, "region": region, "product": "电线电缆", "product_category": "电工及材料",
            "entities": [], "owner": None, "description": "辖区部分企业生产的电线导体电阻超标，存在火灾隐患。"}
    return data | over


def make_risk(region, user=None, *, entities=(), status=None, **over):
    """A risk registered by `user` (None: the system), moved on to `status` (研判, 处置中, 已关闭)."""
    risk = services.create_risk(user, risk_data(region, entities=[e.uscc for e in entities], **over),
                                today=dt.date(2014, 7, 10))
    steps = {"研判": ["开始研判"], "处置中": ["开始研判", "启动处置"], "已关闭": ["开始研判", "关闭"]}
    for action in steps.get(status, []):
        risk = services.act(user, risk, action, conclusion="经研判风险已消除。", today=dt.date(2014, 7, 10))
    return risk
