"""Assessed subjects (responsibility.md): regions (the default), departments, towns, enterprises.

A subject has a key — a region or town code, a department's short name (市场监管, 住建 …), a USCC —
and the region it answers for: a region or town itself; a department the whole region of the set or
scheme; an enterprise its registered region (records about it are scoped there). Indicator values
of a subject are those of that region; an enterprise has none (its items are manual).
"""

from __future__ import annotations

from dataclasses import dataclass

REGIONS, DEPARTMENTS, TOWNS, ENTERPRISES = "regions", "departments", "towns", "enterprises"
KINDS = (REGIONS, DEPARTMENTS, TOWNS, ENTERPRISES)
LABELS = {REGIONS: "区划", DEPARTMENTS: "部门", TOWNS: "乡镇街道", ENTERPRISES: "企业"}
TOWN_KIND = "乡镇街道"


@dataclass(frozen=True)
class Subject:
    kind: str
    key: str
    name: str
    region: object  # core.Region the subject answers for (scoping; indicator values unless an enterprise)
    department_id: int | None = None
    entity_id: int | None = None

    @property
    def keeps_region(self) -> bool:
        """Result and progress rows carry "region" for region and town subjects only."""
        return self.kind in (REGIONS, TOWNS)

    @property
    def has_values(self) -> bool:
        return self.kind != ENTERPRISES

    def row_keys(self) -> dict:
        """The identifying keys of a JSON row of this subject (responsibility.md)."""
        return {"subject": self.key, "region": self.key} if self.keeps_region else {"subject": self.key}


def applies(item: dict, key: str) -> bool:
    """Whether a scheme item is scored for the subject (`applies_to`, absent = every subject)."""
    return not item.get("applies_to") or key in item["applies_to"]


def kind_of(doc: dict) -> str:
    """The document's `subjects:`, regions when absent (every existing file keeps its meaning)."""
    return doc.get("subjects") or REGIONS


class SubjectIndex:
    """Lookups for one validation or one assessment: regions (documents.RegionIndex), departments by
    short name, enterprises by USCC (only those asked for)."""

    def __init__(self, regions=None):
        from qualitybrand.core.models import Department
        from qualitybrand.planning.documents import RegionIndex

        self.regions = regions or RegionIndex()
        self.departments = {d.name: d for d in Department.objects.all()}

    def department_names(self) -> list[str]:
        return list(self.departments)

    def region_subject(self, region, kind: str = REGIONS) -> Subject:
        return Subject(kind, region.code, region.name, region)

    def town(self, code, parent) -> tuple[Subject | None, str | None]:
        """A town (乡镇街道) below `parent`, or the problem (the same message for another county's town
        as for a missing one would hide nothing: towns are public codes, so name the real problem)."""
        r = self.regions.get(code)
        if r is None:
            return None, f"乡镇街道代码 {code} 不存在：请先导入该区划（setup_regions 或“行政区划”台账）。"
        if r.kind != TOWN_KIND:
            return None, f"区划 {r.code}（{r.name}）不是乡镇街道：subjects: towns 只能考核乡镇街道。"
        if parent is not None and (r.path == parent.path or not r.path.startswith(parent.path)):
            return None, f"乡镇街道 {r.code}（{r.name}）不在 {parent.code}（{parent.name}）之下：只能分解或考核本区划的乡镇街道。"
        return self.region_subject(r, TOWNS), None

    def department(self, name, region) -> tuple[Subject | None, str | None]:
        d = self.departments.get(str(name).strip()) if name is not None else None
        if d is None:
            known = "、".join(self.departments) or "（尚无部门参考数据）"
            return None, f"部门 “{name}” 不存在：应为部门参考数据中的简称（{known}）之一。"
        return Subject(DEPARTMENTS, d.name, d.full_name or d.name, region, department_id=d.id), None

    def enterprises(self, usccs, region) -> dict[str, tuple[Subject | None, str | None]]:
        """Enterprises by USCC within `region` (one query). One message for "not registered" and
        "registered elsewhere": another county's enterprises are not revealed."""
        from qualitybrand.registry.models import Entity

        wanted = {str(u).strip().upper() for u in usccs if u is not None}
        found = {}
        if region is not None:
            for e in Entity.objects.filter(uscc__in=wanted, region__path__startswith=region.path).select_related(
                    "region"):
                found[e.uscc] = Subject(ENTERPRISES, e.uscc, e.name, e.region, entity_id=e.id)
        out = {}
        for u in wanted:
            if u in found:
                out[u] = (found[u], None)
            else:
                where = f"{region.name}" if region is not None else "本区划"
                out[u] = (None, f"统一社会信用代码 {u} 不在{where}的市场主体名录中：请核对代码，或先登记该企业。")
        return out


def resolve(kind: str, assessed, region, index: SubjectIndex) -> tuple[list[Subject], list[str]]:
    """The assessed subjects of a scheme (in their natural order) and the problems found."""
    from qualitybrand.planning.documents import code_str, resolve_assessed

    if region is None:
        return [], []
    if kind == REGIONS:
        found, problems = resolve_assessed(assessed, region, index.regions)
        return [index.region_subject(r) for r in found], problems
    if kind == TOWNS:
        if assessed == "children":
            kids = [r for r in index.regions.children(region) if r.kind == TOWN_KIND]
            if not kids:
                return [], [f"assessed: children 表示 {region.code}（{region.name}）的乡镇街道，但该区划下没有乡镇街道。"]
            return [index.region_subject(r, TOWNS) for r in kids], []
        out, problems = [], []
        for raw in assessed:
            s, problem = index.town(code_str(raw), region)
            if problem:
                problems.append(problem)
            elif s.key not in {x.key for x in out}:
                out.append(s)
        return sorted(out, key=lambda s: s.key), problems
    if assessed == "children":
        what = "部门简称列表，例如 [住建, 环保]" if kind == DEPARTMENTS else "统一社会信用代码列表"
        return [], [f"subjects: {kind} 的 assessed 应为{what}，不能是 children。"]
    if kind == DEPARTMENTS:
        out, problems = [], []
        for raw in assessed:
            s, problem = index.department(code_str(raw), region)
            if problem:
                problems.append(problem)
            elif s.key not in {x.key for x in out}:
                out.append(s)
        order = list(index.departments)
        return sorted(out, key=lambda s: order.index(s.key)), problems
    if kind == ENTERPRISES:
        keys = [code_str(a) for a in assessed]
        found = index.enterprises([k for k in keys if k], region)
        out, problems = [], []
        for k in keys:
            if k is None:
                problems.append("assessed 中有空的统一社会信用代码。")
                continue
            s, problem = found[k.upper()]
            if problem:
                problems.append(problem)
            elif s.key not in {x.key for x in out}:
                out.append(s)
        return sorted(out, key=lambda s: s.key), problems
    return [], [f"subjects “{kind}” 无法识别：应为 {'、'.join(KINDS)} 之一。"]


def allocation_subject(kind: str, key, region, index: SubjectIndex) -> tuple[Subject | None, str | None]:
    """The subject a target set allocates to (regions, departments, towns; enterprises have no
    indicator targets)."""
    if kind == DEPARTMENTS:
        return index.department(key, region)
    if kind == TOWNS:
        return index.town(key, region)
    r = index.regions.get(key)
    if r is None:
        return None, f"分解到的区划 {key} 不存在：请使用现有区划代码。"
    if region is not None and (r.path == region.path or not r.path.startswith(region.path)):
        return None, f"分解到的区划 {key}（{r.name}）不在 {region.code}（{region.name}）之下。"
    return index.region_subject(r), None


def subjects_of_scheme(scheme_doc: dict) -> list[Subject]:
    """The assessed subjects of a stored (validated) scheme document; problems raise ValueError."""
    index = SubjectIndex()
    region = index.regions.get(scheme_doc["region"])
    if region is None:
        raise ValueError(f"方案的区划 {scheme_doc['region']} 已不存在。")
    found, problems = resolve(kind_of(scheme_doc), scheme_doc["assessed"], region, index)
    if problems:
        raise ValueError("；".join(problems))
    return found


def subject_keys_of_user(user) -> set[str]:
    """The subject keys a user speaks for: its region's code (county, town, leader), its department's
    short name (a department user), its enterprise's USCC (an enterprise user)."""
    from qualitybrand.core.roles import Role

    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    keys = set()
    role = getattr(user, "role", "")
    if role == Role.DEPARTMENT and getattr(user, "department_id", None):
        keys.add(user.department.name)
    elif role == Role.ENTERPRISE and getattr(user, "entity_id", None):
        keys.add(user.entity.uscc)
    elif role in (Role.COUNTY, Role.LEADER, Role.DEPARTMENT) and getattr(user, "region_id", None):
        keys.add(user.region.code)
    return keys
