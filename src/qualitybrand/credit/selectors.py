"""Reads of the credit app that the command, the API and the pages share."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core import clock
from qualitybrand.credit import schemes as scheme_docs
from qualitybrand.credit.rating import Rating, rate

MIN_YEAR, MAX_YEAR = 1949, 2100


class BadRequest(ValueError):
    """Bad parameters: the message is Chinese and says what is expected."""


def parse_date(text) -> dt.date:
    if text is None or str(text).strip() == "":
        return clock.today()
    text = str(text).strip()
    try:
        day = dt.date.fromisoformat(text)
        if len(text) != 10:
            raise ValueError
    except ValueError:
        raise BadRequest(f"日期“{text[:30]}”无效：请按 YYYY-MM-DD 填写，如 2024-06-30。") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadRequest(f"日期 {text} 超出范围：年份应在 {MIN_YEAR}–{MAX_YEAR} 之间。")
    return day


class OutOfScope(PermissionError):
    """The user may not read these ratings (the message is Chinese)."""


def find_entity(uscc: str, user=None):
    """The entity of a USCC (any case); BadRequest naming the code when there is none — or, for a
    user, none in the user's scope (answered exactly like a code that does not exist)."""
    from qualitybrand.core.codes import uscc_problem
    from qualitybrand.registry.models import Entity

    code = str(uscc or "").strip().upper()
    problem = uscc_problem(code) if code else "统一社会信用代码为空"
    entities = Entity.objects.all() if user is None else Entity.objects.for_user(user)
    entity = entities.filter(uscc=code).first() if code else None
    if entity is None:
        hint = f"（代码{problem.rstrip('。')}）" if problem else ""
        raise BadRequest(f"统一社会信用代码“{code[:30]}”不在市场主体名录中{hint}。")
    return entity


def find_region(code):
    from qualitybrand.core.filtering import find_region as lookup
    from qualitybrand.core.filtering import unknown_region_message

    region = lookup(code)
    if region is None:
        raise BadRequest(unknown_region_message(code))
    return region


def find_scheme(code):
    try:
        return scheme_docs.load(code)
    except scheme_docs.SchemeNotFound as exc:
        raise BadRequest(str(exc)) from None


def rating_scope(user, region=None) -> tuple:
    """(region, entity_ids) narrowing `rate` to what the user may see: an enterprise its own entity,
    a region-bound user its region and below (a region asked for must lie there), a superuser all.
    Raises OutOfScope for a role that reads no entities or a region outside the user's scope."""
    from qualitybrand.core.roles import VIEW, Role, role_may
    from qualitybrand.core.scoping import region_in_scope, scope_path
    from qualitybrand.registry.models import Entity

    if not user.is_superuser and not role_may(getattr(user, "role", ""), VIEW, Entity):
        raise OutOfScope("您的角色不能查看信用评价。")
    if getattr(user, "role", "") == Role.ENTERPRISE and not user.is_superuser:
        return region, [user.entity_id] if user.entity_id else []
    path = scope_path(user)
    if path is None:
        raise OutOfScope("您的账号没有管辖区划，不能查看信用评价。")
    if region is not None:
        if not region_in_scope(user, region):
            raise OutOfScope(f"区划 {region.code}（{region.name}）不在您的管辖范围内。")
        return region, None
    return (None if path == "/" else user.region), None


def credit_document(as_of: dt.date, *, region=None, entity=None, scheme=None, entity_ids=None) -> dict:
    """The `credit --json` / `GET /api/v1/credit/` object of credit.md. `entity_ids` narrows to what a
    user may see (None: everything in the region)."""
    scheme = scheme if isinstance(scheme, scheme_docs.Scheme) else find_scheme(scheme)
    ids = None
    if entity is not None:
        ids = [entity.pk]
    if entity_ids is not None:
        ids = [i for i in (ids if ids is not None else entity_ids) if i in set(entity_ids)]
    ratings = rate(as_of, region=region, entity_ids=ids, scheme=scheme, with_reasons=True)
    return {"as_of": as_of.isoformat(), "scheme": scheme.code,
            "ratings": [rating.as_json() for rating in ratings]}


def ratings_table(ratings: list[Rating]) -> list[str]:
    lines = ["统一社会信用代码\t区划代码\t信用分\t等级\t主要原因"]
    for r in ratings:
        lines.append(f"{r.uscc}\t{r.region_code}\t{r.score}\t{r.grade}\t"
                     + "；".join(reason.text for reason in r.reasons))
    return lines
