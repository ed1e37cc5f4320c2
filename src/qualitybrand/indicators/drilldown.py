"""Every figure links to the records behind it: the registry list with the same region, period and conditions.

The list pages (registry/filters.py, supervision/filters.py) take `region` (that region and below),
`year` (the record's main date in that year), the resource's `*_year` filters for other dates,
`valid_on` / `exists_on` / `outstanding_on` (in force on a day, for stocks) and its field filters.
`{Y}` and `{D}` below stand for the period's year and end date.
"""

from __future__ import annotations

from urllib.parse import urlencode

from qualitybrand.indicators.periods import Period
from qualitybrand.registry.choices import CERT_TYPE_SLUGS, INSPECTION_LEVEL_SLUGS, STANDARD_LEVEL_SLUGS

ENT, TM, PAT = "/registry/entities/", "/registry/trademarks/", "/registry/patents/"
CERT, STD, INSP = "/registry/certifications/", "/registry/standards/", "/supervision/inspections/"
INC, CASE, PLEDGE = "/supervision/incidents/", "/supervision/cases/", "/registry/pledges/"
SERV, PUB = "/registry/services/", "/registry/publicity/"

FIXED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "entity.count": (ENT, [("exists_on", "{D}")]),
    "entity.enterprises": (ENT, [("exists_on", "{D}"), ("kind", "企业")]),
    "entity.new": (ENT, [("year", "{Y}")]),
    "tm.applications": (TM, [("year", "{Y}")]),
    "tm.registrations": (TM, [("registered_year", "{Y}")]),
    "tm.valid": (TM, [("valid_on", "{D}")]),
    "tm.per100": (TM, [("valid_on", "{D}")]),
    "tm.per10k": (TM, [("valid_on", "{D}")]),
    "tm.owner_rate": (TM, [("valid_on", "{D}")]),
    "tm.gi": (TM, [("valid_on", "{D}"), ("is_gi", "true")]),
    "tm.gi.new": (TM, [("registered_year", "{Y}"), ("is_gi", "true")]),
    "tm.madrid": (TM, [("valid_on", "{D}"), ("madrid", "true")]),
    "tm.madrid.new": (TM, [("madrid_year", "{Y}")]),
    "patent.applications": (PAT, [("year", "{Y}")]),
    "patent.invention_applications": (PAT, [("year", "{Y}"), ("patent_type", "发明")]),
    "patent.invention_share": (PAT, [("year", "{Y}")]),
    "patent.service_share": (PAT, [("year", "{Y}")]),
    "patent.grants": (PAT, [("granted_year", "{Y}")]),
    "patent.invention_valid": (PAT, [("patent_type", "发明"), ("legal_status", "有效")]),
    "patent.invention_per10k_pop": (PAT, [("patent_type", "发明"), ("legal_status", "有效")]),
    "cert.valid": (CERT, [("valid_on", "{D}")]),
    "std.published": (STD, [("year", "{Y}")]),
    "std.adopted_intl": (STD, [("year", "{Y}"), ("work_type", "采用国际标准")]),
    "insp.batches": (INSP, [("year", "{Y}")]),
    "insp.passed": (INSP, [("year", "{Y}"), ("conclusion", "合格")]),
    "insp.pass_rate": (INSP, [("year", "{Y}")]),
    "insp.failed_entities": (INSP, [("year", "{Y}"), ("conclusion", "不合格")]),
    "incident.count": (INC, [("year", "{Y}")]),
    "incident.serious": (INC, [("year", "{Y}")]),
    "incident.major": (INC, [("year", "{Y}")]),
    "case.opened": (CASE, [("year", "{Y}")]),
    "case.closed": (CASE, [("closed_year", "{Y}")]),
    "case.goods_value": (CASE, [("year", "{Y}")]),
    "case.fines": (CASE, [("closed_year", "{Y}")]),
    "case.transferred": (CASE, [("year", "{Y}"), ("transferred", "true")]),
    "case.tm_infringement": (CASE, [("year", "{Y}"), ("case_type", "商标侵权")]),
    "pledge.count": (PLEDGE, [("year", "{Y}")]),
    "pledge.amount": (PLEDGE, [("year", "{Y}")]),
    "pledge.outstanding": (PLEDGE, [("outstanding_on", "{D}")]),
    "service.person_times": (SERV, [("year", "{Y}")]),
    "service.problems": (SERV, [("year", "{Y}")]),
    "service.entities": (SERV, [("year", "{Y}")]),
    "publicity.count": (PUB, [("year", "{Y}")]),
}
for _grade in "ABCD":  # the credit app's rating list (credit/views.py)
    FIXED[f"credit.grade.{_grade.lower()}"] = ("/credit/ratings/", [("as_of", "{D}"), ("grade", _grade)])
for _slug, _label in CERT_TYPE_SLUGS.items():
    FIXED[f"cert.valid.{_slug}"] = (CERT, [("valid_on", "{D}"), ("cert_type", _label)])
for _slug, _label in STANDARD_LEVEL_SLUGS.items():
    FIXED[f"std.published.{_slug}"] = (STD, [("year", "{Y}"), ("level", _label)])
for _slug, _label in INSPECTION_LEVEL_SLUGS.items():
    FIXED[f"insp.{_slug}.batches"] = (INSP, [("year", "{Y}"), ("level", _label)])
    FIXED[f"insp.{_slug}.pass_rate"] = (INSP, [("year", "{Y}"), ("level", _label)])


def _region_code(region) -> str:
    return region if isinstance(region, str) else region.code


def drilldown(code: str, region, period: Period, spec=None) -> str | None:
    """The URL of the records behind a figure (None for formula indicators without records)."""
    from qualitybrand.indicators import catalog

    spec = spec or catalog.get(code)
    if spec is None:
        return None
    params: list[tuple[str, str]] = [("region", _region_code(region))]
    if spec.source == "reported":
        params += [("code", code), ("year", str(period.end.year))]
        return "/indicators/values/?" + urlencode(params)
    if spec.source == "formula":
        return "/indicators/catalog/?" + urlencode(params + [("year", str(period.end.year)), ("code", code)])
    if code.startswith("complaint."):
        return _complaint_drilldown(code, params, period)
    path, extra = None, []
    for prefix in ("rec.valid.", "rec.new.", "rec.share."):
        if code.startswith(prefix):
            when = ("year", "{Y}") if prefix == "rec.new." else ("valid_on", "{D}")
            path, extra = "/registry/recognitions/", [("program", code[len(prefix):]), when]
    if path is None:
        path, extra = FIXED.get(code, (None, []))
    if path is None:
        return None
    for key, value in extra:
        params.append((key, value.replace("{Y}", str(period.end.year)).replace("{D}", period.end.isoformat())))
    return path + "?" + urlencode(params)


COMPLAINT_CATEGORY = {"complaint.complaints": "投诉", "complaint.reports": "举报"}


def _complaint_drilldown(code: str, params: list[tuple[str, str]], period: Period) -> str:
    """Counts by 登记日期 open the complaints list (its filters are a month or a year); the rates and
    the recovered losses open the records behind the figure with their deadlines (reports app)."""
    start, end = period.start, period.end
    if code in ("complaint.received", *COMPLAINT_CATEGORY):
        if start.day == 1 and start.year == end.year and start.month == end.month:
            params.append(("month", f"{start:%Y-%m}"))
        else:
            params.append(("year", str(end.year)))
        if code in COMPLAINT_CATEGORY:
            params.append(("category", COMPLAINT_CATEGORY[code]))
        return "/complaints/?" + urlencode(params)
    params += [("code", code), ("start", start.isoformat()), ("end", end.isoformat())]
    return "/reports/complaints/records/?" + urlencode(params)
