"""The subject editors in the permission walk: a target set and a scheme of a county for its towns
(subjects: towns). The county edits its own (and gets 404 for its neighbour's, which it cannot see);
the city office edits both; nobody else edits them."""

from __future__ import annotations

from qualitybrand.core.services import save_region
from qualitybrand.planning.loading import load_text
from qualitybrand.planning.models import Scheme, TargetSet
from tests.permission_cases import CASES, CHANGE_CASES, OFFICE_ROLES, Case, ChangeCase

TOWN_EDITORS = frozenset({"city_admin", "county"})
PLANNING_VIEW = OFFICE_ROLES | {"expert"}

TOWN_TARGETS = """
kind: targets
code: towns-{code}
name: {name}乡镇街道目标
year: 2014
region: "{code}"
subjects: towns
items:
  - indicator: tm.applications
    target: 60
    allocations: {{"{town}": 30}}
"""

TOWN_SCHEME = """
kind: scheme
code: towns-scheme-{code}
name: {name}乡镇街道考核
year: 2014
region: "{code}"
subjects: towns
assessed: ["{town}"]
grades:
  - {{grade: 合格, min: 0}}
items:
  - {{code: M1, name: 工作机制建设, points: 100, rule: manual}}
"""


def _town(region):
    return save_region(None, code=f"{region.code}001", name=f"{region.name}第一街道", kind="乡镇街道", parent=region)


def _load(text: str) -> None:
    result = load_text(text)
    assert result.ok, result.errors


def town_targets(region) -> TargetSet:
    town = _town(region)
    code = f"towns-{region.code}"
    if not TargetSet.objects.filter(code=code).exists():
        _load(TOWN_TARGETS.format(code=region.code, name=region.name, town=town.code))
    return TargetSet.objects.get(code=code)


def town_scheme(region) -> Scheme:
    town = _town(region)
    code = f"towns-scheme-{region.code}"
    if not Scheme.objects.filter(code=code).exists():
        _load(TOWN_SCHEME.format(code=region.code, name=region.name, town=town.code))
    return Scheme.objects.get(code=code)


def _code(obj):
    return {"code": obj.code}


def _document(obj):
    obj.refresh_from_db()
    return (obj.version, obj.document)


TOWN_TARGET_FORM = {"name": "乡镇街道目标（改）", "year": "2014", "subjects": "towns",
                    "item-0-indicator": "tm.applications", "item-0-target": "80"}
TOWN_SCHEME_FORM = {"name": "乡镇街道考核（改）", "year": "2014", "subjects": "towns",
                    "grade-0-name": "合格", "grade-0-min": "0", "sec-0-name": "",
                    "item-0-sec": "0", "item-0-code": "M1", "item-0-name": "工作机制建设", "item-0-rule": "manual",
                    "item-0-points": "100", "assessed_towns": "620502001"}  # the walk's own county: 620502

CASES.extend([
    Case("planning:target_progress", town_targets, kwargs=_code, view_roles=PLANNING_VIEW),
    Case("planning:target_edit", town_targets, kwargs=_code, view_roles=TOWN_EDITORS),
    Case("planning:target_export", town_targets, kwargs=_code, view_roles=TOWN_EDITORS),
    Case("planning:target_document", town_targets, kwargs=lambda o: {"code": o.code, "kind": "xlsx"},
         view_roles=PLANNING_VIEW),
    Case("planning:scheme_edit", town_scheme, kwargs=_code, view_roles=TOWN_EDITORS),
    Case("planning:scheme_export", town_scheme, kwargs=_code, view_roles=TOWN_EDITORS),
])


CHANGE_CASES.extend([
    ChangeCase("planning:target_edit", town_targets, kwargs=_code, change_roles=TOWN_EDITORS,
               data=TOWN_TARGET_FORM, state=_document),
    ChangeCase("planning:scheme_edit", town_scheme, kwargs=_code, change_roles=TOWN_EDITORS,
               data=TOWN_SCHEME_FORM, state=_document),
])
