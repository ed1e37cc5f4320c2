"""Every write of 交办任务 (responsibility.md § assigned tasks): the office creates a task for departments,
counties or towns; each assignee reports progress and completion with evidence; the office accepts or
returns each assignee. Each write checks the user's right (core/scoping.py), validates everything
before writing anything (a Chinese ValidationError, nothing saved) and records the change log."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.assignments import workflow
from qualitybrand.assignments.models import Assignee, Attachment, Report, Task
from qualitybrand.core import changelog, clock, filecheck
from qualitybrand.core.filtering import parse_iso_date
from qualitybrand.core.models import Department, Region, RegionKind
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import is_own_region, may_act_on_region
from qualitybrand.core.services import create_record, update_record

FILE_TYPES = {".pdf", ".doc", ".docx", ".ofd", ".jpg", ".jpeg", ".png", ".xls", ".xlsx", ".zip"}
SOURCES = ("", "迎检")
MAX_FILES = 10
COUNTY_KINDS = {RegionKind.DISTRICT, RegionKind.COUNTY, RegionKind.COUNTY_CITY, RegionKind.ZONE}
OFFICE_KINDS = COUNTY_KINDS | {RegionKind.CITY, RegionKind.PROVINCE}
KIND_NAMES = {"department": Assignee.Kind.DEPARTMENT, "region": Assignee.Kind.REGION, "town": Assignee.Kind.TOWN}


def max_file_bytes() -> int:
    return int(getattr(settings, "QB_ASSIGNMENT_FILE_MB", 20)) * 1024 * 1024


def _by(user):
    return user if getattr(user, "pk", None) else None


# --- who is the office, who answers for an assignee ---------------------------------------------

def is_office(user, task: Task) -> bool:
    """The assigning office (or an office above it) may accept, return and see every assignee."""
    if user is None:
        return True
    return may_act_on_region(user, task.region, workflow.OFFICES)


def answers_for(user, assignee: Assignee) -> bool:
    """The user who reports for an assignee: the department's user of the assignee's region, the
    county itself, and for a town the town's own account or its county's office (towns seldom have
    accounts of their own: the county enters their reports)."""
    if user is None or getattr(user, "is_superuser", False):
        return True
    if assignee.kind == Assignee.Kind.DEPARTMENT:
        return (is_own_region(user, assignee.region_id, Role.DEPARTMENT)
                and user.department_id == assignee.department_id)
    if assignee.kind == Assignee.Kind.REGION:
        return is_own_region(user, assignee.region_id)
    return is_own_region(user, assignee.region_id) or (
        assignee.region.parent_id is not None and is_own_region(user, assignee.region.parent_id))


# --- create ---------------------------------------------------------------------------------------

def _deadline(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = str(value or "").strip()
        if not text:
            raise ValidationError({"deadline": "请填写完成期限。"})
        try:
            value = parse_iso_date(text)
        except ValueError as exc:
            raise ValidationError({"deadline": f"完成期限：{exc}"}) from None
    if value < clock.today():
        raise ValidationError({"deadline": f"完成期限 {value:%Y-%m-%d} 早于今天（{clock.today():%Y-%m-%d}）："
                                           f"请填写今天或以后的日期。"})
    return value


def _self_only(user, office: Region, assignees) -> bool:
    """The assigner's own unit as the only assignee(s): the office's own region, or a department
    user's own department."""
    own_department = getattr(user, "department_id", None) if getattr(user, "role", "") == Role.DEPARTMENT else None
    for kind, target in assignees:
        if kind in ("region", "town") and getattr(target, "pk", None) == office.pk:
            continue
        if kind == "department" and own_department and getattr(target, "pk", None) == own_department:
            continue
        return False
    return bool(assignees)


def clean_assignees(office: Region, assignees) -> list[tuple[str, Department | None, Region]]:
    """(model kind, department, region) per assignee, duplicates dropped; ValidationError naming the
    first wrong one. Departments answer for the office's region; counties are children of the
    office's region; towns lie below it (a city: any of its counties' towns; a county: its own)."""
    out: list[tuple[str, Department | None, Region]] = []
    if not assignees:
        raise ValidationError({"assignees": "请至少选择一个承办单位（部门、县区或乡镇街道）。"})
    for item in assignees:
        try:
            kind, target = item
        except (TypeError, ValueError):
            raise ValidationError({"assignees": "承办单位格式错误。"}) from None
        if kind not in KIND_NAMES:
            raise ValidationError({"assignees": f"承办单位类型“{str(kind)[:20]}”无效：应为部门、区县或乡镇街道。"})
        if kind == "department":
            if not isinstance(target, Department):
                raise ValidationError({"assignees": "承办部门不存在：请从部门参考数据中选择。"})
            key = (KIND_NAMES[kind], target, office)
        else:
            if not isinstance(target, Region):
                raise ValidationError({"assignees": "承办区划不存在：请从本辖区的县区或乡镇街道中选择。"})
            if target.pk == office.pk:
                raise ValidationError({"assignees": f"不能交办给本单位自己（{office.name}）：请选择下级县区、"
                                                    f"乡镇街道或部门。"})
            if kind == "region" and (target.parent_id != office.pk or target.kind not in COUNTY_KINDS):
                raise ValidationError({"assignees": f"“{target.name}”不是{office.name}下辖的县区：只能交办给"
                                                    f"本辖区的县区。"})
            if kind == "town" and (target.kind != RegionKind.TOWNSHIP or not target.is_within(office)):
                raise ValidationError({"assignees": f"“{target.name}”不是{office.name}辖区内的乡镇街道：只能交办"
                                                    f"给本辖区的乡镇街道。"})
            key = (KIND_NAMES[kind], None, target)
        if not any(k[1] == key[1] and k[2].pk == key[2].pk for k in out):
            out.append(key)
    return out


def _clean_links(office: Region, round_obj, item_code: str, target_item) -> str:
    item_code = (item_code or "").strip()
    if round_obj is None and item_code:
        raise ValidationError({"item_code": "关联评分项须同时选择考核轮次。"})
    if round_obj is not None:
        if round_obj.region_id != office.pk:
            raise ValidationError({"round": f"考核轮次“{round_obj}”不是{office.name}组织的考核：只能关联本单位的考核。"})
        if not item_code:
            raise ValidationError({"item_code": "请选择关联的评分项。"})
        codes = [i.get("code") for i in (round_obj.document or {}).get("items", [])]
        if item_code not in codes:
            raise ValidationError({"item_code": f"评分项“{item_code[:50]}”不在考核轮次“{round_obj}”中。"})
    if target_item is not None and target_item.target_set.region_id != office.pk:
        raise ValidationError({"target_item": "关联目标项不属于本单位的目标集：只能关联本单位的目标。"})
    return item_code


def check_files(files) -> list[tuple[object, str]]:
    """Each upload checked by content and size (nothing stored yet); [(upload, extension)]."""
    files = [f for f in (files or ()) if f]
    if len(files) > MAX_FILES:
        raise ValidationError({"files": f"一次最多上传 {MAX_FILES} 个文件。"})
    checked = []
    for upload in files:
        try:
            checked.append((upload, filecheck.check_material(upload, FILE_TYPES, max_file_bytes(), what="附件")))
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages[0]}) from None
    return checked


def _store_files(user, task: Task, checked, report: Report | None, region_path: str) -> list[Attachment]:
    out = []
    for upload, suffix in checked:
        att = Attachment(task=task, report=report, original_name=Path(upload.name or "").name[:200],
                         size=upload.size, uploaded_by=_by(user))
        att.file.save(f"{clock.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}{suffix}", upload, save=False)
        att.save()
        _log(user, "create", att, region_path, after=changelog.snapshot(att) | {"file": att.file.name},
             reason="上传附件" if report is None else "上传佐证材料")
        out.append(att)
    return out


def _log(user, action, obj, region_path, *, before=None, after=None, reason=""):
    # Reports and attachments have no region of their own: the entry carries their assignee's or
    # task's region so a county's history shows them.
    changelog.record_many([changelog.build_entry(user=user, action=action, obj=obj, before=before, after=after,
                                                 reason=reason, region_path=region_path)])


@transaction.atomic
def create_task(user, *, region, title, content, standard, deadline, assignees, round=None, item_code="",
                target_item=None, source="", files=()) -> Task:
    """A task of the office of `region` (the city office, or a county office for its own county) with
    its assignees: [("department", Department) | ("region", county Region) | ("town", town Region)]."""
    if not isinstance(region, Region):
        raise ValidationError({"region": "请指定交办单位的区划。"})
    if user is not None and _self_only(user, region, list(assignees or [])):
        raise ValidationError({"assignees": "不能只交办给本单位自己：请选择其他部门、下级县区或乡镇街道。"})
    if user is not None and not (getattr(user, "is_superuser", False)
                                 or is_own_region(user, region, getattr(user, "role", ""))
                                 and user.role in workflow.OFFICES):
        raise PermissionDenied("只有市级管理员或县区市场监管部门可以为本单位交办任务。")
    if region.kind not in OFFICE_KINDS:
        raise ValidationError({"region": f"{region.name}不能作为交办单位：交办单位应为市或县区。"})
    errors: dict[str, str] = {}
    values = {"title": str(title or "").strip(), "content": str(content or "").strip(),
              "standard": str(standard or "").strip()}
    for key, label, limit in (("title", "任务名称", 200), ("content", "任务内容", 5000), ("standard", "完成标准", 5000)):
        if not values[key]:
            errors[key] = f"请填写{label}。"
        elif len(values[key]) > limit:
            errors[key] = f"{label}过长：不超过 {limit} 字。"
    if source not in SOURCES:
        errors["source"] = "来源无效。"
    for step in (lambda: values.update(deadline=_deadline(deadline)),
                 lambda: values.update(item_code=_clean_links(region, round, item_code, target_item)),
                 lambda: values.update(assignees=clean_assignees(region, list(assignees or []))),
                 lambda: values.update(files=check_files(files))):
        try:
            step()
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    task = Task(region=region, title=values["title"], content=values["content"], standard=values["standard"],
                deadline=values["deadline"], round=round, item_code=values["item_code"], target_item=target_item,
                source=source, created_by=_by(user))
    create_record(user, task, reason="交办任务", check=False)
    for kind, department, where in values["assignees"]:
        create_record(user, Assignee(task=task, kind=kind, department=department, region=where),
                      reason="交办任务：承办单位", check=False)
    _store_files(user, task, values["files"], None, region.path)
    return task


# --- reports, acceptance, return ------------------------------------------------------------------

def _locked(assignee: Assignee) -> Assignee:
    return (Assignee.objects.select_for_update(of=("self",)).select_related("task__region", "region", "department")
            .get(pk=assignee.pk))


@transaction.atomic
def submit_report(user, assignee: Assignee, *, text, figures="", completion=False, files=()) -> Report:
    """A progress report (进展) or, with `completion`, the 办结报告 that asks the office to accept."""
    assignee = _locked(assignee)
    if not answers_for(user, assignee):
        raise PermissionDenied(f"只有{assignee.label}可以报送该任务的进展。")
    if assignee.task.state != Task.State.OPEN:
        raise ValidationError(f"任务“{assignee.task.title}”{assignee.task.state}，不能再报送。")
    if assignee.state not in (Assignee.State.OPEN, Assignee.State.RETURNED):
        raise ValidationError(f"{assignee.label}的任务状态为“{assignee.state}”，不能再报送进展。")
    text, figures = str(text or "").strip(), str(figures or "").strip()
    if not text:
        raise ValidationError({"text": "请填写进展情况。" if not completion else "请填写办结情况。"})
    if len(text) > 5000:
        raise ValidationError({"text": "进展情况过长：不超过 5000 字。"})
    if len(figures) > 500:
        raise ValidationError({"figures": "数据过长：不超过 500 字。"})
    checked = check_files(files)
    if completion and not checked and not Attachment.objects.filter(report__assignee=assignee).exists():
        raise ValidationError({"files": "办结报告须上传佐证材料：请上传至少一个文件。"})
    path = assignee.region.path
    report = Report(assignee=assignee, text=text, figures=figures, is_completion=bool(completion),
                    created_by=_by(user))
    report.save()
    _log(user, "create", report, path, after=changelog.snapshot(report),
         reason="报送办结报告" if completion else "报送进展")
    _store_files(user, assignee.task, checked, report, path)
    if completion:
        t, _ = workflow.ASSIGNEE.check(user, assignee, assignee.state, workflow.SUBMIT, role=workflow.ASSIGNEE_ROLE)
        update_record(user, assignee, {"state": t.next_state, "submitted_at": clock.now()}, reason="报送办结",
                      check=False)
    return report


@transaction.atomic
def review(user, assignee: Assignee, action: str, comment: str = "") -> Assignee:
    """验收通过 (accept) or 退回 (return, with a comment) of an assignee's 办结报告 by the office."""
    assignee = _locked(assignee)
    task = assignee.task
    if not is_office(user, task):
        raise PermissionDenied(f"只有交办单位（{task.region.name}）可以验收或退回。")
    comment = str(comment or "").strip()[:2000]
    t, _ = workflow.ASSIGNEE.check(user, assignee, assignee.state, action, role=workflow.OFFICE_ROLE,
                                   comment=comment)
    changes = {"state": t.next_state, "review_comment": comment}
    if t.next_state == Assignee.State.ACCEPTED:
        changes["accepted_at"] = clock.now()
    update_record(user, assignee, changes, reason=f"{action}：{comment}".rstrip("："), check=False)
    if t.next_state == Assignee.State.ACCEPTED:
        _evidence_to_round(user, assignee)
        if not task.assignees.exclude(state=Assignee.State.ACCEPTED).exists():
            update_record(user, task, {"state": Task.State.DONE}, reason="全部承办单位已验收，任务办结", check=False)
    return assignee


def subject_of(assignee: Assignee) -> str:
    """The assessed subject an assignee answers for: a department's short name, a region's code."""
    return assignee.department.name if assignee.department_id else assignee.region.code


def _evidence_to_round(user, assignee: Assignee) -> None:
    """An accepted assignee of a task linked to an assessment item: its evidence files become the
    round's evidence of the subject it answers for, when that subject is assessed in the round."""
    task = assignee.task
    if task.round_id is None or not task.item_code:
        return
    from qualitybrand.planning.models import Evidence  # planning (8) is below assignments (8.5)

    round_obj = task.round
    subject = subject_of(assignee)
    if subject not in (round_obj.scheme.assessed_codes or []):
        return
    for att in Attachment.objects.filter(report__assignee=assignee).order_by("id"):
        ev = Evidence(round=round_obj, item_code=task.item_code, subject=subject, region=assignee.region,
                      original_name=att.original_name, size=att.size, uploaded_by=att.uploaded_by)
        with att.file.open("rb") as fh:
            ev.file.save(f"{uuid.uuid4().hex[:8]}{Path(att.file.name).suffix}", fh, save=False)
        ev.save()
        changelog.record(user=user, action="create", obj=ev, after=changelog.snapshot(ev) | {"file": ev.file.name},
                         reason=f"交办任务“{task.title}”验收：佐证材料")


@transaction.atomic
def cancel_task(user, task: Task, reason: str = "") -> Task:
    """撤销 an open task (the office): it leaves the lists of open and overdue work."""
    if not is_office(user, task):
        raise PermissionDenied(f"只有交办单位（{task.region.name}）可以撤销任务。")
    if task.state != Task.State.OPEN:
        raise ValidationError(f"任务{task.state}，不能撤销。")
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因。"})
    return update_record(user, task, {"state": Task.State.CANCELLED}, reason=f"撤销任务：{reason[:500]}",
                         check=False)
