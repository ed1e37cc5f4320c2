"""Credit rating (credit.md § Rating): every entity existing on D, in a few grouped queries.

The score of an entity only moves for the entities that have a record in play (a failed inspection or a
case in the window, a valid recognition or certification, a blacklist entry listed on D). So each kind
of record is one GROUP BY entity query (joined with the entity for its existence on D and its region),
and every other existing entity has the scheme's start score. `grade_counts` never loads the untouched
entities at all: one COUNT per region, less the touched ones, is the rest of each region's count.
Reasons (one line per record that moved the score) are fetched only when asked for.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case as When_
from django.db.models import Count, IntegerField, Q, Sum, Value, When

from qualitybrand.credit import schemes as scheme_docs
from qualitybrand.credit.schemes import Scheme

__all__ = ["Rating", "Reason", "rate", "rating_for", "trustworthy_ids", "grade_counts", "window_start"]


@dataclass(frozen=True, slots=True)
class Reason:
    points: int | None
    record: str
    text: str


@dataclass(slots=True)
class Rating:
    entity_id: int
    uscc: str
    region_code: str
    score: int
    grade: str
    reasons: list[Reason] = field(default_factory=list)
    listed: bool = False

    def as_json(self) -> dict:
        return {"uscc": self.uscc, "region": self.region_code, "score": self.score, "grade": self.grade,
                "reasons": [{"points": r.points, "record": r.record, "text": r.text} for r in self.reasons]}


@dataclass(slots=True)
class _Touch:
    """What moved one entity's score: summed penalties, counts of valid recognitions/certifications."""

    region_id: int
    penalty: int = 0
    recognitions: int = 0
    certifications: int = 0
    listed: bool = False


def window_start(as_of: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (Feb 29 → Feb 28); the window is (start, as_of]."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28)


def exists_q(day: dt.date, prefix: str = "") -> Q:
    """indicators.md: an entity exists on D if (成立日期 empty or ≤ D) and (注销日期 empty or > D)."""
    return ((Q(**{f"{prefix}established__isnull": True}) | Q(**{f"{prefix}established__lte": day}))
            & (Q(**{f"{prefix}deregistered__isnull": True}) | Q(**{f"{prefix}deregistered__gt": day})))


def listed_q(day: dt.date, prefix: str = "") -> Q:
    """On the blacklist on D: 列入日期 ≤ D and (移出日期 empty or > D)."""
    return Q(**{f"{prefix}listed__lte": day}) & (
        Q(**{f"{prefix}removed__isnull": True}) | Q(**{f"{prefix}removed__gt": day}))


def _entity_filter(as_of, prefix: str, region, entity_ids, require_existing: bool = True) -> Q:
    q = exists_q(as_of, prefix) if require_existing else Q()
    if region is not None:
        q &= Q(**{f"{prefix}region__path__startswith": region.path})
    if entity_ids is not None:
        q &= Q(**{f"{prefix}id__in": list(entity_ids)})
    return q


def _recognition_owner_split():
    """A recognition of a 商标 program belongs to the mark's holder (credit.md); others to their entity."""
    by_mark = Q(program__object_kind="商标", trademark__isnull=False)
    return by_mark, ~by_mark


# What each part of the touches statement counts (its fourth column).
PENALTY, RECOGNITIONS, CERTIFICATIONS, LISTED, TOTAL = range(5)


def _touches(as_of: dt.date, scheme: Scheme, region=None, entity_ids=None,
             require_existing: bool = True, totals: dict | None = None) -> dict[int, _Touch]:
    """{entity_id: _Touch} of the entities whose records move their score on D: one statement, a UNION ALL
    of one GROUP BY entity query per kind of record (each joined with the entity for existence and region).
    With `totals` (a dict), the same statement also counts the existing entities per region into it."""
    from qualitybrand.registry.models import Certification, Recognition
    from qualitybrand.supervision.models import BlacklistEntry, Case, Inspection

    start = window_start(as_of, scheme.window_years)

    def entity(prefix):
        return _entity_filter(as_of, prefix, region, entity_ids, require_existing)

    def part(qs, owner: str, amount, kind: int):
        """(entity id, its region id, amount, kind) per entity."""
        return (qs.order_by().values(owner, f"{owner[:-3]}__region_id")
                .annotate(amount=amount, kind=Value(kind, output_field=IntegerField()))
                .values_list(owner, f"{owner[:-3]}__region_id", "amount", "kind"))

    level_points = When_(*[When(level=level, then=Value(points))
                           for level, points in scheme.inspection_penalty.items()],
                         default=Value(0), output_field=IntegerField())
    case_points = When_(When(transferred=True, then=Value(scheme.case_transferred)),
                        default=Value(scheme.case_other), output_field=IntegerField())
    parts = [
        part(Inspection.objects.filter(entity("entity__"), conclusion="不合格", sampled__gt=start,
                                       sampled__lte=as_of), "entity_id", Sum(level_points), PENALTY),
        part(Case.objects.filter(entity("party__"), party__isnull=False, opened__gt=start, opened__lte=as_of),
             "party_id", Sum(case_points), PENALTY),
        part(BlacklistEntry.objects.filter(entity("entity__"), listed_q(as_of)), "entity_id", Count("id"), LISTED),
    ]
    if scheme.recognition_each:
        valid = Q(year__lte=as_of.year) & (Q(valid_until__isnull=True) | Q(valid_until__gte=as_of))
        by_mark, by_entity = _recognition_owner_split()
        parts.append(part(Recognition.objects.filter(valid, by_entity, entity("entity__")),
                          "entity_id", Count("id"), RECOGNITIONS))
        parts.append(part(Recognition.objects.filter(valid, by_mark, entity("trademark__holder__")),
                          "trademark__holder_id", Count("id"), RECOGNITIONS))
    if scheme.certification_each:
        parts.append(part(Certification.objects.filter(entity("entity__"), issued__lte=as_of, expires__gte=as_of),
                          "entity_id", Count("id"), CERTIFICATIONS))

    if totals is not None:
        from qualitybrand.registry.models import Entity

        parts.append(Entity.objects.filter(entity("")).order_by().values("region_id")
                     .annotate(owner=Value(0, output_field=IntegerField()), amount=Count("id"),
                               kind=Value(TOTAL, output_field=IntegerField()))
                     .values_list("owner", "region_id", "amount", "kind"))
    touched: dict[int, _Touch] = {}
    for eid, region_id, amount, kind in parts[0].union(*parts[1:], all=True):
        if kind == TOTAL:
            totals[region_id] = amount
            continue
        touch = touched.get(eid)
        if touch is None:
            touch = touched[eid] = _Touch(region_id)
        if kind == PENALTY:
            touch.penalty += amount
        elif kind == RECOGNITIONS:
            touch.recognitions += amount
        elif kind == CERTIFICATIONS:
            touch.certifications += amount
        else:
            touch.listed = True
    return touched


def _score(scheme: Scheme, touch: _Touch | None) -> tuple[int, str, bool]:
    if touch is None:
        return scheme.start, scheme.grade_of(scheme.start), False
    score = (scheme.start - touch.penalty
             + min(touch.recognitions * scheme.recognition_each, scheme.recognition_cap)
             + min(touch.certifications * scheme.certification_each, scheme.certification_cap))
    grade = scheme.listed_grade if touch.listed else scheme.grade_of(score)
    return score, grade, touch.listed


def rate(as_of: dt.date, *, region=None, entity_ids=None, scheme=None, with_reasons: bool | None = None,
         require_existing: bool = True) -> list[Rating]:
    """The ratings of the entities existing on `as_of` (within `region`, among `entity_ids`), by USCC.

    Reasons are filled when `with_reasons` is true; by default only when `entity_ids` names the entities
    (the whole-city path stays a handful of grouped queries)."""
    from qualitybrand.core.models import Region
    from qualitybrand.registry.models import Entity

    scheme = scheme_docs.resolve(scheme)
    if entity_ids is not None:
        entity_ids = list(entity_ids)
    if with_reasons is None:
        with_reasons = entity_ids is not None
    touched = _touches(as_of, scheme, region, entity_ids, require_existing)
    codes = dict(Region.objects.values_list("id", "code"))
    entities = Entity.objects.filter(_entity_filter(as_of, "", region, entity_ids, require_existing))
    out = []
    for eid, uscc, region_id in entities.order_by("uscc").values_list("id", "uscc", "region_id").iterator(5000):
        score, grade, listed = _score(scheme, touched.get(eid))
        out.append(Rating(eid, uscc, codes.get(region_id, ""), score, grade, [], listed))
    if with_reasons:
        from qualitybrand.credit.reasons import reasons_for

        wanted = [r for r in out if r.entity_id in touched]
        found = reasons_for(as_of, scheme, {r.entity_id: r.uscc for r in wanted})
        for rating in wanted:
            rating.reasons = found.get(rating.entity_id, [])
    return out


def rating_for(entity, as_of: dt.date, *, scheme=None) -> Rating:
    """One entity's rating with its reasons (computed even when the entity does not exist on D, so a
    cancelled entity's credit file still shows what its records say)."""
    return rate(as_of, entity_ids=[entity.pk], scheme=scheme, with_reasons=True, require_existing=False)[0]


def trustworthy_ids(as_of: dt.date, entity_ids=None, *, scheme=None) -> set[int]:
    """守信 (red list): entities existing on D with grade A and at least one recognition valid on D."""
    scheme = scheme_docs.resolve(scheme)
    touched = _touches(as_of, scheme, entity_ids=entity_ids)
    return {eid for eid, touch in touched.items()
            if touch.recognitions and _score(scheme, touch)[1] == "A"}


def grade_counts(as_of: dt.date, *, region=None, scheme=None) -> dict[int, dict[str, int]]:
    """{region_id: {grade: number of entities of that region (its own, not below) with that grade}}.
    Only the touched entities are graded one by one; the others are counted by region in SQL."""
    scheme = scheme_docs.resolve(scheme)
    untouched_grade = scheme.grade_of(scheme.start)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(scheme_docs.GRADES, 0))
    totals: dict[int, int] = {}
    touched = _touches(as_of, scheme, region, totals=totals)  # one statement in all
    for region_id, n in totals.items():
        counts[region_id][untouched_grade] += n
    for touch in touched.values():
        grade = _score(scheme, touch)[1]
        bucket = counts[touch.region_id]
        bucket[untouched_grade] -= 1
        bucket[grade] += 1
    return dict(counts)
