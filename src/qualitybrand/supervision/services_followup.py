"""Writes of the follow-ups (抽查后处理, supervision/followup.py): each step checked against the
transitions table first (a Chinese ValidationError / PermissionDenied, nothing changed), then the
FollowUp row written through core.services (change-logged), its documents and a timeline step."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from qualitybrand.core import changelog, clock, filecheck
from qualitybrand.core.roles import CHANGE, Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.services import create_record, update_record
from qualitybrand.core.workflow import record_step, role_of

from . import followup as fw
from . import notice
from .models import (
    Case,
    DayKind,
    DeadlineStep,
    FollowUp,
    FollowUpDocument,
    FollowUpSetting,
    FollowUpStep,
    FollowUpTracking,
    Inspection,
)
from .selectors_followup import followup_of, status_of

MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".ofd", ".zip"}
MAX_DAYS = 365


def _stored_name(suffix: str) -> str:
    return f"{clock.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}{suffix}"


def _uid(user):
    return user if getattr(user, "pk", None) else None


def _lock(inspection: Inspection) -> Inspection:
    """The batch and its follow-up read again under a row lock: two offices acting at once take turns."""
    i = (Inspection.objects.select_for_update(of=("self",)).select_related("entity", "region")
         .get(pk=inspection.pk))
    f = FollowUp.objects.select_for_update(of=("self",)).filter(inspection=i).first()
    if f is not None:
        i.followup = f
    return i


def _save_document(user, f: FollowUp, kind: str, name: str, content, suffix: str) -> FollowUpDocument:
    doc = FollowUpDocument(followup=f, kind=kind, original_name=name[:200], size=content.size, uploaded_by=_uid(user))
    doc.file.save(_stored_name(suffix), content, save=False)
    doc.save()
    changelog.record(user=user, action="create", obj=doc, after=changelog.snapshot(doc) | {"file": doc.file.name},
                     reason=f"{kind}（{f.inspection.number}）")
    return doc


def _check_upload(upload, what: str) -> str:
    if upload is None:
        raise ValidationError(f"请选择要上传的{what}文件。")
    return filecheck.check_material(upload, FILE_TYPES, MAX_FILE_BYTES, what=what)


def _step(user, f: FollowUp, action: str, before: str, comment: str = "") -> None:
    record_step(FollowUpStep, user=user, role=role_of(user), action=action, from_state=before, to_state=f.status,
                comment=comment, followup=f)


# --- 下达整改通知 ------------------------------------------------------------------------------------

def _check_notice(user, i: Inspection, today: dt.date):
    fw.FOLLOWUP.check(user, i, status_of(i), fw.NOTICE, role=role_of(user), context={"today": today})


def _issue(user, i: Inspection, today: dt.date, settings: dict) -> FollowUp:
    due = fw.due_after(today, DeadlineStep.RECTIFY, settings)
    number = notice.notice_number(i, today)
    f = followup_of(i) or FollowUp(inspection=i, entity=i.entity, region=i.region, created_by=_uid(user))
    before = status_of(i)
    values = {"status": fw.S.RECTIFYING, "notice_number": number, "notice_date": today, "rectify_due": due}
    if f.pk is None:
        for name, value in values.items():
            setattr(f, name, value)
        create_record(user, f, reason=f"下达责令整改通知书 {number}", check=False)
    else:
        update_record(user, f, values, reason=f"下达责令整改通知书 {number}", check=False)
    content = ContentFile(notice.notice_docx(i, number=number, day=today, due=due))
    _save_document(user, f, "责令整改通知书", f"责令整改通知书_{i.number}.docx", content, ".docx")
    _step(user, f, fw.NOTICE, before, f"整改期限：{fw.cn(due)}" if due else "")
    return f


@transaction.atomic
def issue_notice(user, inspection: Inspection, *, today: dt.date | None = None) -> FollowUp:
    """下达整改通知: the follow-up row, its 责令整改通知书 (.docx, stored) and the 整改 deadline."""
    today = today or clock.today()
    i = _lock(inspection)
    _check_notice(user, i, today)
    return _issue(user, i, today, fw.settings_map())


@transaction.atomic
def issue_notices(user, inspections, *, today: dt.date | None = None) -> list[FollowUp]:
    """下达整改通知 for many batches: every batch is checked first; one refusal refuses them all
    (the message names each refused batch), so a bulk notice is never half done."""
    today = today or clock.today()
    locked = [_lock(i) for i in sorted(inspections, key=lambda i: i.pk)]
    if not locked:
        raise ValidationError("请先勾选要下达整改通知的不合格批次。")
    problems = []
    for i in locked:
        try:
            _check_notice(user, i, today)
        except (ValidationError, PermissionDenied) as exc:
            problems.append(f"{i.number}：{'；'.join(getattr(exc, 'messages', None) or [str(exc)])}")
    if problems:
        raise ValidationError(["以下批次不能下达整改通知，本次未下达任何通知：", *problems])
    settings = fw.settings_map()
    return [_issue(user, i, today, settings) for i in locked]


# --- 提交整改报告 ------------------------------------------------------------------------------------

@transaction.atomic
def submit_report(user, inspection: Inspection, upload, *, note: str = "", today: dt.date | None = None) -> FollowUp:
    """The 整改报告 (an upload checked by content), by the entity's enterprise user or the office on its
    behalf; starts the 复查 deadline."""
    today = today or clock.today()
    i = _lock(inspection)
    fw.FOLLOWUP.check(user, i, status_of(i), fw.REPORT, role=role_of(user), context={"today": today})
    suffix = _check_upload(upload, "整改报告")
    f = i.followup
    before = f.status
    due = fw.due_after(today, DeadlineStep.RECHECK)
    update_record(user, f, {"status": fw.S.AWAITING_RECHECK, "report_date": today, "recheck_due": due},
                  reason="提交整改报告", check=False)
    _save_document(user, f, "整改报告", Path(upload.name or "整改报告").name, upload, suffix)
    _step(user, f, fw.REPORT, before, note)
    return f


# --- 登记复查 --------------------------------------------------------------------------------------

@transaction.atomic
def record_recheck(user, inspection: Inspection, result: str, *, on: dt.date | None = None, items: str = "",
                   comment: str = "", upload=None, today: dt.date | None = None) -> FollowUp:
    """登记复查: 合格 closes the follow-up (复查合格, on the 复查日期); 不合格 leaves it for 立案 or 结案."""
    today = today or clock.today()
    if result not in ("合格", "不合格"):
        raise ValidationError("请选择复查结果：“合格”或“不合格”。")
    action = fw.PASS if result == "合格" else fw.FAIL
    i = _lock(inspection)
    fw.FOLLOWUP.check(user, i, status_of(i), action, role=role_of(user), context={"today": today})
    f = i.followup
    on = on or today
    if on > today:
        raise ValidationError(f"复查日期 {fw.cn(on)} 晚于今天（{fw.cn(today)}），请填写实际复查的日期。")
    if f.report_date and on < f.report_date:
        raise ValidationError(f"复查日期 {fw.cn(on)} 早于整改报告日期 {fw.cn(f.report_date)}：复查应在收到整改报告之后。")
    items = (items or "").strip()
    if result == "不合格" and not items:
        raise ValidationError("复查不合格须填写不合格项目。")
    suffix = _check_upload(upload, "复查报告") if upload is not None else ""
    before = f.status
    values = {"status": fw.S.RECHECK_PASSED if result == "合格" else fw.S.RECHECK_FAILED, "recheck_date": on,
              "recheck_result": result, "recheck_items": items if result == "不合格" else ""}
    if result == "合格":
        values["closed"] = on
    else:
        values["dispose_due"] = fw.due_after(on, DeadlineStep.DISPOSE)
    update_record(user, f, values, reason=f"登记复查：{result}", check=False)
    if upload is not None:
        _save_document(user, f, "复查报告", Path(upload.name or "复查报告").name, upload, suffix)
    _step(user, f, action, before, comment.strip())
    return f


# --- 立案 / 结案 ------------------------------------------------------------------------------------

@transaction.atomic
def open_case(user, inspection: Inspection, *, case: Case | None = None, number: str = "",
              case_type: str = "质量违法", comment: str = "", today: dt.date | None = None) -> FollowUp:
    """立案: link an existing case of the same entity (`case`) or create one (`number`, through
    core.services.create_record, scoped like every case entry); the follow-up closes on the day."""
    today = today or clock.today()
    i = _lock(inspection)
    fw.FOLLOWUP.check(user, i, status_of(i), fw.CASE, role=role_of(user), context={"today": today})
    f = i.followup
    if case is not None:
        # out of scope answers exactly as a case that does not exist: never name another county's case
        if user is not None and not Case.objects.for_user(user, CHANGE).filter(pk=case.pk).exists():
            raise ValidationError("所选案件不存在。")
        if case.party_id != i.entity_id:
            raise ValidationError(f"案件 {case.number} 的当事人不是 {i.entity.name}：只能关联同一主体的案件。")
    else:
        number = (number or "").strip()
        if not number:
            raise ValidationError("请填写新案件的案件编号，或选择要关联的已有案件。")
        if Case.objects.filter(number=number).exists():
            if user is None or Case.objects.for_user(user, CHANGE).filter(number=number).exists():
                raise ValidationError(f"案件编号 {number} 已存在：如是同一案件，请选择“关联已有案件”。")
            raise ValidationError(f"案件编号 {number} 不能使用：请换一个编号。")
        if case_type not in dict(Case._meta.get_field("case_type").choices):
            raise ValidationError(f"案件类型“{case_type}”无效。")
        case = create_record(user, Case(number=number, case_type=case_type, party=i.entity, source="抽查",
                                        opened=today, region=i.region),
                             reason=f"抽查后处理立案（{i.number}）")
    before = f.status
    update_record(user, f, {"status": fw.S.CASE_OPENED, "case": case, "closed": today},
                  reason=f"立案：{case.number}", check=False)
    _step(user, f, fw.CASE, before, comment.strip() or f"案件编号：{case.number}")
    return f


@transaction.atomic
def close_followup(user, inspection: Inspection, comment: str, *, today: dt.date | None = None) -> FollowUp:
    """结案 (reasons required) after a failed 复查 that is not taken to a case."""
    today = today or clock.today()
    i = _lock(inspection)
    comment = (comment or "").strip()
    fw.FOLLOWUP.check(user, i, status_of(i), fw.CLOSE, role=role_of(user), comment=comment,
                      context={"today": today})
    f = i.followup
    before = f.status
    update_record(user, f, {"status": fw.S.CLOSED, "closed": today, "close_comment": comment},
                  reason="抽查后处理结案", check=False)
    _step(user, f, fw.CLOSE, before, comment)
    return f


def available_actions(user, inspection: Inspection) -> list[str]:
    """The steps this user may take now (the page's buttons)."""
    if user is None:
        return []
    return [t.action for t in fw.FOLLOWUP.available(user, status_of(inspection), role_of(user))]


# --- deadline settings --------------------------------------------------------------------------

@transaction.atomic
def set_deadline(user, step: str, days: int | None, day_kind: str) -> FollowUpSetting:
    """Change one step's deadline (city office; change-logged). `days` None = no deadline; applies to
    the steps taken from now on (a deadline is fixed when its step starts)."""
    if user is not None and not has_scoped_role(user, {Role.CITY_ADMIN}):
        raise PermissionDenied("只有市级管理员可以设置抽查后处理的期限。")
    if step not in DeadlineStep.values:
        raise ValidationError(f"环节“{step}”无效：应为 {'、'.join(DeadlineStep.values)} 之一。")
    if day_kind not in DayKind.values:
        raise ValidationError("计算方式应为“自然日”或“工作日”。")
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS):
        raise ValidationError(f"{step}期限应为 1 到 {MAX_DAYS} 之间的整数（天），不设期限请留空。")
    row = FollowUpSetting.objects.filter(step=step).first()
    if row is None:
        return create_record(user, FollowUpSetting(step=step, days=days, day_kind=day_kind),
                             reason=f"设置{step}期限", check=False)
    return update_record(user, row, {"days": days, "day_kind": day_kind}, reason=f"修改{step}期限", check=False)


@transaction.atomic
def set_tracking_start(user, start: dt.date | None) -> FollowUpTracking:
    """Set the 跟踪起始日期 (city office; change-logged). 不合格 batches sampled before it with no step
    taken become 历史批次 (not open, never overdue); None = every batch is tracked again."""
    if user is not None and not has_scoped_role(user, {Role.CITY_ADMIN}):
        raise PermissionDenied("只有市级管理员可以设置抽查后处理的跟踪起始日期。")
    if start is not None and (not isinstance(start, dt.date) or isinstance(start, dt.datetime)):
        raise ValidationError("跟踪起始日期应为日期（YYYY-MM-DD），不设请留空。")
    today = clock.today()
    if start is not None and start > today:
        raise ValidationError(f"跟踪起始日期 {fw.cn(start)} 晚于今天（{fw.cn(today)}）：应为平台开始办理"
                              f"抽查后处理的日期，不能是将来的日期。")
    row = FollowUpTracking.objects.select_for_update().first()
    text = start.isoformat() if start else "不设（全部批次纳入跟踪）"
    if row is None:
        return create_record(user, FollowUpTracking(start=start), reason=f"设置跟踪起始日期：{text}", check=False)
    if row.start == start:
        return row
    return update_record(user, row, {"start": start}, reason=f"修改跟踪起始日期：{text}", check=False)
