"""Joint restrictions (联合惩戒) and incentives (守信激励), credit.md: the rules of `RestrictionRule` applied
to entities at a place on a date.

A rule applies on D when it is active, since ≤ D ≤ until (until empty: open) and its trigger holds:
"listed" — the entity is on the blacklist on D (列入日期 ≤ D, 移出日期 empty or > D); "grade" — the
entity's grade on D (credit.rating) is one of the rule's grades. Everything is set-based: one query for
the rules, one for the blacklist entries of the entities asked about, one rating run for grade rules.

`check` / `enforce` answer for one entity; `restricted` / `restricted_ids` for many (list pages mark
rows, imports warn per row) without a query per row; `applicable` lists what applies to an entity on a
date for its credit file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from .models import PLACES, RestrictionRule

PLACE_LABELS = dict(PLACES)
GRADES = ("A", "B", "C", "D")
REFUSE, HOLD, NOTICE, REWARD = "拒绝", "暂缓", "提示", "激励"
# How an effect reads at the end of a reason: "…，不予提交申报。"
EFFECT_WORDS = {REFUSE: "不予{place}", HOLD: "{place}暂缓", NOTICE: "{place}予以提示", REWARD: "{place}予以激励"}
CHUNK = 5000  # entity ids per IN (…): well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class Restriction:
    rule_id: int
    place: str
    effect: str
    reason: str


def cn(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def grades_of(rule: RestrictionRule) -> list[str]:
    return [g.strip().upper() for g in (rule.grades or "").split(",") if g.strip()]


def rule_text(rule: RestrictionRule) -> str:
    """The rule by name: “提交申报：列入严重违法失信名单 → 拒绝”."""
    when = rule.get_trigger_display() if rule.trigger == "listed" else f"信用等级为{'、'.join(grades_of(rule))}类"
    return f"{PLACE_LABELS.get(rule.place, rule.place)}：{when} → {rule.effect}"


def rules_on(on: dt.date, places: Iterable[str] | None = None) -> list[RestrictionRule]:
    """The rules in force on `on` (active, since ≤ on ≤ until or open), optionally at some places only."""
    qs = RestrictionRule.objects.filter(Q(active=True) & Q(since__lte=on) & (Q(until__isnull=True) | Q(until__gte=on)))
    if places is not None:
        qs = qs.filter(place__in=list(places))
    return list(qs.order_by("place", "id"))


def _check_place(place: str) -> None:
    if place not in PLACE_LABELS:
        raise ValueError(f"未知的适用环节“{place}”：应为 {'、'.join(PLACE_LABELS)} 之一。")


def _chunks(ids: list[int]):
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def listed_entries(entity_ids: list[int] | None, on: dt.date) -> dict[int, object]:
    """The blacklist entry in force on `on` per entity (the latest listing when there are several)."""
    from qualitybrand.supervision.models import BlacklistEntry

    in_force = Q(listed__lte=on) & (Q(removed__isnull=True) | Q(removed__gt=on))
    fields = ("entity_id", "entity__name", "listed", "authority", "reason")
    rows = []
    if entity_ids is None or len(entity_ids) > CHUNK:
        # The entries in force are few beside the entities: many ids read them all, then keep the asked
        wanted = None if entity_ids is None else set(entity_ids)
        rows = [r for r in BlacklistEntry.objects.filter(in_force).values_list(*fields)
                if wanted is None or r[0] in wanted]
    else:
        for part in _chunks(entity_ids):
            rows.extend(BlacklistEntry.objects.filter(in_force, entity_id__in=part).values_list(*fields))
    out: dict[int, tuple] = {}
    for row in rows:
        if row[0] not in out or row[2] > out[row[0]][2]:
            out[row[0]] = row
    return out


def grades_on(entity_ids: list[int] | None, on: dt.date) -> dict[int, str]:
    """Grade per entity on `on`, from the rating (credit.rating, one set-based run)."""
    from .rating import rate

    ratings = rate(on, entity_ids=entity_ids, with_reasons=False)
    return {r.entity_id: r.grade for r in ratings}


def _trustworthy(on: dt.date, entity_ids: list[int] | None) -> set[int]:
    from .rating import trustworthy_ids

    return set(trustworthy_ids(on, entity_ids=entity_ids))


def _entity_names(entity_ids: Iterable[int]) -> dict[int, str]:
    from qualitybrand.registry.models import Entity

    ids = sorted(set(entity_ids))
    out: dict[int, str] = {}
    for part in _chunks(ids):
        out.update(Entity.objects.filter(pk__in=part).values_list("pk", "name"))
    return out


def _ending(rule: RestrictionRule) -> str:
    words = EFFECT_WORDS.get(rule.effect, "{place}" + rule.effect).format(place=PLACE_LABELS.get(rule.place, ""))
    basis = f"依据：{rule.basis}" if rule.basis else "依据：联合惩戒与守信激励规则表"
    return f"{words}。{basis}（规则 {rule.pk}“{rule_text(rule)}”）。"


def listed_reason(rule: RestrictionRule, entry: tuple) -> str:
    _, name, listed, authority, why = entry
    return f"{name}于{cn(listed)}被{authority}列入严重违法失信名单（事由：{why}），{_ending(rule)}"


def grade_reason(rule: RestrictionRule, name: str, grade: str, on: dt.date) -> str:
    return f"{name}{cn(on)}的信用等级为{grade}类，{_ending(rule)}"


def restricted(place: str | Iterable[str] | None, on: dt.date, entity_ids: Iterable[int] | None = None
               ) -> dict[int, list[Restriction]]:
    """Restrictions by entity at `place` (a place, several, or None: every place) on `on`, for the
    entities asked about (None: every entity). Entities nothing applies to are left out."""
    places = [place] if isinstance(place, str) else None if place is None else list(place)
    for one in places or ():
        _check_place(one)
    rules = rules_on(on, places)
    if not rules:
        return {}
    ids = None if entity_ids is None else sorted({int(i) for i in entity_ids})
    if ids == []:
        return {}
    out: dict[int, list[Restriction]] = {}
    listed_rules = [r for r in rules if r.trigger == "listed"]
    if listed_rules:
        for entity_id, entry in listed_entries(ids, on).items():
            out[entity_id] = [Restriction(r.pk, r.place, r.effect, listed_reason(r, entry)) for r in listed_rules]
    grade_rules = [r for r in rules if r.trigger == "grade" and grades_of(r)]
    if grade_rules:
        wanted = {g for r in grade_rules for g in grades_of(r)}
        grades = {i: g for i, g in grades_on(ids, on).items() if g in wanted}
        names = _entity_names(grades)
        # 守信 needs a valid recognition besides the grade (credit.rating.trustworthy_ids)
        red = _trustworthy(on, list(grades)) if any(r.place == "redlist.tag" for r in grade_rules) else set()
        for entity_id, grade in grades.items():
            for r in grade_rules:
                if grade in grades_of(r) and (r.place != "redlist.tag" or entity_id in red):
                    out.setdefault(entity_id, []).append(
                        Restriction(r.pk, r.place, r.effect, grade_reason(r, names.get(entity_id, ""), grade, on)))
    return out


def restricted_ids(place: str, on: dt.date, entity_ids: Iterable[int] | None = None,
                   effects: Iterable[str] | None = None) -> set[int]:
    """Ids of the entities some rule at `place` applies to on `on` (optionally of some effects only)."""
    wanted = set(effects) if effects is not None else None
    return {i for i, found in restricted(place, on, entity_ids).items()
            if wanted is None or any(r.effect in wanted for r in found)}


def check(entity, place: str, on: dt.date) -> list[Restriction]:
    """What applies to this entity at `place` on `on` (empty: nothing)."""
    return restricted(place, on, [entity.pk]).get(entity.pk, [])


def enforce(entity, place: str, on: dt.date) -> list[Restriction]:
    """`check`, raising ValidationError with every refusing rule's reason (effect 拒绝); the other
    restrictions (暂缓, 提示, 激励) are returned for the caller to act on and show."""
    found = check(entity, place, on)
    refusals = [r.reason for r in found if r.effect == REFUSE]
    if refusals:
        raise ValidationError(refusals)
    return found


def applicable(entity, on: dt.date) -> list[Restriction]:
    """Every rule that applies to this entity on `on`, at every place (the credit file shows them)."""
    return restricted(None, on, [entity.pk]).get(entity.pk, [])


# --- the registry's hooks (registered in CreditConfig.ready) --------------------------------------

def registry_check(place: str, entity_ids: list[int], on: dt.date) -> dict[int, list[Restriction]]:
    return restricted(place, on, entity_ids)


def redlist_ids(on: dt.date, entity_ids: Iterable[int] | None = None) -> set[int]:
    """守信 (red list) on `on`: what credit.rating.trustworthy_ids says, while a redlist.tag rule is in force."""
    if not rules_on(on, ["redlist.tag"]):
        return set()
    if entity_ids is None:
        return _trustworthy(on, None)
    # A list page asks about its rows: only holders of a recognition valid on D can be 守信, so the rating
    # runs for those alone (one query first, none more on a page without any)
    candidates = _recognition_holders(on, list(entity_ids))
    return _trustworthy(on, sorted(candidates)) if candidates else set()


def _recognition_holders(on: dt.date, entity_ids: list[int]) -> set[int]:
    from qualitybrand.registry.models import Recognition

    valid = Q(year__lte=on.year) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    out: set[int] = set()
    wanted = set(entity_ids)
    for part in _chunks(entity_ids):
        for entity_id, holder_id in (Recognition.objects.filter(valid)
                                     .filter(Q(entity_id__in=part) | Q(trademark__holder_id__in=part))
                                     .values_list("entity_id", "trademark__holder_id").distinct()):
            out.update(i for i in (entity_id, holder_id) if i in wanted)
    return out


def entity_tags(entity_ids: list[int], on: dt.date) -> dict[int, list[tuple[str, str]]]:
    return {i: [("守信", "green")] for i in redlist_ids(on, entity_ids)}


def trustworthy_filter(on: dt.date):
    return redlist_ids(on)


def listed_filter(on: dt.date):
    from qualitybrand.supervision.models import BlacklistEntry

    return (BlacklistEntry.objects.filter(Q(listed__lte=on) & (Q(removed__isnull=True) | Q(removed__gt=on)))
            .values("entity_id"))


def install() -> None:
    from qualitybrand.registry import hooks

    hooks.register_check(registry_check)
    hooks.register_tags(entity_tags)
    hooks.register_entity_filter("守信", trustworthy_filter)
    hooks.register_entity_filter("失信", listed_filter)
