"""Where a higher app (supervision, credit, cultivation) reaches into the registry's writes and pages without the
registry importing it (DESIGN.md § The layers).

- Restriction checks (联合惩戒, credit.md): `register_check(fn)`, `fn(place, entity_ids, on)` returns
  `{entity_id: [restriction, ...]}` (each with `.effect` 拒绝/暂缓/提示/激励 and a Chinese `.reason`), one
  set-based call for many entities. The registry asks through `restrictions_for`, `refuse_if_restricted`
  (a grant of a recognition) and `notices` (a new pledge: allowed, with the reason shown and recorded).
- Entity tags (守信): `register_tags(fn)`, `fn(entity_ids, on)` -> `{entity_id: [(text, tone), ...]}`,
  one call per list page.
- Entity filters (信用标签): `register_entity_filter(value, fn)`, `fn(on)` -> a queryset of entity ids.

Registered in `CreditConfig.ready()`; with nothing registered every answer is empty (nothing restricted).

- Records an entity owns (they take its region when it moves, `services.move_entities`):
  `register_owned(model, attname)` (supervision: inspections, blacklist entries, cases).
- Parts of an entity's credit file (`selectors.credit_file`): `register_file_part(key, fn, order)`,
  `fn(user, entity)` -> a queryset scoped to the user (supervision: inspections, cases, blacklist).
- Links of a program's page: `register_program_links(fn)`, `fn(program, user)` -> [(label, url)]
  (cultivation: the eligibility rules editor).

Registered from `SupervisionConfig.ready()` and `CultivationConfig.ready()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError

REFUSE = "拒绝"

_checks: list[Callable] = []
_tags: list[Callable] = []
_entity_filters: dict[str, Callable] = {}


_owned: list[tuple[object, str]] = []
_file_parts: dict[str, tuple[int, Callable]] = {}
_program_links: list[Callable] = []


def register_owned(model, attname: str) -> None:
    if (model, attname) not in _owned:
        _owned.append((model, attname))


def owned_models() -> list[tuple[object, str]]:
    return list(_owned)


def register_file_part(key: str, fn: Callable, order: int) -> None:
    _file_parts[key] = (order, fn)


def file_parts() -> list[tuple[int, str, Callable]]:
    """(order, key, fn) of the registered parts of a credit file."""
    return [(order, key, fn) for key, (order, fn) in _file_parts.items()]


def register_program_links(fn: Callable) -> None:
    if fn not in _program_links:
        _program_links.append(fn)


def program_links(program, user) -> list[tuple[str, str]]:
    return [link for fn in _program_links for link in fn(program, user)]


def register_check(fn: Callable) -> None:
    if fn not in _checks:
        _checks.append(fn)


def register_tags(fn: Callable) -> None:
    if fn not in _tags:
        _tags.append(fn)


def register_entity_filter(value: str, fn: Callable) -> None:
    _entity_filters[value] = fn


def restrictions_for(place: str, entity_ids: Iterable[int], on: dt.date) -> dict[int, list]:
    """Every registered check's restrictions at `place` on `on`, by entity (set-based)."""
    ids = sorted({i for i in entity_ids if i is not None})
    out: dict[int, list] = {}
    if not ids:
        return out
    for fn in _checks:
        for entity_id, found in fn(place, ids, on).items():
            out.setdefault(entity_id, []).extend(found)
    return out


def refuse_if_restricted(place: str, entity, on: dt.date) -> list:
    """Raise ValidationError naming every refusing rule's reason; return the other restrictions."""
    found = restrictions_for(place, [entity.pk], on).get(entity.pk, [])
    refusals = [r.reason for r in found if r.effect == REFUSE]
    if refusals:
        raise ValidationError(refusals)
    return found


def notices(place: str, entity, on: dt.date) -> list[str]:
    """The reasons to show (and record) for a write that is allowed; a refusing rule still refuses."""
    return [r.reason for r in refuse_if_restricted(place, entity, on)]


def extra_tags(entity_ids: Iterable[int], on: dt.date) -> dict[int, list[tuple[str, str]]]:
    ids = sorted(set(entity_ids))
    out: dict[int, list[tuple[str, str]]] = {}
    if not ids:
        return out
    for fn in _tags:
        for entity_id, tags in fn(ids, on).items():
            out.setdefault(entity_id, []).extend(tags)
    return out


def entity_filter_values() -> list[str]:
    return list(_entity_filters)


def filter_entities(qs, value: str, on: dt.date):
    """Entities carrying the credit tag `value` on `on` (no provider: none)."""
    fn = _entity_filters.get(value)
    if fn is None:
        return qs.none()
    return qs.filter(pk__in=fn(on))
