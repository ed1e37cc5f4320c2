"""Archive rows and a small data set for the document tests (docscore)."""

from __future__ import annotations

import datetime as dt

from qualitybrand.reports.models import DocumentState, IssuedDocument
from tests.factories import EntityFactory, TrademarkFactory


def make_doc(region, *, kind="annual_summary", state=DocumentState.DRAFT, year=2013, number="", title=None):
    return IssuedDocument.objects.create(
        region=region, kind=kind, title=title or f"{region.name}质量强市工作{year}年度总结", year=year,
        period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31), state=state,
        progress=100 if state in (DocumentState.DRAFT, DocumentState.ISSUED) else 0, number=number,
        params={"log_id": 0})


def some_data(regions) -> None:
    """Entities and marks in two counties, registered in 2012 and 2013 (so there is a y-o-y change)."""
    for code, n2012, n2013 in (("620502", 3, 5), ("620503", 2, 1)):
        region = regions[code]
        for i in range(n2012 + n2013):
            holder = EntityFactory(region=region, established=dt.date(2008, 1, 1))
            year = 2012 if i < n2012 else 2013
            TrademarkFactory(holder=holder, applied=dt.date(year - 1, 5, 1), registered=dt.date(year, 6, 1),
                             expires=dt.date(year + 10, 5, 31))
