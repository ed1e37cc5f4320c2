"""Writes of the blacklist's life: its documents, removal on expiry (credit_maintenance), and the
credit repair workflow (supervision/repair.py). Every write is change-logged; a refusal raises
ValidationError / PermissionDenied with a Chinese message and changes nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.core import changelog, clock, filecheck
from qualitybrand.core.roles import CHANGE, Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.services import create_record, update_record
from qualitybrand.core.workdays import CalendarMissing, add_working_days
from qualitybrand.core.workflow import record_step, role_of

from . import repair
from .models import (
    BlacklistDocument,
    BlacklistEntry,
    RepairApplication,
    RepairMaterial,
    RepairPolicy,
    RepairState,
    RepairStep,
)
from .selectors import expired_q, public_until

MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".ofd"}
EXPIRY = "期满移出"
REPAIRED = "信用修复"


def _stored_name(suffix: str) -> str:
    return f"{clock.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}{suffix}"


def _check_file(upload, what: str) -> str:
    if upload is None:
        raise ValidationError("请选择要上传的文件。")
    return filecheck.check_material(upload, FILE_TYPES, MAX_FILE_BYTES, what=what)


# --- documents of an entry ----------------------------------------------------------------------

@transaction.atomic
def add_blacklist_document(user, entry: BlacklistEntry, upload, kind: str) -> BlacklistDocument:
    """Attach a document (列入决定书 …) to an entry; the office of the entry's region only."""
    if user is not None and not BlacklistEntry.objects.for_user(user, CHANGE).filter(pk=entry.pk).exists():
        raise PermissionDenied("该失信记录不在您的管辖范围内，不能上传文书。")
    if kind not in dict(BlacklistDocument.KINDS):
        raise ValidationError(f"文书类型“{kind}”无效：应为 {'、'.join(dict(BlacklistDocument.KINDS))} 之一。")
    suffix = _check_file(upload, "失信名单文书")
    doc = BlacklistDocument(entry=entry, kind=kind, original_name=Path(upload.name or "").name[:200], size=upload.size,
                            uploaded_by=user if getattr(user, "pk", None) else None)
    doc.file.save(_stored_name(suffix), upload, save=False)
    doc.save()
    changelog.record(user=user, action="create", obj=doc, after=changelog.snapshot(doc) | {"file": doc.file.name},
                     reason=f"上传失信名单文书（{entry}）")
    return doc


# --- removal on expiry ------------------------------------------------------------------------

@transaction.atomic
def expire_entries(as_of: dt.date, *, user=None) -> list[BlacklistEntry]:
    """Remove every entry whose 3 years are over on `as_of` (移出日期 = 列入日期 + 3 years, 移出方式
    期满移出), in bulk with one change-log row each. Idempotent: a removed entry is never touched again."""
    entries = list(BlacklistEntry.objects.select_for_update(of=("self",))
                   .filter(removed__isnull=True).filter(expired_q(as_of))
                   .select_related("entity", "region").order_by("listed", "id"))
    logs = []
    for entry in entries:
        before = changelog.snapshot(entry)
        entry.removed, entry.removal_method = public_until(entry.listed), EXPIRY
        logs.append(changelog.build_entry(user=user, action="update", obj=entry, before=before,
                                          after=changelog.snapshot(entry),
                                          reason=f"公示期满 3 年，自动移出（credit_maintenance，截至 {as_of}）"))
    BlacklistEntry.objects.bulk_update(entries, ["removed", "removal_method"], batch_size=1000)
    logs += _close_pending_repairs(entries, as_of, user)
    changelog.record_many(logs)
    return entries


def _close_pending_repairs(entries: list[BlacklistEntry], as_of: dt.date, user) -> list:
    """Pending repair applications of entries just removed on expiry end as 已终止 (nothing left to
    decide), in bulk with their timeline steps; returns their change-log rows."""
    apps = list(RepairApplication.objects.select_for_update(of=("self",))
                .filter(entry__in=[e.pk for e in entries], state=RepairState.PENDING)
                .select_related("entity", "region"))
    logs, steps = [], []
    for app in apps:
        before = changelog.snapshot(app)
        app.state, app.decided, app.decision = RepairState.CLOSED, as_of, repair.CLOSE
        app.reasons = "名单记录公示期满，已期满移出，申请终止。"
        logs.append(changelog.build_entry(user=user, action="update", obj=app, before=before,
                                          after=changelog.snapshot(app), reason="期满移出，信用修复申请终止"))
        steps.append(RepairStep(application=app, action=repair.CLOSE, from_state=RepairState.PENDING,
                                to_state=RepairState.CLOSED, user=user if getattr(user, "pk", None) else None,
                                username=str(user) if user is not None else "系统", role="",
                                comment=app.reasons, time=clock.now()))
    RepairApplication.objects.bulk_update(apps, ["state", "decided", "decision", "reasons"], batch_size=1000)
    RepairStep.objects.bulk_create(steps)
    return logs


# --- credit repair ------------------------------------------------------------------------------

def decision_days() -> int:
    policy = RepairPolicy.objects.filter(pk=1).first()
    return policy.decision_days if policy else RepairPolicy._meta.get_field("decision_days").default


@transaction.atomic
def set_decision_days(user, days: int) -> RepairPolicy:
    if user is not None and not has_scoped_role(user, {Role.CITY_ADMIN}):
        raise PermissionDenied("只有市级管理员可以设置信用修复办理时限。")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 120:
        raise ValidationError("办理时限应为 1 到 120 之间的整数（工作日）。")
    policy = RepairPolicy.objects.filter(pk=1).first()
    if policy is None:
        return create_record(user, RepairPolicy(pk=1, decision_days=days), reason="设置信用修复办理时限", check=False)
    return update_record(user, policy, {"decision_days": days}, reason="修改信用修复办理时限", check=False)


def _due(submitted: dt.date) -> dt.date | None:
    try:
        return add_working_days(submitted, decision_days())
    except CalendarMissing:
        return None  # the pages say which year's calendar is missing (selectors.due_problem)


@transaction.atomic
def fill_missing_dues(*, user=None) -> list[RepairApplication]:
    """Compute the deadlines left open for want of a calendar year, now that it may be there
    (run by credit_maintenance); one query for the open ones, one calendar for all of them."""
    from qualitybrand.core.workdays import add_working_days_many

    apps = list(RepairApplication.objects.select_for_update(of=("self",)).filter(due__isnull=True)
                .select_related("entity", "region"))
    done = []
    days = decision_days()
    for app in apps:
        try:
            due = add_working_days_many([app.submitted], days)[0]
        except CalendarMissing:
            continue
        update_record(user, app, {"due": due}, reason="工作日历已补充，计算办理期限", check=False)
        done.append(app)
    return done


@transaction.atomic
def apply_for_repair(user, entry: BlacklistEntry, uploads: list[tuple[str, object]], *, statement: str = "",
                     today: dt.date | None = None) -> RepairApplication:
    """Submit a repair application with its materials [(kind, upload)]; refused before one year on
    the list, for an entry not listed, without the three required materials, or by someone else."""
    today = today or clock.today()
    entry = BlacklistEntry.objects.select_for_update(of=("self",)).select_related("entity", "region").get(pk=entry.pk)
    role = role_of(user)
    uploads = [(kind, f) for kind, f in uploads if f is not None]
    transition, _ = repair.REPAIR.check(user, entry, repair.NEW, repair.SUBMIT, role=role,
                                        context={"today": today, "uploads": uploads})
    kinds = dict(RepairMaterial.KINDS)
    checked = []
    for kind, upload in uploads:  # every file checked before anything is written
        if kind not in kinds:
            raise ValidationError(f"材料类型“{kind}”无效：应为 {'、'.join(kinds)} 之一。")
        checked.append((kind, upload, _check_file(upload, "信用修复材料")))
    app = RepairApplication(entry=entry, entity=entry.entity, region=entry.region,
                            applicant=user if getattr(user, "pk", None) else None,
                            applicant_name=str(user) if user is not None else "系统",
                            statement=(statement or "").strip(), state=transition.next_state, submitted=today,
                            submitted_at=clock.now(), due=_due(today))
    create_record(user, app, reason="提交信用修复申请", check=False)
    for kind, upload, suffix in checked:
        material = RepairMaterial(application=app, kind=kind, original_name=Path(upload.name or "").name[:200],
                                  size=upload.size, uploaded_by=app.applicant)
        material.file.save(_stored_name(suffix), upload, save=False)
        material.save()
        changelog.record(user=user, action="create", obj=material,
                         after=changelog.snapshot(material) | {"file": material.file.name},
                         reason=f"上传信用修复材料（申请 {app.pk}）")
    record_step(RepairStep, user=user, role=role, action=repair.SUBMIT, from_state="", to_state=app.state,
                comment=app.statement, application=app)
    return app


def available_decisions(user, app: RepairApplication) -> list[str]:
    """The decisions this user may take on the application now (for the page's buttons)."""
    if user is None or not RepairApplication.objects.for_user(user, CHANGE).filter(pk=app.pk).exists():
        return []
    today = clock.today()
    gone = bool(app.entry.removed and app.entry.removed <= today)
    return [t.action for t in repair.REPAIR.available(user, app.state, role_of(user), actors=[app.applicant_id])
            if (t.action == repair.CLOSE) == gone]


@transaction.atomic
def decide_repair(user, app: RepairApplication, action: str, comment: str = "", *,
                  today: dt.date | None = None) -> RepairApplication:
    """批准 (the entry leaves the list on the decision date, 移出方式 信用修复) or 不予修复 (reasons
    required); by the city office, never by the applicant, while the entry is still listed."""
    today = today or clock.today()
    app = (RepairApplication.objects.select_for_update(of=("self",)).select_related("entry", "entity", "region")
           .get(pk=app.pk))
    comment = (comment or "").strip()
    role = role_of(user)
    transition, _ = repair.REPAIR.check(user, app, app.state, action, role=role, comment=comment,
                                        actors=[app.applicant_id], context={"today": today})
    previous = app.state
    update_record(user, app, {"state": transition.next_state, "decided": today, "decision": action,
                              "reasons": comment, "decided_by": user if getattr(user, "pk", None) else None},
                  reason=f"信用修复{action}" + (f"：{comment}" if comment else ""), check=False)
    if action == repair.APPROVE:
        entry = BlacklistEntry.objects.select_related("entity", "region").get(pk=app.entry_id)
        update_record(user, entry, {"removed": today, "removal_method": REPAIRED},
                      reason=f"信用修复申请 {app.pk} 批准，移出严重违法失信名单", check=False)
    record_step(RepairStep, user=user, role=role, action=action, from_state=previous, to_state=app.state,
                comment=comment, application=app)
    return app
