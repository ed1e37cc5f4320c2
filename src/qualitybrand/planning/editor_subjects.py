"""Subjects in the target-set and scheme editors (responsibility.md): which kinds a user may choose,
the allocation columns and assessed choices of each kind, and the checks of what was posted.

Every kind's choices are rendered at once and the page's script shows the chosen kind's (no reload
when switching); what is posted for the chosen kind is checked here with the same messages as the
loader (planning/subjects.py), and the loader decides in the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, is_own_region, region_in_scope
from qualitybrand.planning import subjects
from qualitybrand.planning.subjects import DEPARTMENTS, ENTERPRISES, LABELS, REGIONS, TOWN_KIND, TOWNS

ENTERPRISE_TARGETS_NOTE = ("企业没有指标目标：企业签订的质量目标责任书，其承诺事项在考核方案中设定——"
                           "新增考核方案，被考核对象选择“企业”，以人工评分项逐条列出承诺事项。")
MAX_ENTERPRISE_CHOICES = 300


@dataclass(frozen=True)
class Column:
    """One allocation column (or assessed choice): the subject key, a short label for the column
    header, the full name for its title, and the kind it belongs to."""
    code: str
    name: str
    title: str
    kind: str


def is_city_office(user) -> bool:
    return has_scoped_role(user, {Role.CITY_ADMIN})


def kinds_for(user, target: bool) -> list[tuple[str, str]]:
    """The kinds a user may choose: a city office every kind (no enterprises for a target set), a
    county office only its own towns."""
    if is_city_office(user):
        kinds = [REGIONS, DEPARTMENTS, TOWNS] + ([] if target else [ENTERPRISES])
    else:
        kinds = [TOWNS]
    return [(k, LABELS[k]) for k in kinds]


def may_edit(user, region, kind: str) -> bool:
    """A city office edits any kind within its scope (the loader checks the region); a county office
    only a document of its own county whose subjects are its towns."""
    if is_city_office(user):
        return region_in_scope(user, region)
    return kind == TOWNS and is_own_region(user, region)


def chosen_kind(user, raw, default: str, target: bool) -> str:
    """The kind posted or asked for, if the user may choose it; else the default (a county: towns)."""
    allowed = [k for k, _ in kinds_for(user, target)]
    if raw in allowed:
        return raw
    return default if default in allowed else allowed[0]


def region_columns(region, index) -> list[Column]:
    """The regions below, towns aside (they are the towns kind's columns: one input per key)."""
    return [Column(r.code, r.name, f"{r.name}（{r.code}）", REGIONS) for r in index.children(region)
            if r.kind != TOWN_KIND]


def department_columns(sindex) -> list[Column]:
    return [Column(d.name, d.name, d.full_name or d.name, DEPARTMENTS) for d in sindex.departments.values()]


def town_columns(region, index) -> list[Column]:
    return [Column(r.code, r.name, f"{r.name}（{r.code}）", TOWNS) for r in index.children(region)
            if r.kind == TOWN_KIND]


def counties_for_towns(user, region, index) -> list:
    """The regions below `region` a city office may open a towns document for (those with towns)."""
    if not is_city_office(user):
        return []
    with_towns = {r.parent_id for r in index.by_code.values() if r.kind == TOWN_KIND}
    return [r for r in index.children(region) if r.id in with_towns and region_in_scope(user, r)]


def columns_by_kind(region, index, sindex, extra_regions=()) -> dict[str, list[Column]]:
    """Every kind's allocation columns: the regions below (and any a stored document allocates to),
    the departments of the reference data, the towns of the region."""
    regions = region_columns(region, index)
    known = {c.code for c in regions}
    regions += [Column(r.code, r.name, f"{r.name}（{r.code}）", REGIONS)
                for r in sorted(extra_regions, key=lambda r: r.code) if r.code not in known and r.kind != TOWN_KIND]
    return {REGIONS: regions, DEPARTMENTS: department_columns(sindex), TOWNS: town_columns(region, index)}


def check_allocation(kind: str, key: str, region, index, sindex) -> tuple[str | None, str | None]:
    """The stored key of an allocation to `key`, or the problem (the loader's words)."""
    if kind == ENTERPRISES:
        return None, ENTERPRISE_TARGETS_NOTE
    if kind == REGIONS:
        r = index.get(key)
        if r is None or r.pk == region.pk or not r.is_within(region):
            where = f"（{r.name}）" if r is not None else ""
            return None, (f"区划 {key}{where} 不在本目标集的区划 {region.name}（{region.code}）之下："
                          "只能分解到其下级区划。")
        return r.code, None
    subject, problem = subjects.allocation_subject(kind, key, region, sindex)
    return (subject.key, None) if subject else (None, problem)


def enterprise_choices(user, region) -> list[dict]:
    """Enterprises of the registry within the user's scope and the scheme's region, for the picker
    (typed USCCs are accepted beyond these; the loader checks every one)."""
    from qualitybrand.registry.models import Entity

    qs = Entity.objects.for_user(user).filter(region__path__startswith=region.path).order_by("name")
    return [{"uscc": e.uscc, "name": e.name} for e in qs.only("uscc", "name")[:MAX_ENTERPRISE_CHOICES]]


def usccs_of(text: str) -> list[str]:
    """USCCs typed one per line (or separated by commas, spaces or 、), upper-cased, in order, once."""
    out = []
    for raw in text.replace("，", ",").replace("、", ",").replace(",", "\n").split():
        u = raw.strip().upper()
        if u and u not in out:
            out.append(u)
    return out


def parse_assessed(post, kind: str, region, columns: dict, index, sindex) -> tuple[object, str | None]:
    """The `assessed:` of a posted scheme for the chosen kind, and the problem under the field."""
    if kind == REGIONS:
        raise ValueError("regions are parsed by editor.parse_scheme")
    if kind == ENTERPRISES:
        keys = usccs_of(post.get("assessed_enterprises", ""))
        if not keys:
            return [], "请填写或选择至少一家被考核企业（统一社会信用代码，每行一个）。"
        found = sindex.enterprises(keys, region)
        problems = [found[k][1] for k in keys if found[k][1]]
        return keys, "；".join(problems) or None
    picked = [c.strip() for c in post.getlist(f"assessed_{kind}") if c.strip()]
    if not picked:
        what = "部门" if kind == DEPARTMENTS else "乡镇街道"
        return [], f"请至少选择一个被考核的{what}。"
    problems = []
    for key in picked:
        _, problem = (sindex.department(key, region) if kind == DEPARTMENTS else sindex.town(key, region))
        if problem:
            problems.append(problem)
    order = [c.code for c in columns[kind]]
    keys = sorted(dict.fromkeys(picked), key=lambda k: order.index(k) if k in order else len(order))
    return keys, "；".join(problems) or None
