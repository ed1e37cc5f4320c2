"""Figures queried from the database by the definitions of indicators.md (independent of the
indicator engine): what a person reading the dashboard at 2013 should see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from qualitybrand.core.models import Region
from qualitybrand.indicators.models import IndicatorValue
from qualitybrand.registry.models import Entity, Program, Recognition, Trademark
from qualitybrand.supervision.models import Inspection


def db_figures(year: int, region_code: str = "620500", end: dt.date | None = None) -> dict:
    start, end = dt.date(year, 1, 1), end or dt.date(year, 12, 31)
    region = Region.objects.get(code=region_code)
    scope = Q(region__path__startswith=region.path)
    exists = (Q(established__isnull=True) | Q(established__lte=end)) & (
        Q(deregistered__isnull=True) | Q(deregistered__gt=end))
    entities = Entity.objects.filter(scope).filter(exists)
    enterprises = entities.filter(kind="企业")
    valid = Trademark.objects.filter(scope, registered__lte=end).filter(
        Q(expires__isnull=True) | Q(expires__gte=end)).filter(
        Q(cancelled__isnull=True) | Q(cancelled__gt=end))
    owners = enterprises.filter(pk__in=valid.values("holder_id")).count()
    out = {
        "entity.count": entities.count(),
        "entity.enterprises": enterprises.count(),
        "tm.valid": valid.count(),
        "tm.applications": Trademark.objects.filter(scope, applied__range=(start, end)).count(),
        "tm.gi.new": Trademark.objects.filter(scope, is_gi=True, registered__range=(start, end)).count(),
        "tm.madrid.new": Trademark.objects.filter(scope, madrid_date__range=(start, end)).count(),
    }
    out["tm.per100"] = out["tm.valid"] * 100 / out["entity.count"] if out["entity.count"] else None
    out["tm.owner_rate"] = owners * 100 / out["entity.enterprises"] if out["entity.enterprises"] else None
    reported = {(v.code): float(v.value) for v in IndicatorValue.objects.filter(
        region=region, year=year, status=IndicatorValue.Status.APPROVED)}
    for program in Program.objects.all():
        recs = Recognition.objects.filter(scope, program=program)
        valid_n = recs.filter(year__lte=end.year).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=end))
        out[f"rec.valid.{program.code}"] = valid_n.count()
        out[f"rec.new.{program.code}"] = recs.filter(year=year).count()
        total = reported.get(f"prov.total.{program.code}")
        out[f"rec.share.{program.code}"] = valid_n.count() * 100 / total if total else None
    batches = Inspection.objects.filter(scope, sampled__range=(start, end))
    out["insp.batches"] = batches.count()
    out["insp.passed"] = batches.filter(conclusion="合格").count()
    out["insp.pass_rate"] = out["insp.passed"] * 100 / out["insp.batches"] if out["insp.batches"] else None
    out.update({code: value for code, value in reported.items() if not code.startswith("prov.")})
    return out
