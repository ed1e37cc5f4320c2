"""Blacklist entries, uploads and repair applications for the supervision tests."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from qualitybrand.supervision.models import BlacklistEntry
from tests.factories import EntityFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def required_uploads() -> list[tuple[str, SimpleUploadedFile]]:
    return [("整改完成证明", pdf("整改完成证明.pdf")), ("履行处罚证明", pdf("罚款缴纳凭证.pdf")),
            ("信用承诺书", pdf("信用承诺书.pdf"))]


def entry(region, *, listed=dt.date(2013, 3, 15), removed=None, removal_method="", entity=None,
          name=None) -> BlacklistEntry:
    entity = entity or EntityFactory(region=region, **({"name": name} if name else {}))
    return BlacklistEntry.objects.create(entity=entity, region=region, listed=listed, reason="提供虚假材料",
                                         authority="天水市市场监督管理局", removed=removed,
                                         removal_method=removal_method)


def batch(region, *, conclusion="不合格", sampled=dt.date(2014, 5, 5), entity=None, number=None,
          product="电线电缆", failed_items="导体电阻", level="市"):
    """An inspection (a 不合格 batch by default) in `region`."""
    from qualitybrand.supervision.models import Inspection

    entity = entity or EntityFactory(region=region)
    global _batch_serial
    _batch_serial += 1
    return Inspection.objects.create(number=number or f"CJ{_batch_serial:07d}", level=level, product_category=product,
                                     entity=entity, region=region, sampled=sampled, conclusion=conclusion,
                                     failed_items=failed_items if conclusion == "不合格" else "")


_batch_serial = 0
