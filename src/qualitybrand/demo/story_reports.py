"""The demo archive (run last by the demo loader): for the demo city, one document of every registered kind
for 2013 (as of 2013-12-31 for as-of kinds; 第1期 for December 2013 for period kinds), generated from the
loaded data and issued with 文号 天质强办〔2014〕n号. Only archive rows are written: no figure changes."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core import clock

YEAR = 2013
SIGNER = "王建国"


def demo_request(kind) -> dict:
    """The period of the demo document of `kind`."""
    if kind.period == "year":
        return {"year": YEAR}
    if kind.period == "as_of":
        return {"as_of": dt.date(YEAR, 12, 31)}
    return {"start": dt.date(YEAR, 12, 1), "end": dt.date(YEAR, 12, 31), "issue_no": 1}


def load_demo_reports(out=print) -> list:
    from django.contrib.auth import get_user_model

    from qualitybrand.core.models import Region
    from qualitybrand.demo import profile
    from qualitybrand.reports import kinds, services
    from qualitybrand.reports.documents.common import suggested_number
    from qualitybrand.reports.models import DocumentState, IssuedDocument

    city = Region.objects.filter(code=profile.CITY).first()
    if city is None:
        return []
    user = get_user_model().objects.filter(username="city", role="city_admin", region=city).first()
    today = clock.today()
    made = []
    n = IssuedDocument.objects.filter(region=city, state=DocumentState.ISSUED).count()
    from qualitybrand.reports import pdf

    for kind in kinds.all_kinds():
        if kind.fmt == "pdf" and not pdf.available():
            out(f"  （{kind.label}：本机未安装 LibreOffice，演示档案中不含该文书）")
            continue
        if IssuedDocument.objects.filter(region=city, kind=kind.code, year=YEAR,
                                         state=DocumentState.ISSUED).exists():
            continue  # loaded before (--force)
        # the demo's album holds the national-level brands only (the whole city's runs to some 300 pages)
        extra = {"tier": "国家"} if kind.code == "brand_album" else None
        doc = services.generate_now(user, kind.code, city, extra=extra, **demo_request(kind))
        if doc.state != DocumentState.DRAFT:
            raise RuntimeError(f"演示文书“{doc.title}”生成失败：{doc.message}")
        n += 1
        number = suggested_number(city, today.year, n)
        while IssuedDocument.objects.filter(region=city, state=DocumentState.ISSUED, number=number).exists():
            n += 1
            number = suggested_number(city, today.year, n)
        made.append(services.issue(user, doc, number, SIGNER, today))
    return made
