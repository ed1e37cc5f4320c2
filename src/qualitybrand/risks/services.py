"""Every write of the risks app: register and edit a risk, change its level (with a reason), move it
through its workflow (risks/workflow.py), take measures (风险告知书 and 约谈通知书 generated as .docx)
and keep its documents. A refusal raises ValidationError / PermissionDenied with a Chinese message
and changes nothing; every write is change-logged under the risk's region."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from qualitybrand.core import changelog, clock, filecheck
from qualitybrand.core.roles import CHANGE, Role
from qualitybrand.core.scoping import may_create_in
from qualitybrand.core.workflow import record_step, role_of

from . import documents, workflow
from .models import (
    Interview,
    MeasureKind,
    RiskDocument,
    RiskInfo,
    RiskLevel,
    RiskLevelChange,
    RiskMeasure,
    RiskSource,
    RiskStatus,
    RiskStep,
)
from .refs import resolve_entities, resolve_inspections, resolve_source

MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".ofd"}
OWNER_ROLES = {Role.CITY_ADMIN, Role.COUNTY}
EDITABLE = ("title", "product", "product_category", "description", "owner")


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _log(user, action: str, obj, risk: RiskInfo, *, before=None, after=None, reason: str = "") -> None:
    """A change-log row filed under the risk's region (measures and documents have none of their own)."""
    changelog.record_many([changelog.build_entry(user=user, action=action, obj=obj, before=before, after=after,
                                                 reason=reason, region_path=risk.region.path)])


def _errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _check_dates(errors: dict, field: str, day, label: str, today: dt.date) -> None:
    if day is None:
        errors.setdefault(field, []).append(f"请填写{label}。")
    elif day > today:
        errors.setdefault(field, []).append(f"{label}{_cn(day)}晚于今天（{_cn(today)}），请核对。")


def next_number(year: int) -> str:
    """FX2014-0001: the year's next number (the largest so far + 1; numbers are never reused)."""
    prefix = f"FX{year}-"
    taken = RiskInfo.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    seqs = [int(m.group(1)) for n in taken if (m := re.fullmatch(rf"{prefix}(\d+)", n))]
    return f"{prefix}{max(seqs, default=0) + 1:04d}"


def _risk_snapshot(risk: RiskInfo) -> dict:
    return changelog.snapshot(risk) | {"entities": sorted(risk.entities.values_list("uscc", flat=True))}


# --- the risk itself ------------------------------------------------------------------------------

@transaction.atomic
def create_risk(user, data: dict, *, today: dt.date | None = None) -> RiskInfo:
    """data: title, source, source_ref (the 编号 of the record it came from), product, product_category,
    entities (USCCs), level, found, description, owner (user or None), region."""
    today = today or clock.today()
    region = data.get("region")
    if region is None:
        raise ValidationError({"region": ["请选择风险所属区划。"]})
    if user is not None and not may_create_in(user, RiskInfo, region):
        raise PermissionDenied(f"您不能在{region.name}登记风险信息：只能登记本辖区的风险。")
    errors: dict[str, list[str]] = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = ["请填写风险名称。"]
    if data.get("source") not in RiskSource.values:
        errors["source"] = [f"请选择风险来源：{'、'.join(RiskSource.values)}。"]
    if data.get("level") not in RiskLevel.values:
        errors["level"] = ["请选择风险等级：一级（最严重）、二级或三级。"]
    if not (data.get("description") or "").strip():
        errors["description"] = ["请填写风险描述：涉及的产品、问题和可能的危害。"]
    _check_dates(errors, "found", data.get("found"), "发现日期", today)
    links, source_errors = resolve_source(user, data.get("source"), data.get("source_ref") or "")
    if source_errors:
        errors["source_ref"] = source_errors
    entities, entity_errors = resolve_entities(user, region, data.get("entities") or [])
    if entity_errors:
        errors["entities"] = entity_errors
    owner = data.get("owner")
    if owner is not None and not _owner_ok(owner, region):
        errors["owner"] = [f"负责人“{owner}”不是{region.name}或其上级市场监管部门的办公室用户。"]
    _errors(errors)
    role = role_of(user)
    transition, _ = workflow.RISK.check(user, None, workflow.NEW, workflow.REGISTER, role=role)
    risk = RiskInfo(number=next_number(data["found"].year), title=title, source=data["source"], region=region,
                    product=(data.get("product") or "").strip(), level=data["level"], found=data["found"],
                    product_category=(data.get("product_category") or "").strip(),
                    description=data["description"].strip(), owner=owner, status=transition.next_state,
                    created_by=user if getattr(user, "pk", None) else None, **links)
    risk.full_clean()
    risk.save()
    risk.entities.set(entities)
    _log(user, "create", risk, risk, after=_risk_snapshot(risk), reason="登记风险信息")
    record_step(RiskStep, user=user, role=role, action=workflow.REGISTER, from_state="", to_state=risk.status,
                comment=f"风险等级：{risk.level}", risk=risk)
    return risk


def _owner_ok(owner, region) -> bool:
    """The owner is an office user (city or county) whose region holds the risk's region."""
    from qualitybrand.core.scoping import region_in_scope

    return (getattr(owner, "is_active", False) and getattr(owner, "role", "") in OWNER_ROLES
            and region_in_scope(owner, region))


def _lock(user, risk: RiskInfo) -> RiskInfo:
    if user is not None and not RiskInfo.objects.for_user(user, CHANGE).filter(pk=risk.pk).exists():
        raise PermissionDenied("该风险信息不在您的管辖范围内，不能修改。")
    return RiskInfo.objects.select_for_update(of=("self",)).select_related("region").get(pk=risk.pk)


@transaction.atomic
def update_risk(user, risk: RiskInfo, data: dict) -> RiskInfo:
    """Edit the description of an open risk (title, product, description, owner, entities); the level
    changes through `change_level` (with a reason), the status through `act`."""
    risk = _lock(user, risk)
    if risk.status == RiskStatus.CLOSED:
        raise ValidationError("该风险已关闭，不能再修改。")
    errors: dict[str, list[str]] = {}
    if "title" in data and not (data["title"] or "").strip():
        errors["title"] = ["请填写风险名称。"]
    if "description" in data and not (data["description"] or "").strip():
        errors["description"] = ["请填写风险描述。"]
    entities = None
    if "entities" in data:
        entities, entity_errors = resolve_entities(user, risk.region, data["entities"] or [])
        if entity_errors:
            errors["entities"] = entity_errors
    owner = data.get("owner")
    if owner is not None and not _owner_ok(owner, risk.region):
        errors["owner"] = [f"负责人“{owner}”不是{risk.region.name}或其上级市场监管部门的办公室用户。"]
    _errors(errors)
    before = _risk_snapshot(risk)
    for name in EDITABLE:
        if name in data:
            value = data[name]
            setattr(risk, name, value.strip() if isinstance(value, str) else value)
    risk.full_clean()
    risk.save()
    if entities is not None:
        risk.entities.set(entities)
    changelog.record_many([changelog.build_entry(user=user, action="update", obj=risk, before=before,
                                                 after=_risk_snapshot(risk), reason="修改风险信息")])
    return risk


@transaction.atomic
def change_level(user, risk: RiskInfo, level: str, reason: str) -> RiskInfo:
    risk = _lock(user, risk)
    reason = (reason or "").strip()
    if level not in RiskLevel.values:
        raise ValidationError({"level": ["请选择风险等级：一级（最严重）、二级或三级。"]})
    if risk.status == RiskStatus.CLOSED:
        raise ValidationError("该风险已关闭，不能再调整等级。")
    if level == risk.level:
        raise ValidationError({"level": [f"风险等级已是{level}，无需调整。"]})
    if not reason:
        raise ValidationError({"reason": [f"调整风险等级（{risk.level} → {level}）须填写理由。"]})
    before = changelog.snapshot(risk)
    old = risk.level
    risk.level = level
    risk.save(update_fields=["level"])
    RiskLevelChange.objects.create(risk=risk, old_level=old, new_level=level, reason=reason,
                                   user=user if getattr(user, "pk", None) else None,
                                   username=str(user) if user is not None else "系统", time=clock.now())
    _log(user, "update", risk, risk, before=before, after=changelog.snapshot(risk),
         reason=f"调整风险等级 {old} → {level}：{reason}")
    record_step(RiskStep, user=user, role=role_of(user), action="调整等级", from_state=risk.status,
                to_state=risk.status, comment=f"{old} → {level}：{reason}", risk=risk)
    return risk


def available_actions(user, risk: RiskInfo) -> list[str]:
    if user is None or not RiskInfo.objects.for_user(user, CHANGE).filter(pk=risk.pk).exists():
        return []
    return [t.action for t in workflow.RISK.available(user, risk.status, role_of(user))]


@transaction.atomic
def act(user, risk: RiskInfo, action: str, *, comment: str = "", conclusion: str = "",
        today: dt.date | None = None) -> RiskInfo:
    """开始研判, 启动处置 or 关闭 (with the conclusion; the closure date is today)."""
    today = today or clock.today()
    risk = _lock(user, risk)
    role = role_of(user)
    conclusion = (conclusion or "").strip()
    transition, _ = workflow.RISK.check(user, risk, risk.status, action, role=role, comment=comment,
                                        context={"conclusion": conclusion})
    before = changelog.snapshot(risk)
    previous = risk.status
    risk.status = transition.next_state
    if transition.next_state == RiskStatus.CLOSED:
        risk.closed, risk.conclusion = today, conclusion
    risk.save(update_fields=["status", "closed", "conclusion"])
    _log(user, "update", risk, risk, before=before, after=changelog.snapshot(risk), reason=f"风险信息{action}")
    record_step(RiskStep, user=user, role=role, action=action, from_state=previous, to_state=risk.status,
                comment=conclusion if action == workflow.CLOSE else comment, risk=risk)
    return risk


# --- measures, 约谈 and documents ---------------------------------------------------------------

def _measure_errors(risk: RiskInfo, data: dict, today: dt.date) -> tuple[dict, object]:
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in MeasureKind.values:
        errors["kind"] = [f"请选择措施类型：{'、'.join(MeasureKind.values)}。"]
    _check_dates(errors, "date", data.get("date"), "措施日期" if kind != MeasureKind.INTERVIEW else "约谈日期",
                 today if kind != MeasureKind.INTERVIEW else dt.date.max)
    if data.get("date") and data["date"] < risk.found:
        errors.setdefault("date", []).append(f"措施日期不能早于风险发现日期（{_cn(risk.found)}）。")
    if not (data.get("content") or "").strip():
        errors["content"] = ["请填写措施内容。" if kind != MeasureKind.INTERVIEW else "请填写约谈内容。"]
    entity = None
    uscc = (data.get("entity") or "").strip()
    if uscc:
        entity = risk.entities.filter(uscc=uscc.upper()).first()
        if entity is None:
            errors["entity"] = [f"统一社会信用代码 {uscc} 不是本风险涉及的主体：请先在风险信息中添加该主体。"]
    elif kind in (MeasureKind.NOTICE, MeasureKind.INTERVIEW):
        errors["entity"] = [f"{kind}须指定对象主体（本风险涉及的主体之一）。"]
    if kind == MeasureKind.NOTICE:
        if not (data.get("requirements") or "").strip():
            errors["requirements"] = ["风险告知书须写明企业应采取的措施（整改要求）。"]
        deadline = data.get("deadline")
        if deadline is None:
            errors["deadline"] = ["风险告知书须写明整改期限。"]
        elif data.get("date") and deadline <= data["date"]:
            errors["deadline"] = ["整改期限应晚于告知日期。"]
    if kind == MeasureKind.INTERVIEW:
        if not (data.get("place") or "").strip():
            errors["place"] = ["请填写约谈地点。"]
        if not (data.get("participants") or "").strip():
            errors["participants"] = ["请填写参加人员（约谈方和被约谈方）。"]
        due = data.get("followup_due")
        if due is not None and data.get("date") and due <= data["date"]:
            errors["followup_due"] = ["跟踪检查期限应晚于约谈日期。"]
    return errors, entity


@transaction.atomic
def add_measure(user, risk: RiskInfo, data: dict, *, upload=None, today: dt.date | None = None) -> RiskMeasure:
    """data: kind, date, content, entity (USCC), requirements + deadline (风险告知书), inspections
    (抽检编号, 专项抽查), place, participants, commitments, followup_due (约谈). A 风险告知书 and a
    约谈's 约谈通知书 are generated and kept; `upload` is an optional document of the measure."""
    today = today or clock.today()
    risk = _lock(user, risk)
    if risk.status not in workflow.MEASURE_STATES:
        raise ValidationError(f"风险信息当前状态为“{risk.status}”，不能采取处置措施："
                              + ("请先开始研判。" if risk.status == RiskStatus.REGISTERED else "风险已关闭。"))
    errors, entity = _measure_errors(risk, data, today)
    inspections = []
    if data.get("kind") == MeasureKind.TARGETED and data.get("inspections"):
        inspections, problems = resolve_inspections(user, risk.region, data["inspections"])
        if problems:
            errors["inspections"] = problems
    suffix = None
    if upload is not None:
        try:
            suffix = _check_file(upload, "措施文书")
        except ValidationError as exc:
            errors["file"] = exc.messages
    _errors(errors)
    kind = data["kind"]
    measure = RiskMeasure(risk=risk, kind=kind, date=data["date"], content=data["content"].strip(), entity=entity,
                          requirements=(data.get("requirements") or "").strip() if kind == MeasureKind.NOTICE else "",
                          deadline=data.get("deadline") if kind == MeasureKind.NOTICE else None,
                          created_by=user if getattr(user, "pk", None) else None)
    measure.full_clean()
    measure.save()
    measure.inspections.set(inspections)
    _log(user, "create", measure, risk, reason=f"风险处置措施：{kind}",
         after=changelog.snapshot(measure) | {"inspections": [i.number for i in inspections]})
    if kind == MeasureKind.NOTICE:
        _keep(user, risk, "风险告知书", f"风险告知书_{entity.name}.docx",
              documents.notice(risk, measure, today), measure=measure)
    if kind == MeasureKind.INTERVIEW:
        interview = Interview(risk=risk, measure=measure, entity=entity, date=measure.date,
                              place=data["place"].strip(), participants=data["participants"].strip(),
                              content=measure.content, commitments=(data.get("commitments") or "").strip(),
                              followup_due=data.get("followup_due"), created_by=measure.created_by)
        interview.full_clean()
        interview.save()
        _log(user, "create", interview, risk, after=changelog.snapshot(interview), reason="登记约谈")
        _keep(user, risk, "约谈通知书", f"约谈通知书_{entity.name}.docx",
              documents.interview_notice(risk, interview, today), measure=measure, interview=interview)
    if upload is not None:
        _store(user, risk, upload, suffix, "风险公告" if kind == MeasureKind.ANNOUNCEMENT else "其他",
               measure=measure)
    record_step(RiskStep, user=user, role=role_of(user), action="采取措施", from_state=risk.status,
                to_state=risk.status, comment=f"{kind}：{measure.content[:200]}", risk=risk)
    return measure


def _stored_name(suffix: str) -> str:
    return f"{clock.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}{suffix}"


def _check_file(upload, what: str) -> str:
    if upload is None:
        raise ValidationError("请选择要上传的文件。")
    return filecheck.check_material(upload, FILE_TYPES, MAX_FILE_BYTES, what=what)


def _keep(user, risk, kind: str, name: str, data: bytes, **owner) -> RiskDocument:
    """A generated document, kept as it was issued."""
    doc = RiskDocument(risk=risk, kind=kind, generated=True, original_name=name[:200], size=len(data),
                       uploaded_by=user if getattr(user, "pk", None) else None, **owner)
    doc.file.save(_stored_name(".docx"), ContentFile(data), save=False)
    doc.save()
    _log(user, "create", doc, risk, after=changelog.snapshot(doc) | {"file": doc.file.name}, reason=f"生成{kind}")
    return doc


def _store(user, risk, upload, suffix: str, kind: str, **owner) -> RiskDocument:
    doc = RiskDocument(risk=risk, kind=kind, original_name=Path(upload.name or "").name[:200], size=upload.size,
                       uploaded_by=user if getattr(user, "pk", None) else None, **owner)
    doc.file.save(_stored_name(suffix), upload, save=False)
    doc.save()
    _log(user, "create", doc, risk, after=changelog.snapshot(doc) | {"file": doc.file.name}, reason=f"上传{kind}")
    return doc


@transaction.atomic
def upload_document(user, risk: RiskInfo, upload, kind: str, *, interview: Interview | None = None) -> RiskDocument:
    """Attach a document: the signed 约谈记录 of an interview, a 风险公告, or another document."""
    risk = _lock(user, risk)
    kinds = {k for k, _ in RiskDocument.KINDS} - {"风险告知书", "约谈通知书"}  # those two are generated
    if kind not in kinds:
        raise ValidationError(f"文书类型“{kind}”无效：可上传 {'、'.join(sorted(kinds))}。")
    if kind == "约谈记录" and interview is None:
        raise ValidationError("上传约谈记录须选择对应的约谈。")
    if interview is not None and interview.risk_id != risk.pk:
        raise ValidationError("该约谈不属于本风险信息。")
    suffix = _check_file(upload, "风险文书")
    return _store(user, risk, upload, suffix, kind, interview=interview,
                  measure=interview.measure if interview is not None else None)
