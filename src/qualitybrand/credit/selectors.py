"""Reads of the credit app that the command, the API and the pages share."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core import clock
from qualitybrand.core.filtering import parse_iso_date
from qualitybrand.credit import schemes as scheme_docs
from qualitybrand.credit.rating import Rating, rate


class BadRequest(ValueError):
    """Bad parameters: the message is Chinese and says what is expected."""


def parse_date(text) -> dt.date:
    if text is None or str(text).strip() == "":
        return clock.today()
    return parse_iso_date(text, BadRequest, example="2024-06-30")


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


def grade_distribution(as_of: dt.date, root, scheme=None) -> dict:
    """Grades of the entities existing on `as_of` in `root` and in each region directly below it
    (pooled from `rating.grade_counts`: one COUNT per region plus the touched entities)."""
    from qualitybrand.core.models import Region
    from qualitybrand.credit.rating import grade_counts

    counts = grade_counts(as_of, region=root, scheme=scheme)
    paths = dict(Region.objects.filter(path__startswith=root.path).values_list("id", "path"))
    children = list(Region.objects.filter(parent=root).exclude(kind="乡镇街道").order_by("code"))

    def pooled(prefix: str) -> dict:
        total = dict.fromkeys(scheme_docs.GRADES, 0)
        for region_id, by_grade in counts.items():
            if paths.get(region_id, "").startswith(prefix):
                for grade, n in by_grade.items():
                    total[grade] += n
        return {**total, "total": sum(total.values())}

    return {"as_of": as_of, "root": root, "all": pooled(root.path),
            "rows": [{"region": child, **pooled(child.path)} for child in children]}


def distribution_json(dist: dict) -> dict:
    def row(name, code, values):
        return {"name": name, "code": code, **{g: values[g] for g in scheme_docs.GRADES}, "total": values["total"]}

    return {"as_of": dist["as_of"].isoformat(),
            "all": row(dist["root"].name, dist["root"].code, dist["all"]),
            "rows": [row(r["region"].name, r["region"].code, r) for r in dist["rows"]]}


PAGE_SIZES = (20, 50, 100)


def rating_page(as_of: dt.date, *, region=None, entity_ids=None, grade: str = "", page=None, size=None):
    """(page of rows, {grade: count}) for the rating list: the whole region is rated in grouped queries,
    the page's rows get their reasons and their entity (for names and links)."""
    from django.core.paginator import Paginator

    from qualitybrand.core.paging import get_page
    from qualitybrand.credit.reasons import reasons_for
    from qualitybrand.registry.models import Entity

    scheme = scheme_docs.load(None)
    ratings = rate(as_of, region=region, entity_ids=entity_ids, scheme=scheme, with_reasons=False)
    counts = dict.fromkeys(scheme_docs.GRADES, 0)
    for rating in ratings:
        counts[rating.grade] += 1
    rows = [r for r in ratings if not grade or r.grade == grade]
    size = int(size) if str(size or "") in {str(s) for s in PAGE_SIZES} else 50
    page_obj = get_page(Paginator(rows, size), page)
    shown = list(page_obj.object_list)
    entities = Entity.objects.select_related("region").in_bulk([r.entity_id for r in shown])
    reasons = reasons_for(as_of, scheme, {r.entity_id: r.uscc for r in shown})
    page_obj.object_list = [{"rating": r, "entity": entities.get(r.entity_id),
                             "reasons": reasons.get(r.entity_id, [])} for r in shown]
    return page_obj, counts
