"""Who sees and who speaks for which assessed subject of a round (responsibility.md).

A round assesses subjects of one kind (planning/subjects.py): regions, departments, towns or
enterprises. The office of the round's region organises it (for a towns round the county itself);
each subject has its own user who self-evaluates, disputes and reports rectification for it:
- a region or town: the county-role user bound to exactly that region;
- a department: the department user of that department in the round's region;
- an enterprise: the enterprise user bound to that entity (USCC).
Everyone else sees a subject only through its region scope, and never another department's or
enterprise's page (404: nothing is told about another county's data).
"""

from __future__ import annotations

from django.db.models import Q

from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import (
    is_own_region,
    may_act_on_region,
    own_region_code,
    region_in_scope,
)
from qualitybrand.planning import subjects as subj
from qualitybrand.planning.models import Round, Scheme


def kind_of_round(rnd: Round) -> str:
    """The round's subject kind: its document's `subjects:`, else the scheme's field (regions)."""
    return rnd.document.get("subjects") or getattr(rnd.scheme, "subjects", "") or subj.REGIONS


def kind_label(rnd: Round) -> str:
    """The column header naming the subjects (县区 for regions as the pages always said)."""
    kind = kind_of_round(rnd)
    return "县区" if kind == subj.REGIONS else subj.LABELS[kind]


def round_subjects(rnd: Round) -> list[subj.Subject]:
    """The round's assessed subjects in the scheme's order (one query; unknown keys are left out)."""
    kind, keys = kind_of_round(rnd), list(rnd.scheme.assessed_codes or [])
    found: dict[str, subj.Subject] = {}
    if kind in (subj.REGIONS, subj.TOWNS):
        from qualitybrand.core.models import Region

        for r in Region.objects.filter(code__in=keys):
            found[r.code] = subj.Subject(kind, r.code, r.name, r)
    elif kind == subj.DEPARTMENTS:
        from qualitybrand.core.models import Department

        for d in Department.objects.filter(name__in=keys):
            found[d.name] = subj.Subject(kind, d.name, d.full_name or d.name, rnd.region, department_id=d.id)
    elif kind == subj.ENTERPRISES:
        from qualitybrand.registry.models import Entity

        for e in Entity.objects.filter(uscc__in=keys).select_related("region"):
            found[e.uscc] = subj.Subject(kind, e.uscc, e.name, e.region, entity_id=e.id)
    return [found[k] for k in keys if k in found]


def round_subject(rnd: Round, key) -> subj.Subject | None:
    """The assessed subject `key` names (a Region or a Subject is taken by its key), else None."""
    key = getattr(key, "key", None) or getattr(key, "code", None) or str(key or "")
    if key not in (rnd.scheme.assessed_codes or []):
        return None
    return next((s for s in round_subjects(rnd) if s.key == key), None)


def is_office(user, rnd: Round) -> bool:
    """A city-office user of the round's region or above; for a towns round also the county user of
    that county (a county sets and assesses its own towns)."""
    if user is None or user.is_superuser:
        return True
    if may_act_on_region(user, rnd.region, {Role.CITY_ADMIN}):
        return True
    return kind_of_round(rnd) == subj.TOWNS and is_own_region(user, rnd.region)


def speaks_for(user, rnd: Round, key: str, region) -> bool:
    """Whether the user is the subject's own user (self-evaluation, dispute, rectification report).
    `region` is the region the subject answers for (a Region or its id)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    kind = kind_of_round(rnd)
    role = getattr(user, "role", "")
    if kind == subj.DEPARTMENTS:
        return (role == Role.DEPARTMENT and user.department_id is not None and user.department.name == key
                and user.region_id == rnd.region_id)
    if kind == subj.ENTERPRISES:
        return role == Role.ENTERPRISE and user.entity_id is not None and user.entity.uscc == key
    return is_own_region(user, region)


def may_see(user, rnd: Round, subject: subj.Subject) -> bool:
    """The subject's page: the office, the subject itself, and users whose region scope covers the
    subject's region — except department and enterprise users, who see only themselves."""
    if is_office(user, rnd) or speaks_for(user, rnd, subject.key, subject.region):
        return True
    role = getattr(user, "role", "")
    if role == Role.ENTERPRISE:
        return False
    if role == Role.DEPARTMENT and subject.kind in (subj.DEPARTMENTS, subj.ENTERPRISES):
        return False
    return region_in_scope(user, subject.region)


def own_keys(user, rnd: Round) -> set[str]:
    """The subject keys of this round the user speaks for."""
    return {s.key for s in round_subjects(rnd) if speaks_for(user, rnd, s.key, s.region)}


def records_for(user, rnd: Round, qs):
    """Subject-keyed records of the round (self-evaluations, disputes, tasks) the user may see: all for
    the office, the region-scoped ones, and those of the subjects it speaks for."""
    qs = qs.filter(round=rnd)
    if is_office(user, rnd):
        return qs
    visible = qs.model.objects.for_user(user).filter(round=rnd).values("id")
    return qs.filter(Q(id__in=visible) | Q(subject__in=own_keys(user, rnd)))


def _subject_rounds(user) -> set[int]:
    """Rounds assessing the user as a department or an enterprise."""
    role = getattr(user, "role", "")
    ids = set()
    if role == Role.DEPARTMENT and user.department_id and user.region_id:
        name = user.department.name
        for rid, codes in Round.objects.filter(region_id=user.region_id, scheme__subjects=subj.DEPARTMENTS
                                               ).values_list("id", "scheme__assessed_codes"):
            if name in (codes or []):
                ids.add(rid)
    elif role == Role.ENTERPRISE and user.entity_id:
        uscc = user.entity.uscc
        for rid, codes in Round.objects.filter(scheme__subjects=subj.ENTERPRISES).values_list(
                "id", "scheme__assessed_codes"):
            if uscc in (codes or []):
                ids.add(rid)
    return ids


def rounds_for_user(user):
    """Rounds the user may see: the office's own (scoped; a county's include its towns rounds), the
    rounds assessing its region or town, its department (in its region) or its enterprise."""
    qs = Round.objects.select_related("scheme", "region")
    if user is None or not user.is_authenticated:
        return qs.none()
    ids = set(Round.objects.for_user(user).values_list("id", flat=True))
    mine = own_region_code(user, {Role.COUNTY, Role.LEADER, Role.DEPARTMENT})
    if mine:
        for rid, codes in Round.objects.values_list("id", "scheme__assessed_codes"):
            if mine in (codes or []):
                ids.add(rid)
    ids |= _subject_rounds(user)
    return qs.filter(id__in=ids)


def schemes_for_user(user):
    """Schemes of the user's office (scoped), those assessing the county or town, and those assessing
    the user's department (in its region) or enterprise."""
    qs = Scheme.objects.for_user(user)
    ids = set(qs.values_list("id", flat=True))
    mine = own_region_code(user, {Role.COUNTY})
    if mine:
        ids |= {sid for sid, codes in Scheme.objects.values_list("id", "assessed_codes") if mine in (codes or [])}
    role = getattr(user, "role", "")
    if role == Role.DEPARTMENT and user.department_id and user.region_id:
        ids |= {sid for sid, codes in Scheme.objects.filter(region_id=user.region_id, subjects=subj.DEPARTMENTS)
                .values_list("id", "assessed_codes") if user.department.name in (codes or [])}
    elif role == Role.ENTERPRISE and user.entity_id:
        ids |= {sid for sid, codes in Scheme.objects.filter(subjects=subj.ENTERPRISES)
                .values_list("id", "assessed_codes") if user.entity.uscc in (codes or [])}
    return Scheme.objects.filter(id__in=ids).select_related("region")


def tasks_for_user(user):
    """Rectification tasks the user sees across rounds: region-scoped ones, and those of its own
    department (rounds of its region) or enterprise."""
    from qualitybrand.planning.models import RectificationTask

    q = Q(id__in=RectificationTask.objects.for_user(user).values("id"))
    role = getattr(user, "role", "")
    if role == Role.DEPARTMENT and user.department_id and user.region_id:
        q |= Q(round__scheme__subjects=subj.DEPARTMENTS, round__region_id=user.region_id,
               subject=user.department.name)
    elif role == Role.ENTERPRISE and user.entity_id:
        q |= Q(round__scheme__subjects=subj.ENTERPRISES, subject=user.entity.uscc)
    return RectificationTask.objects.filter(q)


def named_tasks(tasks) -> list:
    """The tasks with `subject_name`: a department's full name, an enterprise's name, else the region's."""
    from qualitybrand.core.models import Department
    from qualitybrand.registry.models import Entity

    tasks = list(tasks)
    keys = {t.subject for t in tasks}
    names = dict(Department.objects.filter(name__in=keys).values_list("name", "full_name"))
    names.update(Entity.objects.filter(uscc__in=keys).values_list("uscc", "name"))
    for t in tasks:
        t.subject_name = (names.get(t.subject) or t.subject) if t.subject != t.region.code else t.region.name
    return tasks


def visible_results(user, rnd: Round, results: list[dict]) -> list[dict]:
    """An unpublished round's result rows as the user may see them (the office and, once the notice
    is published, everyone see all). Rows are keyed by "subject" (or "region" in old snapshots)."""
    if is_office(user, rnd) or rnd.state == Round.State.PUBLISHED:
        return results
    subjects = {s.key: s for s in round_subjects(rnd)}

    def key(r):
        return r.get("subject") or r["region"]
    return [r for r in results if key(r) in subjects and may_see(user, rnd, subjects[key(r)])]
