"""Planning in the permission walk (tests/permission_cases.py): the target sets, rounds and
round-region pages whose visibility was once decided by hand-written region checks, and the
writes on a round's region (self-evaluation, dispute, review, rectification)."""

from __future__ import annotations

from importlib import import_module

from tests.permission_cases import CASES, CHANGE_CASES, OFFICE_ROLES, Case, ChangeCase
from tests.planning.factories import round_of, round_region, scheme_of, target_set

# OFFICE_ACTIONS / REGION_ACTIONS of planning/models.py: an expert of the city sees them too
PLANNING_VIEW = OFFICE_ROLES | {"expert"}
OFFICE = frozenset({"city_admin"})


def _target_set(region):
    """A target set of 天水市 allocating a target to `region` only: a county sees it through the
    allocation (`visible_target_sets`), never the set allocating to its neighbour."""
    return target_set(region.code)


def _round(region):
    """A round of 天水市 assessing `region` only (`visibility.rounds_for_user`)."""
    return round_of(region.code)


def _scheme(region):
    """A scheme of 天水市 assessing `region` only (`visibility.schemes_for_user`)."""
    return scheme_of(region.code)


def _code(obj):
    return {"code": obj.code}


def _round_and_region(obj):
    return {"pk": obj.pk, "region": obj.code}


CASES.extend([
    Case("target-set-detail", _target_set, kwargs=_code, view_roles=PLANNING_VIEW,
         list_name="target-set-list", marker=lambda ts: f'"{ts.code}"'),
    Case("target-set-progress", _target_set, kwargs=_code, view_roles=PLANNING_VIEW),
    Case("planning:target_progress", _target_set, kwargs=_code, view_roles=PLANNING_VIEW,
         list_name="planning:index", marker=lambda ts: ts.name),
    # the form editors and the YAML export: the office only; a county gets 404 for a set or scheme it
    # cannot see at all (looked up before the role is checked), 403 for one it sees
    Case("planning:target_edit", _target_set, kwargs=_code, view_roles=OFFICE),
    Case("planning:target_export", _target_set, kwargs=_code, view_roles=OFFICE),
    Case("planning:scheme_edit", _scheme, kwargs=_code, view_roles=OFFICE),
    Case("planning:scheme_export", _scheme, kwargs=_code, view_roles=OFFICE),
    Case("round-detail", _round, view_roles=PLANNING_VIEW, list_name="round-list",
         marker=lambda r: f'"{r.scheme.code}"'),
    Case("round-results", _round, view_roles=PLANNING_VIEW),
    Case("planning:round", _round, view_roles=PLANNING_VIEW, list_name="planning:index",
         marker=lambda r: r.scheme.name),
    # one round assessing both counties: the county of 620502 sees its own region page, gets 404 for
    # its neighbour's (`region_page`) and finds no row of its neighbour on the unpublished round page
    Case("planning:region", round_region, kwargs=_round_and_region, view_roles=PLANNING_VIEW,
         list_name="planning:round", list_kwargs=lambda o: {"pk": o.pk}, marker=lambda o: o.region.name),
])


def _self_evaluations(obj):
    from qualitybrand.planning.models import SelfEvaluation

    return list(SelfEvaluation.objects.filter(round_id=obj.pk, region=obj.region).values_list("score", "explanation"))


def _disputes(obj):
    from qualitybrand.planning.models import Dispute

    return Dispute.objects.filter(round_id=obj.pk, region=obj.region).count()


def _manual_scores(obj):
    from qualitybrand.planning.models import ManualScore

    return list(ManualScore.objects.filter(round_id=obj.pk, region=obj.region).values_list("score", flat=True))


def _document(obj):
    obj.refresh_from_db()
    return (obj.version, obj.document)


TARGET_FORM = {"name": "区划检查目标（改）", "year": "2013", "item-0-indicator": "tm.applications",
               "item-0-target": "120"}
SCHEME_FORM = {"name": "区划检查考核（改）", "year": "2013", "assessed_mode": "children",
               "grade-0-name": "合格", "grade-0-min": "0", "sec-0-name": "",
               "item-0-sec": "0", "item-0-code": "M1", "item-0-name": "工作机制建设", "item-0-rule": "manual",
               "item-0-points": "100"}


def _task(region):
    from qualitybrand.planning.models import RectificationTask

    rnd = round_region(region).round
    task, _ = RectificationTask.objects.get_or_create(
        round=rnd, region=region, item_code="M1",
        defaults={"item_name": "工作机制建设", "points": 10, "lost": 10, "owner": f"{region.name}质量办",
                  "deadline": rnd.deadline})
    return task


def _task_state(task):
    task.refresh_from_db()
    return (task.state, task.closing_report)


CHANGE_CASES.extend([
    # the form editors write a new version through the loader: the office only
    ChangeCase("planning:target_edit", _target_set, kwargs=_code, change_roles=OFFICE, data=TARGET_FORM,
               state=_document),
    ChangeCase("planning:scheme_edit", _scheme, kwargs=_code, change_roles=OFFICE, data=SCHEME_FORM,
               state=_document),
    # ensure_region_user: the office, or the county for its own region only
    ChangeCase("planning:self_evaluate", round_region, kwargs=_round_and_region,
               data={"item": "M1", "score": "8", "explanation": "机制健全"}, state=_self_evaluations),
    ChangeCase("planning:dispute", round_region, kwargs=_round_and_region,
               data={"item": "C1", "records": "案件 天市监罚〔2013〕12 号", "reason": "结案日期录错"}, state=_disputes),
    # is_reviewer: the office or an expert of the round's region
    ChangeCase("planning:review", round_region, kwargs=_round_and_region, change_roles=frozenset({"city_admin", "expert"}),
               data={"item": "M1", "score": "7"}, state=_manual_scores),
    # submit_rectification: the office, or the county of the task's own region
    ChangeCase("planning:task_action", _task, data={"action": "submit", "report": "已完善工作机制。"},
               state=_task_state),
])


# The responsibility system's parts (issue 15) declare theirs in permission_<part>.py.
for _part in ["subjects", "editor_subjects"]:
    try:
        import_module(f"tests.planning.permission_{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.planning.permission_{_part}":
            raise
