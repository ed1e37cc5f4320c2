"""Quality-award writes: the expert pool, declared conflicts, assignment and blind scoring."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.core import changelog, clock
from qualitybrand.core.roles import Role
from qualitybrand.core.services import create_record, update_record

from . import rules, scoring
from .models import Application, Assignment, Expert, ExpertConflict, State
from .services import role_of


def _city_only(user, what: str) -> None:
    if user is not None and role_of(user) != Role.CITY_ADMIN:
        raise PermissionDenied(f"只有市级管理员可以{what}。")


@transaction.atomic
def save_expert(actor, *, user, name: str, specialty: str = "", organisation: str = "") -> Expert:
    _city_only(actor, "管理专家库")
    if getattr(user, "role", "") != Role.EXPERT:
        raise ValidationError(f"用户 {user.username} 的角色不是评审专家，不能加入专家库。")
    expert = Expert.objects.filter(user=user).first()
    if expert is None:
        return create_record(actor, Expert(user=user, name=name, specialty=specialty, organisation=organisation),
                             check=False)
    return update_record(actor, expert, {"name": name, "specialty": specialty, "organisation": organisation},
                         check=False)


@transaction.atomic
def declare_conflict(actor, expert: Expert, entity, reason: str) -> ExpertConflict:
    if actor is not None and role_of(actor) != Role.CITY_ADMIN and getattr(actor, "pk", None) != expert.user_id:
        raise PermissionDenied("只有专家本人或市级管理员可以申报回避。")
    if not (reason or "").strip():
        raise ValidationError("请填写回避事由（如同一法人、近期为其提供服务）。")
    conflict, created = ExpertConflict.objects.get_or_create(expert=expert, entity=entity,
                                                             defaults={"reason": reason.strip()})
    if created:
        changelog.record(user=actor, action="create", obj=conflict, after=changelog.snapshot(conflict),
                         reason=f"专家 {expert.name} 申报回避 {entity.name}")
    return conflict


@transaction.atomic
def assign_expert(actor, app: Application, expert: Expert) -> Assignment:
    """Assign an expert to an award application; a declared conflict refuses the assignment."""
    _city_only(actor, "分配评审专家")
    if not rules.is_scored(app.program):
        raise ValidationError(f"{app.program.name}不是评分类项目，不需要专家评审。")
    if app.state != State.DOC_REVIEW:
        raise ValidationError(f"申报处于“{app.state}”状态，只有“资料评审”阶段可以分配专家。")
    if not expert.active:
        raise ValidationError(f"专家{expert.name}已不在专家库中。")
    conflict = ExpertConflict.objects.filter(expert=expert, entity_id=app.entity_id).first()
    if conflict is not None:
        raise ValidationError(f"专家{expert.name}已申报与{app.entity.name}存在利益冲突（{conflict.reason}），须回避，"
                              "不能分配。")
    if expert.organisation and expert.organisation.strip() == app.entity.name:
        raise ValidationError(f"专家{expert.name}的工作单位即申报单位{app.entity.name}（同一法人），须回避，不能分配。")
    if Assignment.objects.filter(application=app, expert=expert).exists():
        raise ValidationError(f"专家{expert.name}已分配评审该申报。")
    return create_record(actor, Assignment(application=app, expert=expert, scheme=rules.scheme_of(app.program),
                                           region_id=app.region_id, assigned_at=clock.now()), check=False)


def assignment_for(user, app: Application) -> Assignment:
    assignment = Assignment.objects.filter(application=app, expert__user=user).first() if user else None
    if assignment is None:
        raise PermissionDenied("您未被分配评审该申报，不能打分。")
    return assignment


@transaction.atomic
def save_scores(user, assignment: Assignment, scores: dict, *, submit: bool = False) -> Assignment:
    """An expert saves (or submits) its percentages; submitted scores cannot be changed."""
    assignment = Assignment.objects.select_for_update().select_related("application", "expert").get(
        pk=assignment.pk)
    if user is None or assignment.expert.user_id != user.pk:
        raise PermissionDenied("您未被分配评审该申报，不能打分。")
    if assignment.submitted_at is not None:
        raise ValidationError("评分已提交，不能再修改。")
    if assignment.application.state != State.DOC_REVIEW:
        raise ValidationError(f"申报处于“{assignment.application.state}”状态，不在资料评审阶段，不能打分。")
    scheme = scoring.load_scheme(assignment.scheme)
    clean = scoring.check_scores(scheme, scores, complete=submit)
    changes = {"scores": clean, "total": scoring.expert_total(scheme, clean)}
    if submit:
        changes["submitted_at"] = clock.now()
    update_record(user, assignment, changes, reason="提交评分" if submit else "保存评分", check=False)
    if submit:
        refresh_panel_score(user, assignment.application)
    return assignment


def refresh_panel_score(user, app: Application) -> Application:
    """Once every assigned expert has submitted, the panel score is stored on the application."""
    rows = list(Assignment.objects.filter(application=app).values_list("submitted_at", "total"))
    if not rows or any(submitted is None for submitted, _ in rows):
        return app
    score = scoring.panel_score([total for _, total in rows])
    return update_record(user, app, {"panel_score": score}, reason="专家评分汇总", check=False)
