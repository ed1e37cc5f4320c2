"""Every figure links to the records behind it: the registry list with the same region, period and conditions.

List pages take `region` (that region and below), `year` (the record's main date in that year),
`until` (main date up to that day, for "as of" periods of a flow), `as_of` (records in force on
that day, for stocks) and the resource's own field filters (Chinese labels as stored).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from qualitybrand.indicators.periods import Period
from qualitybrand.registry.choices import CERT_TYPE_SLUGS, INSPECTION_LEVEL_SLUGS, STANDARD_LEVEL_SLUGS

# code -> (path, extra filters)
FIXED: dict[str, tuple[str, dict]] = {
    "entity.count": ("/registry/entities/", {}),
    "entity.enterprises": ("/registry/entities/", {"kind": "企业"}),
    "entity.new": ("/registry/entities/", {}),
    "tm.applications": ("/registry/trademarks/", {"date_field": "applied"}),
    "tm.registrations": ("/registry/trademarks/", {}),
    "tm.valid": ("/registry/trademarks/", {}),
    "tm.per100": ("/registry/trademarks/", {}),
    "tm.per10k": ("/registry/trademarks/", {}),
    "tm.owner_rate": ("/registry/entities/", {"kind": "企业", "has_trademark": "1"}),
    "tm.gi": ("/registry/trademarks/", {"is_gi": "true"}),
    "tm.gi.new": ("/registry/trademarks/", {"is_gi": "true"}),
    "tm.madrid": ("/registry/trademarks/", {"madrid": "true"}),
    "tm.madrid.new": ("/registry/trademarks/", {"madrid": "true", "date_field": "madrid_date"}),
    "patent.applications": ("/registry/patents/", {}),
    "patent.invention_applications": ("/registry/patents/", {"patent_type": "发明"}),
    "patent.invention_share": ("/registry/patents/", {}),
    "patent.service_share": ("/registry/patents/", {}),
    "patent.grants": ("/registry/patents/", {"date_field": "granted"}),
    "patent.invention_valid": ("/registry/patents/", {"patent_type": "发明", "legal_status": "有效"}),
    "patent.invention_per10k_pop": ("/registry/patents/", {"patent_type": "发明", "legal_status": "有效"}),
    "cert.valid": ("/registry/certifications/", {}),
    "std.published": ("/registry/standards/", {}),
    "std.adopted_intl": ("/registry/standards/", {"work_type": "采用国际标准"}),
    "insp.batches": ("/supervision/inspections/", {}),
    "insp.passed": ("/supervision/inspections/", {"conclusion": "合格"}),
    "insp.pass_rate": ("/supervision/inspections/", {}),
    "insp.failed_entities": ("/supervision/inspections/", {"conclusion": "不合格"}),
    "incident.count": ("/supervision/incidents/", {}),
    "incident.serious": ("/supervision/incidents/", {"grade": ["较大", "重大", "特别重大"]}),
    "incident.major": ("/supervision/incidents/", {"grade": ["重大", "特别重大"]}),
    "case.opened": ("/supervision/cases/", {}),
    "case.closed": ("/supervision/cases/", {"date_field": "closed"}),
    "case.goods_value": ("/supervision/cases/", {}),
    "case.fines": ("/supervision/cases/", {"date_field": "closed"}),
    "case.transferred": ("/supervision/cases/", {"transferred": "true"}),
    "case.tm_infringement": ("/supervision/cases/", {"case_type": "商标侵权"}),
    "pledge.count": ("/registry/pledges/", {}),
    "pledge.amount": ("/registry/pledges/", {}),
    "pledge.outstanding": ("/registry/pledges/", {}),
    "service.person_times": ("/registry/services/", {}),
    "service.problems": ("/registry/services/", {}),
    "service.entities": ("/registry/services/", {}),
    "publicity.count": ("/registry/publicity/", {}),
}
for _slug, _label in CERT_TYPE_SLUGS.items():
    FIXED[f"cert.valid.{_slug}"] = ("/registry/certifications/", {"cert_type": _label})
for _slug, _label in STANDARD_LEVEL_SLUGS.items():
    FIXED[f"std.published.{_slug}"] = ("/registry/standards/", {"level": _label})
for _slug, _label in INSPECTION_LEVEL_SLUGS.items():
    FIXED[f"insp.{_slug}.batches"] = ("/supervision/inspections/", {"level": _label})
    FIXED[f"insp.{_slug}.pass_rate"] = ("/supervision/inspections/", {"level": _label})


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
    path, extra = None, {}
    for prefix in ("rec.valid.", "rec.new.", "rec.share."):
        if code.startswith(prefix):
            path, extra = "/registry/recognitions/", {"program": code[len(prefix):]}
            if prefix == "rec.new.":
                extra["recognition_year"] = str(period.end.year)
    if path is None:
        path, extra = FIXED.get(code, (None, {}))
    if path is None:
        return None
    if spec.kind == "stock":
        params.append(("as_of", period.end.isoformat()))
    elif not code.startswith("rec.new."):
        params.append(("year", str(period.end.year)))
        if period.end != dt.date(period.end.year, 12, 31):
            params.append(("until", period.end.isoformat()))
    for key, value in extra.items():
        for item in value if isinstance(value, list) else [value]:
            params.append((key, item))
    return path + "?" + urlencode(params)
