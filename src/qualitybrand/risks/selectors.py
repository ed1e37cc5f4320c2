"""Reads of the risks app, shared by the pages, the API, the worklist and the 待办: every one starts
from `RiskInfo.objects.for_user(user, VIEW)`."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When

from qualitybrand.core.filtering import find_region
from qualitybrand.core.models import ChangeLog
from qualitybrand.core.roles import CHANGE, VIEW
from qualitybrand.core.scoping import region_in_scope

from .models import MeasureKind, RiskInfo, RiskLevel, RiskSource, RiskStatus

LEVEL_TONES = {RiskLevel.FIRST: "red", RiskLevel.SECOND: "orange", RiskLevel.THIRD: "blue"}
STATUS_TONES = {RiskStatus.REGISTERED: "orange", RiskStatus.ASSESSING: "orange", RiskStatus.HANDLING: "blue",
                RiskStatus.CLOSED: "grey"}
UNHANDLED = (RiskStatus.REGISTERED, RiskStatus.ASSESSING)  # no measure decided yet
LEVEL_ORDER = Case(*(When(level=v, then=Value(i)) for i, v in enumerate(RiskLevel.values)),
                   output_field=IntegerField())


def risks_for(user, action: str = VIEW):
    return RiskInfo.objects.for_user(user, action).select_related("region", "owner")


@dataclass
class Filters:
    level: str = ""
    status: str = ""
    source: str = ""
    region: str = ""
    year: str = ""
    product: str = ""
    q: str = ""
    entity: str = ""
    unhandled: bool = False

    FIELDS = ("level", "status", "source", "region", "year", "product", "q", "entity")

    @classmethod
    def from_params(cls, params) -> Filters:
        f = cls(**{n: (params.get(n) or "").strip() for n in cls.FIELDS})
        f.unhandled = params.get("unhandled") in {"1", "true"}
        return f

    def applied(self) -> list[tuple[str, str]]:
        labels = {"level": "风险等级", "status": "状态", "source": "来源", "region": "区划", "year": "年度",
                  "product": "产品", "q": "关键词", "entity": "主体"}
        out = [(labels[n], getattr(self, n)) for n in self.FIELDS if getattr(self, n)]
        return out + ([("只看", "未处置的风险")] if self.unhandled else [])


def filtered(user, f: Filters):
    """The user's risks narrowed by the list's filters; a bad filter value raises ValidationError
    {field: [message]} (the page shows it, the API answers 400)."""
    qs = risks_for(user)
    errors: dict[str, list[str]] = {}
    for name, values in (("level", RiskLevel.values), ("status", RiskStatus.values), ("source", RiskSource.values)):
        value = getattr(f, name)
        if value and value not in values:
            errors[name] = [f"“{value}”无效：应为 {'、'.join(values)} 之一。"]
        elif value:
            qs = qs.filter(**{name: value})
    if f.region:
        region = find_region(f.region)
        if region is None or not region_in_scope(user, region):
            errors["region"] = [f"区划代码“{f.region}”不存在或不在您的管辖范围内。"]
        else:
            qs = qs.filter(region__path__startswith=region.path)
    if f.year:
        if not (f.year.isdecimal() and 1990 <= int(f.year) <= 2100):
            errors["year"] = [f"年度“{f.year}”无效：请填写四位年份，如 2014。"]
        else:
            qs = qs.filter(found__year=int(f.year))
    if f.product:
        qs = qs.filter(Q(product__icontains=f.product) | Q(product_category__icontains=f.product))
    if f.q:
        qs = qs.filter(Q(number__icontains=f.q) | Q(title__icontains=f.q) | Q(description__icontains=f.q))
    if f.entity:
        qs = qs.filter(entities__uscc=f.entity.upper())
    if f.unhandled:
        qs = qs.filter(status__in=UNHANDLED)
    if errors:
        raise ValidationError(errors)
    return qs.order_by("-found", "-id")


def open_risks(user):
    """Open risks of the user's scope, the most serious first (the worklist)."""
    return (risks_for(user).exclude(status=RiskStatus.CLOSED)
            .order_by(LEVEL_ORDER, "found", "id"))


def unhandled_first_level(user):
    """一级 risks not yet handled (登记 or 研判) that this user's office may act on: the 待办."""
    return RiskInfo.objects.for_user(user, CHANGE).filter(level=RiskLevel.FIRST, status__in=UNHANDLED)


def entity_risk_count(user, entity) -> int:
    return risks_for(user).filter(entities=entity).count()


def detail(risk: RiskInfo) -> dict:
    """What the detail page shows beyond the risk itself: measures (with their interview and documents),
    interviews, documents, level changes and the timeline (steps, newest last)."""
    measures = list(risk.measures.select_related("entity", "interview").prefetch_related("inspections", "documents"))
    interviews = list(risk.interviews.select_related("entity", "measure").prefetch_related("documents"))
    docs = list(risk.documents.select_related("measure", "interview"))
    return {"measures": measures, "interviews": interviews, "documents": docs,
            "steps": list(risk.steps.all()), "level_changes": list(risk.level_changes.all()),
            "entities": list(risk.entities.select_related("region")),
            "measure_counts": {k: sum(1 for m in measures if m.kind == k) for k in MeasureKind.values}}


def history(risk: RiskInfo, limit: int = 300):
    """The change log of the risk and of its measures, interviews and documents, newest first."""
    parts = Q(model="risks.riskinfo", object_id=str(risk.pk))
    for model, ids in (("risks.riskmeasure", risk.measures.values_list("pk", flat=True)),
                       ("risks.interview", risk.interviews.values_list("pk", flat=True)),
                       ("risks.riskdocument", risk.documents.values_list("pk", flat=True))):
        ids = [str(i) for i in ids]
        if ids:
            parts |= Q(model=model, object_id__in=ids)
    return ChangeLog.objects.filter(parts).order_by("-id")[:limit]
