"""Every write of the cultivation app: calls, applications and their transitions, materials,
recognitions made by a result, notifications. Scoring and rewards live in `awards.py` and
`rewards.py`. Refusals raise ValidationError / PermissionDenied with a Chinese message and
change nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from qualitybrand.core import changelog, clock, filecheck
from qualitybrand.core.roles import CHANGE, Role
from qualitybrand.core.services import create_record, update_record
from qualitybrand.credit import restrictions
from qualitybrand.registry.models import Entity, Program, Recognition, Trademark

from . import rules, workflow
from .models import Application, Call, Material, Notification, State, TransitionLog

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
MATERIAL_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".zip"}
ROLE_LABELS = dict(Role.choices)


def role_of(user) -> str:
    if user is None:
        return Role.CITY_ADMIN
    if user.is_superuser and not getattr(user, "role", ""):
        return Role.CITY_ADMIN
    return getattr(user, "role", "")


# --- recognitions ------------------------------------------------------------------------------

def object_key_for(program: Program, entity: Entity, trademark: Trademark | None, product_name: str) -> str:
    """The natural key's object part, as a `recognitions` ledger row makes it."""
    if program.object_kind == "商标":
        return trademark.number if trademark else ""
    if program.object_kind == "产品":
        return f"{entity.uscc}|{product_name.strip()}"
    return entity.uscc


def default_valid_until(program: Program, year: int) -> dt.date | None:
    if not program.validity_years:
        return None
    return dt.date(year + program.validity_years - 1, 12, 31)


def create_recognition(user, *, program: Program, entity: Entity, year: int, trademark: Trademark | None = None,
                       product_name: str = "", valid_until: dt.date | None = None, method: str = "评审认定",
                       reason: str = "", on: dt.date | None = None) -> Recognition:
    """Write a recognition exactly as a `recognitions` ledger row would, change-logged. Refused with the
    reason while a joint-restriction rule refuses a grant to the entity today (credit.md)."""
    restrictions.enforce(entity, "recognition.grant", on or clock.today())
    if program.object_kind == "商标":
        if trademark is None:
            raise ValidationError(f"{program.name}须指定商标注册号。")
        if trademark.holder_id != entity.pk:
            raise ValidationError(f"商标{trademark.number}不属于{entity.name}。")
    if program.object_kind == "产品" and not product_name.strip():
        raise ValidationError(f"{program.name}须填写产品名称。")
    key = object_key_for(program, entity, trademark, product_name)
    if Recognition.objects.filter(program=program, object_key=key, year=year).exists():
        raise ValidationError(f"{program.name} {year} 年度已有该对象的认定记录。")
    rec = Recognition(program=program, entity=entity, region_id=entity.region_id,
                      trademark=trademark if program.object_kind == "商标" else None,
                      product_name=product_name.strip() if program.object_kind == "产品" else "",
                      object_key=key, year=year, method=method,
                      valid_until=valid_until or default_valid_until(program, year))
    return create_record(user, rec, reason=reason, check=False)


@transaction.atomic
def set_program_rules(user, program: Program, rule_list) -> Program:
    """Replace a program's eligibility rules (schema in `cultivation.rules`), validated, change-logged."""
    if user is not None and role_of(user) != Role.CITY_ADMIN:
        raise PermissionDenied("只有市级管理员可以修改申报条件。")
    errors = rules.validate_rules(rule_list)
    if errors:
        raise ValidationError(errors)
    return update_record(user, program, {"rules": rule_list}, reason="修改申报条件", check=False)


# --- calls -------------------------------------------------------------------------------------

@transaction.atomic
def create_call(user, *, name: str, year: int, opening: dt.date, closing: dt.date, programs, region=None,
                notes: str = "") -> Call:
    if user is not None and role_of(user) != Role.CITY_ADMIN:
        raise PermissionDenied("只有市级管理员可以发布申报批次。")
    if not name.strip():
        raise ValidationError("请填写批次名称。")
    if closing < opening:
        raise ValidationError(f"截止日期 {closing} 早于开始日期 {opening}：截止日期应不早于开始日期。")
    programs = list(programs)
    if not programs:
        raise ValidationError("请至少选择一个受理项目。")
    closed = [p.name for p in programs if not p.is_open]
    if closed:
        raise ValidationError(f"项目{'、'.join(closed)}已停止受理，不能纳入新批次。")
    region = region or (user.region if user is not None else None)
    call = create_record(user, Call(name=name.strip(), year=year, opening=opening, closing=closing,
                                    region=region, notes=notes), check=False)
    call.programs.set(programs)
    return call


# --- applications ------------------------------------------------------------------------------

def _check_call(call: Call, program: Program, today: dt.date) -> None:
    if not program.is_open:
        raise ValidationError(f"{program.name}已停止受理（项目已关闭），不能申报。")
    if not call.programs.filter(pk=program.pk).exists():
        raise ValidationError(f"申报批次“{call.name}”不受理{program.name}。")
    if today < call.opening:
        raise ValidationError(f"申报批次“{call.name}”尚未开始：受理时间为 {rules.cn(call.opening)} 至 "
                              f"{rules.cn(call.closing)}。")
    if today > call.closing:
        raise ValidationError(f"申报批次“{call.name}”已于 {rules.cn(call.closing)} 截止，不能再提交申报。")


def _check_duplicate(program, key, year, exclude_pk=None) -> None:
    others = Application.objects.filter(program=program, object_key=key, year=year).exclude(
        state__in=[State.REJECTED, State.NOT_RECOGNISED])
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(f"该对象已申报 {year} 年度{program.name}（申报编号 {others.first().pk}），同一对象同一年度"
                              "不能重复申报。")
    if Recognition.objects.filter(program=program, object_key=key, year=year).exists():
        raise ValidationError(f"该对象已获 {year} 年度{program.name}认定，不能重复申报。")


def _check_object(program, entity, trademark, product_name) -> None:
    if program.object_kind == "商标":
        if trademark is None:
            raise ValidationError(f"{program.name}须选择申报的商标。")
        if trademark.holder_id != entity.pk:
            raise ValidationError(f"商标{trademark.number}的注册人不是{entity.name}：只能申报本企业的商标。")
    if program.object_kind == "产品" and not (product_name or "").strip():
        raise ValidationError(f"{program.name}须填写产品名称。")


def _check_may_apply_for(user, entity: Entity) -> None:
    if user is None:
        return
    role = role_of(user)
    if role not in (Role.ENTERPRISE, Role.COUNTY, Role.CITY_ADMIN):
        raise PermissionDenied(f"{ROLE_LABELS.get(role, role)}不能填报申报。")
    if role == Role.ENTERPRISE and entity.pk != user.entity_id:
        raise PermissionDenied("企业用户只能为本企业申报，不能为其他企业填报。")
    if not user.is_superuser and not Entity.objects.for_user(user).filter(pk=entity.pk).exists():
        raise PermissionDenied(f"{entity.name}不在您的管辖范围内。")


@transaction.atomic
def create_application(user, *, call: Call, program: Program, entity: Entity, trademark: Trademark | None = None,
                       product_name: str = "", summary: str = "", today: dt.date | None = None) -> Application:
    _check_may_apply_for(user, entity)
    _check_call(call, program, today or clock.today())
    _check_object(program, entity, trademark, product_name)
    trademark = trademark if program.object_kind == "商标" else None
    product_name = product_name.strip() if program.object_kind == "产品" else ""
    key = object_key_for(program, entity, trademark, product_name)
    _check_duplicate(program, key, call.year)
    app = Application(call=call, program=program, entity=entity, trademark=trademark, product_name=product_name,
                      object_key=key, year=call.year, summary=summary, region_id=entity.region_id,
                      created_by=user if getattr(user, "pk", None) else None)
    return create_record(user, app, reason="新建申报", check=False)


@transaction.atomic
def update_draft(user, app: Application, *, summary: str | None = None, product_name: str | None = None,
                 trademark: Trademark | None = None) -> Application:
    _check_may_edit(user, app)
    changes = {}
    if summary is not None:
        changes["summary"] = summary
    if app.program.object_kind == "产品" and product_name is not None:
        _check_object(app.program, app.entity, None, product_name)
        changes["product_name"] = product_name.strip()
    if app.program.object_kind == "商标" and trademark is not None:
        _check_object(app.program, app.entity, trademark, "")
        changes["trademark"] = trademark
    if "product_name" in changes or "trademark" in changes:
        key = object_key_for(app.program, app.entity, changes.get("trademark", app.trademark),
                             changes.get("product_name", app.product_name))
        _check_duplicate(app.program, key, app.year, exclude_pk=app.pk)
        changes["object_key"] = key
    return update_record(user, app, changes, reason="修改草稿", check=False)


def _check_may_edit(user, app: Application) -> None:
    if app.state != State.DRAFT:
        raise ValidationError(f"申报处于“{app.state}”状态，只有草稿可以修改。")
    if user is not None and not Application.objects.for_user(user, CHANGE).filter(pk=app.pk).exists():
        raise PermissionDenied("您只能修改本企业（本辖区）的申报草稿。")


@transaction.atomic
def add_material(user, app: Application, upload, kind: str) -> Material:
    """Store an uploaded file of a draft (type and size checked) under MEDIA_ROOT/applications/."""
    _check_may_edit(user, app)
    if kind not in dict(Material.KINDS):
        raise ValidationError(f"材料类型“{kind}”无效：应为 {'、'.join(dict(Material.KINDS))} 之一。")
    name = Path(upload.name or "").name
    suffix = filecheck.check_material(upload, MATERIAL_TYPES, MAX_MATERIAL_BYTES, what="申报材料")
    material = Material(application=app, kind=kind, original_name=name[:200], size=upload.size,
                        uploaded_by=user if getattr(user, "pk", None) else None)
    material.file.save(f"{clock.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}{suffix}", upload, save=False)
    material.save()
    after = changelog.snapshot(material) | {"file": material.file.name}
    changelog.record(user=user, action="create", obj=material, after=after,
                     reason=f"上传申报材料（申报 {app.pk}）")
    return material


# --- transitions -------------------------------------------------------------------------------

def available_actions(user, app: Application) -> list[workflow.Transition]:
    role = role_of(user)
    out = []
    for t in workflow.transitions_from(app.state, app.program):
        if role not in t.roles:
            continue
        if t.review and user is not None and user.pk in (app.created_by_id, app.submitted_by_id):
            continue
        out.append(t)
    return out


def _allowed_text(app) -> str:
    options = [f"{t.action}（{'、'.join(ROLE_LABELS[r] for r in sorted(t.roles))}）"
               for t in workflow.transitions_from(app.state, app.program)]
    return "、".join(options) if options else "无（流程已结束）"


@transaction.atomic
def transition(user, app: Application, action: str, comment: str = "", *, today: dt.date | None = None
               ) -> Application:
    """Move an application along the workflow table; refusals leave it unchanged."""
    app = Application.objects.select_for_update(of=("self",)).select_related("program", "entity", "call", "trademark",
                                                                  "region").get(pk=app.pk)
    today = today or clock.today()
    comment = (comment or "").strip()
    if user is not None and not Application.objects.for_user(user, CHANGE).filter(pk=app.pk).exists():
        raise PermissionDenied("该申报不在您的管辖范围内，不能办理。")
    t = workflow.find(app.state, action, app.program)
    if t is None:
        raise ValidationError(f"申报当前状态为“{app.state}”，不能执行“{action}”。当前可执行的操作：{_allowed_text(app)}。")
    role = role_of(user)
    if role not in t.roles:
        raise PermissionDenied(f"{ROLE_LABELS.get(role, '当前用户')}不能对“{app.state}”的申报执行“{action}”："
                               f"该操作由{'、'.join(ROLE_LABELS[r] for r in sorted(t.roles))}办理。")
    if t.review and user is not None and user.pk in (app.created_by_id, app.submitted_by_id):
        raise PermissionDenied("不能审核自己填报或提交的申报（不允许自我审批），请由其他审核人员办理。")
    if t.place:
        restrictions.enforce(app.entity, t.place, today)  # 联合惩戒: refused with the rule's reason
    before = changelog.snapshot(app)
    extra = {}
    for cond in t.conditions:
        extra.update(_check_condition(cond, user, app, action, comment, today))
    previous = app.state
    for key, value in extra.items():
        setattr(app, key, value)
    app.state = t.next_state
    if action == "提交":
        app.submitted_by = user if getattr(user, "pk", None) else None
        app.submitted_at = clock.now()
    if action == "异议成立":
        app.objection = comment
    if t.next_state == State.NOTICE:
        app.notice_start = today
        app.notice_end = today + dt.timedelta(days=workflow.NOTICE_DAYS)
    if t.next_state == State.RECOGNISED:
        rec = create_recognition(user, program=app.program, entity=app.entity, year=app.year,
                                 trademark=app.trademark, product_name=app.product_name,
                                 reason=f"申报 {app.pk} 认定", on=today)
        app.recognition = rec
        from .rewards import create_rewards_for_recognition

        create_rewards_for_recognition(user, rec)
    app.save()
    changelog.record(user=user, action="update", obj=app, before=before, after=changelog.snapshot(app),
                     reason=f"{action}" + (f"：{comment}" if comment else ""))
    TransitionLog.objects.create(application=app, action=action, from_state=previous, to_state=app.state,
                                 user=user if getattr(user, "pk", None) else None,
                                 username=str(user) if user is not None else "系统", role=role, comment=comment,
                                 time=clock.now())
    _notify_transition(user, app, action, previous, comment)
    return app


def _check_condition(cond, user, app, action, comment, today) -> dict:
    if cond == "comment":
        if not comment:
            raise ValidationError(f"“{action}”须填写意见：请写明原因和需要修改的内容。")
    elif cond == "own_draft":
        if role_of(user) == Role.ENTERPRISE and app.entity_id != user.entity_id:
            raise PermissionDenied("企业用户只能提交本企业的申报。")
    elif cond == "call_open":
        _check_call(app.call, app.program, today)
        _check_duplicate(app.program, app.object_key, app.year, exclude_pk=app.pk)
    elif cond == "eligible":
        results = rules.evaluate_one(app.program, app.entity_id, app.trademark_id, app.product_name, today)
        if not rules.passes(results):
            raise ValidationError(f"不符合{app.program.name}的申报条件，不能提交：" + "；".join(
                f"{r['label']}——{r['reason']}" for r in results if r["passed"] is False))
        return {"rule_results": results}
    elif cond == "scored":
        states = list(app.assignments.values_list("submitted_at", flat=True))
        if not states:
            raise ValidationError("尚未分配评审专家，不能进入现场评审。")
        waiting = sum(1 for s in states if s is None)
        if waiting:
            raise ValidationError(f"还有 {waiting} 位专家未提交评分，不能进入现场评审。")
    elif cond == "min_score":
        minimum = rules.min_score_of(app.program)
        if minimum is not None and (app.panel_score is None or app.panel_score < minimum):
            raise ValidationError(f"资料评审得分 {app.panel_score if app.panel_score is not None else '—'} 分，"
                                  f"低于{app.program.name}进入现场评审的最低分 {minimum} 分。")
    elif cond == "notice_over":
        if app.notice_end is None or today <= app.notice_end:
            raise ValidationError(f"公示期至 {rules.cn(app.notice_end)} 止，公示期满后才能认定。")
    return {}


def bulk_transition(user, app_ids: list[int], action: str, comment: str = "") -> dict:
    """The city passes or recommends a selected list in one step: each application on its own,
    the refused ones listed with their reason."""
    if role_of(user) != Role.CITY_ADMIN:
        raise PermissionDenied("只有市级管理员可以批量办理。")
    if action not in workflow.BULK_ACTIONS:
        raise ValidationError(f"批量办理只支持 {'、'.join(workflow.BULK_ACTIONS)}。")
    apps = list(Application.objects.for_user(user, CHANGE).filter(pk__in=app_ids).select_related("program"))
    found = {a.pk for a in apps}
    done, refused = [], [{"id": i, "message": "未找到该申报，或不在您的管辖范围内。"} for i in app_ids if i not in found]
    for app in apps:
        try:
            transition(user, app, action, comment)
            done.append(app.pk)
        except (ValidationError, PermissionDenied) as exc:
            refused.append({"id": app.pk, "message": "；".join(getattr(exc, "messages", [str(exc)]))})
    return {"done": done, "refused": refused}


# --- notifications -----------------------------------------------------------------------------

def _notify_transition(user, app, action, previous, comment) -> None:
    from qualitybrand.accounts.models import User

    ancestors = [c for c in app.region.path.strip("/").split("/") if c]
    reviewers = {
        State.COUNTY: [Role.COUNTY, Role.CITY_ADMIN],
        State.CITY: [Role.CITY_ADMIN], State.DOC_REVIEW: [Role.CITY_ADMIN], State.SITE_REVIEW: [Role.CITY_ADMIN],
        State.NOTICE: [Role.CITY_ADMIN], State.RECOMMENDED: [Role.CITY_ADMIN],
    }.get(app.state, [])
    q = Q(role=Role.ENTERPRISE, entity_id=app.entity_id)
    if app.created_by_id:
        q |= Q(pk=app.created_by_id)
    if reviewers:
        q |= Q(role__in=reviewers, region__code__in=ancestors)  # the applicant's county and the city
    recipients = list(User.objects.filter(q, is_active=True).exclude(pk=getattr(user, "pk", None)).distinct())
    text = f"申报“{app}”已{action}，当前状态：{app.state}。" + (f"意见：{comment}" if comment else "")
    notify(recipients, app, text[:500])


def notify(recipients, app, message: str) -> None:
    now = clock.now()
    url = f"/cultivation/applications/{app.pk}/" if app is not None else ""
    Notification.objects.bulk_create([
        Notification(recipient=u, application=app, message=message, url=url, created=now,
                     region_id=app.region_id if app is not None else u.region_id) for u in recipients
        if (app is not None or u.region_id)])
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        from django.core.mail import send_mail

        emails = [u.email for u in recipients if u.email]
        if emails:
            send_mail("质量强市与品牌战略综合管理平台：申报办理提醒", message, None, emails, fail_silently=True)


def mark_read(user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.for_user(user).filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=clock.now())
