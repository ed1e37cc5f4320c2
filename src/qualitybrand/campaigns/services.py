"""Every write of a campaign, its tasks, progress reports and the per-county reported figures.
Each write checks the user's right through the models' `for_user(user, CHANGE)` (core/scoping.py),
validates everything before writing anything (a Chinese ValidationError, nothing changed) and
records the change log."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.campaigns import workflow
from qualitybrand.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignReport,
    CampaignStatus,
    CampaignStep,
    CampaignTask,
    TaskProgress,
    TaskStatus,
    split_categories,
)
from qualitybrand.core import changelog, clock, filecheck
from qualitybrand.core.filtering import find_region, parse_iso_date
from qualitybrand.core.models import Department, Region
from qualitybrand.core.roles import CHANGE, VIEW
from qualitybrand.core.scoping import is_own_region, may_act_on_region
from qualitybrand.core.services import create_record, update_record
from qualitybrand.core.workflow import record_step, role_of

FILE_TYPES = {".pdf", ".doc", ".docx", ".ofd", ".jpg", ".jpeg", ".png", ".xls", ".xlsx", ".zip"}
MAX_FILE_BYTES = 20 * 1024 * 1024
REPORT_FIELDS = {"officers": "出动执法人员人次", "entities_checked": "检查经营主体户次", "dens_destroyed": "捣毁窝点"}
NUMBER_PREFIX = {CampaignKind.RECTIFY: "ZX", CampaignKind.ANTI_FAKE: "DJ"}


def _text(data, key: str) -> str:
    value = data.get(key, "")
    return ("" if value is None else str(value)).strip()


def _codes(data, key: str) -> list[str]:
    raw = data.getlist(key) if hasattr(data, "getlist") else data.get(key) or []
    if isinstance(raw, str):
        raw = raw.split(",")
    out: list[str] = []
    for item in raw:
        for code in str(item).split(","):
            if code.strip() and code.strip() not in out:
                out.append(code.strip())
    return out


def _department(value) -> Department | None:
    value = str(value or "").strip()
    if not value:
        return None
    return (Department.objects.filter(code=value).first() or Department.objects.filter(name=value).first()
            or (Department.objects.filter(pk=int(value)).first() if value.isdecimal() and len(value) < 10 else None))


def owner_region_for(user, code: str = "") -> Region | None:
    """The owner of a new campaign: the user's own region (the city office for the city, a county for
    itself); a superuser names it (else the first city)."""
    if user is not None and not user.is_superuser:
        return user.region
    region = find_region(code) if code else None
    return region or Region.objects.filter(kind="市").order_by("path").first()


def clean_campaign(user, data, owner: Region, *, instance: Campaign | None = None) -> tuple[dict, dict]:
    """(field values, many-to-many values) from form or JSON data; ValidationError({field: message})
    naming every problem at once."""
    errors: dict[str, str] = {}
    values: dict = {"title": _text(data, "title")[:200], "categories": "、".join(split_categories(_text(data, "categories"))),
                    "goals": _text(data, "goals")}
    if not values["title"]:
        errors["title"] = "请填写专项整治名称。"
    kind = _text(data, "kind")
    if kind not in CampaignKind.values:
        errors["kind"] = f"类型应为 {'、'.join(CampaignKind.values)} 之一。"
    values["kind"] = kind
    if len(values["categories"]) > 500:
        errors["categories"] = "产品类别/关键词过长：合计不超过 500 字。"
    lead = _department(data.get("lead_department"))
    if lead is None:
        errors["lead_department"] = "请选择牵头部门（已登记的部门）。"
    values["lead_department"] = lead
    departments = []
    for code in _codes(data, "departments"):
        dept = _department(code)
        if dept is None:
            errors["departments"] = f"参与部门“{code[:30]}”不存在：请从已登记的部门中选择。"
        elif dept not in departments:
            departments.append(dept)
    for key, label in (("start", "开始日期"), ("end", "结束日期")):
        raw = _text(data, key)
        if not raw:
            errors[key] = f"请填写{label}。"
            continue
        try:
            values[key] = parse_iso_date(raw)
        except ValueError as exc:
            errors[key] = f"{label}：{exc}"
    if "start" in values and "end" in values and values["end"] < values["start"]:
        errors["end"] = (f"结束日期 {values['end']:%Y-%m-%d} 早于开始日期 {values['start']:%Y-%m-%d}："
                         f"请检查专项整治的起止日期。")
    counties = _clean_counties(_codes(data, "counties"), owner, errors)
    if instance is not None and "counties" not in errors:
        _keep_working_counties(instance, counties, errors)
    number = _text(data, "number")[:50]
    if number:
        taken = Campaign.objects.filter(number=number)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors["number"] = f"编号“{number}”已被其他专项整治使用：请换一个编号，或留空由系统生成。"
        values["number"] = number
    if errors:
        raise ValidationError(errors)
    return values, {"departments": departments, "counties": counties}


def _clean_counties(codes: list[str], owner: Region, errors: dict) -> list[Region]:
    if not codes:
        errors["counties"] = "请至少选择一个参与县区。"
        return []
    counties: list[Region] = []
    for code in codes:
        region = find_region(code)
        if region is None:
            errors["counties"] = f"区划代码“{code[:20]}”不存在：请选择{owner.name}辖区内的县区。"
            return []
        if not region.is_within(owner):
            errors["counties"] = (f"“{region.name}（{region.code}）”不在{owner.name}辖区内：参与县区只能是"
                                  f"{owner.name}{'' if owner.kind in ('区', '县', '县级市') else '下辖的县区'}。")
            return []
        if region not in counties:
            counties.append(region)
    for a in counties:
        for b in counties:
            if a != b and a.is_within(b):
                errors["counties"] = f"“{a.name}”属于“{b.name}”：参与县区不能互相包含，请只选其一。"
                return []
    if owner in counties and len(counties) > 1:
        errors["counties"] = f"{owner.name}本级与其下辖县区不能同时作为参与县区。"
    return counties


def _keep_working_counties(campaign: Campaign, counties: list[Region], errors: dict) -> None:
    keep = {r.pk for r in counties}
    busy = (set(campaign.tasks.values_list("region_id", flat=True))
            | set(campaign.reports.values_list("region_id", flat=True))) - keep
    if busy:
        names = "、".join(Region.objects.filter(pk__in=busy).order_by("code").values_list("name", flat=True))
        errors["counties"] = f"{names}已有任务或报送数据，不能移出本次专项整治：请先删除其任务和报送。"


def _next_number(kind: str, start: dt.date) -> str:
    prefix = f"{NUMBER_PREFIX.get(kind, 'ZX')}{start.year}-"
    n = Campaign.objects.filter(number__startswith=prefix).count() + 1
    while Campaign.objects.filter(number=f"{prefix}{n:03d}").exists():
        n += 1
    return f"{prefix}{n:03d}"


def _m2m_snapshot(campaign: Campaign) -> dict:
    # ids, as the change log keeps every relation (its display shows the names)
    return {"counties": sorted(campaign.counties.values_list("pk", flat=True)),
            "departments": sorted(campaign.departments.values_list("pk", flat=True))}


@transaction.atomic
def create_campaign(user, data, *, owner: Region | None = None) -> Campaign:
    owner = owner or owner_region_for(user, _text(data, "region"))
    if owner is None:
        raise PermissionDenied("您的账号未绑定区划，不能创建专项整治。")
    if user is not None and not may_act_on_region(user, owner, workflow.OFFICES):
        raise PermissionDenied("只有市级或县区市场监管部门可以创建专项整治。")
    values, m2m = clean_campaign(user, data, owner)
    values.setdefault("number", _next_number(values["kind"], values["start"]))
    campaign = Campaign(region=owner, created_by=user if getattr(user, "pk", None) else None, **values)
    campaign.full_clean()
    campaign.save()
    campaign.counties.set(m2m["counties"])
    campaign.departments.set(m2m["departments"])
    changelog.record(user=user, action="create", obj=campaign,
                     after=changelog.snapshot(campaign) | _m2m_snapshot(campaign), reason="新建专项整治")
    record_step(CampaignStep, user=user, role=role_of(user), action="新建", from_state="",
                to_state=campaign.status, campaign=campaign)
    return campaign


def _owned(user, campaign: Campaign) -> None:
    if user is not None and not Campaign.objects.for_user(user, CHANGE).filter(pk=campaign.pk).exists():
        raise PermissionDenied(f"“{campaign.title}”由{campaign.region.name}管理：您不能修改。")


@transaction.atomic
def update_campaign(user, campaign: Campaign, data) -> Campaign:
    _owned(user, campaign)
    values, m2m = clean_campaign(user, data, campaign.region, instance=campaign)
    before = changelog.snapshot(campaign) | _m2m_snapshot(campaign)
    for name, value in values.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    campaign.counties.set(m2m["counties"])
    campaign.departments.set(m2m["departments"])
    changelog.record(user=user, action="update", obj=campaign, before=before,
                     after=changelog.snapshot(campaign) | _m2m_snapshot(campaign), reason="修改专项整治")
    return campaign


def available_actions(user, campaign: Campaign) -> list[str]:
    if user is None or not Campaign.objects.for_user(user, CHANGE).filter(pk=campaign.pk).exists():
        return []
    return [t.action for t in workflow.CAMPAIGN.available(user, campaign.status, role_of(user))]


@transaction.atomic
def transition(user, campaign: Campaign, action: str, comment: str = "") -> Campaign:
    _owned(user, campaign)
    campaign = Campaign.objects.select_for_update(of=("self",)).get(pk=campaign.pk)
    role = role_of(user)
    t, _ = workflow.CAMPAIGN.check(user, campaign, campaign.status, action, role=role, comment=comment)
    before = campaign.status
    update_record(user, campaign, {"status": t.next_state}, reason=f"{action}：{comment}".rstrip("："), check=False)
    record_step(CampaignStep, user=user, role=role, action=action, from_state=before, to_state=t.next_state,
                comment=comment, campaign=campaign)
    return campaign


@transaction.atomic
def set_conclusions(user, campaign: Campaign, text: str) -> Campaign:
    _owned(user, campaign)
    text = (text or "").strip()
    if len(text) > 5000:
        raise ValidationError("总结意见过长：不超过 5000 字。")
    return update_record(user, campaign, {"conclusions": text}, reason="填写总结意见", check=False)


# --- tasks ------------------------------------------------------------------------------------

def _county_of(campaign: Campaign, code) -> Region:
    region = find_region(code)
    if region is None:
        raise ValidationError(f"区划代码“{str(code)[:20]}”不存在。")
    if not campaign.counties.filter(pk=region.pk).exists():
        names = "、".join(campaign.counties.order_by("code").values_list("name", flat=True))
        raise ValidationError(f"{region.name}不是“{campaign.title}”的参与县区（参与县区：{names}）。")
    return region


@transaction.atomic
def add_task(user, campaign: Campaign, data) -> CampaignTask:
    """A task of one participating county, assigned by the campaign's owner office."""
    _owned(user, campaign)
    if campaign.status == CampaignStatus.ENDED:
        raise ValidationError("专项整治已结束，不能再下达任务。")
    county = _county_of(campaign, _text(data, "county"))
    content = _text(data, "content")
    if not content:
        raise ValidationError("请填写任务内容。")
    raw = _text(data, "due")
    if not raw:
        raise ValidationError("请填写完成时限。")
    try:
        due = parse_iso_date(raw)
    except ValueError as exc:
        raise ValidationError(f"完成时限：{exc}") from None
    if not campaign.start <= due <= campaign.end:
        raise ValidationError(f"完成时限 {due:%Y-%m-%d} 不在专项整治期间（{campaign.start:%Y-%m-%d} 至 "
                              f"{campaign.end:%Y-%m-%d}）内。")
    department = _department(data.get("department"))
    if _text(data, "department") and department is None:
        raise ValidationError("责任部门不存在：请从已登记的部门中选择。")
    task = CampaignTask(campaign=campaign, region=county, department=department, content=content[:2000], due=due,
                        created_by=user if getattr(user, "pk", None) else None)
    return create_record(user, task, reason=f"下达专项整治任务（{campaign.number}）", check=False)


def _stored_name(suffix: str) -> str:
    return f"{clock.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}{suffix}"


@transaction.atomic
def report_progress(user, task: CampaignTask, text: str, upload=None, *, done: bool = False) -> TaskProgress:
    """A progress report of the task by its county (evidence checked by content); `done` completes it."""
    if user is not None and not CampaignTask.objects.for_user(user, CHANGE).filter(pk=task.pk).exists():
        raise PermissionDenied(f"该任务属于{task.region.name}：只有{task.region.name}可以报送进展。")
    task = CampaignTask.objects.select_for_update(of=("self",)).select_related("campaign", "region").get(pk=task.pk)
    if task.status == TaskStatus.DONE:
        raise ValidationError("该任务已完成，不能再报送进展。")
    if task.campaign.status in (CampaignStatus.PREPARING, CampaignStatus.ENDED):
        raise ValidationError(f"专项整治处于“{task.campaign.status}”阶段，不能报送任务进展。")
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写进展情况。")
    suffix = filecheck.check_material(upload, FILE_TYPES, MAX_FILE_BYTES, what="佐证材料") if upload else ""
    today = clock.today()
    item = TaskProgress(task=task, region=task.region, reported=today, text=text[:5000],
                        reported_by=user if getattr(user, "pk", None) else None)
    if upload:
        item.original_name = Path(upload.name or "").name[:200]
        item.size = upload.size
        item.file.save(_stored_name(suffix), upload, save=False)
    item.save()
    changelog.record(user=user, action="create", obj=item,
                     after=changelog.snapshot(item) | {"file": item.file.name or ""}, reason="报送任务进展")
    changes = {"status": TaskStatus.DONE, "completed": today} if done else (
        {"status": TaskStatus.DOING} if task.status == TaskStatus.TODO else {})
    if changes:
        update_record(user, task, changes, reason="任务完成" if done else "开始办理任务", check=False)
    return item


# --- reported figures -------------------------------------------------------------------------

def _count(data, key: str, label: str, errors: dict) -> int:
    raw = _text(data, key) or "0"
    if not raw.isdecimal() or len(raw) > 9:
        errors[key] = f"{label}应为不小于 0 的整数，实际为“{raw[:20]}”。"
        return 0
    return int(raw)


@transaction.atomic
def save_report(user, campaign: Campaign, county_code, data) -> CampaignReport:
    """The figures no registry holds (出动执法人员人次, 检查经营主体户次, 捣毁窝点) of one county:
    entered by that county (or the office above it), created or updated, change-logged."""
    county = _county_of(campaign, county_code)
    if user is not None and not user.is_superuser and not (
            is_own_region(user, county) or may_act_on_region(user, county, workflow.OFFICES)):
        raise PermissionDenied(f"只有{county.name}（或其上级市场监管部门）可以报送{county.name}的数据。")
    if campaign.status in (CampaignStatus.PREPARING, CampaignStatus.ENDED):
        raise ValidationError(f"专项整治处于“{campaign.status}”阶段，不能报送数据。")
    errors: dict[str, str] = {}
    values = {key: _count(data, key, label, errors) for key, label in REPORT_FIELDS.items()}
    values["note"] = _text(data, "note")[:2000]
    if errors:
        raise ValidationError(errors)
    existing = CampaignReport.objects.filter(campaign=campaign, region=county).first()
    by = user if getattr(user, "pk", None) else None
    if existing is None:
        report = CampaignReport(campaign=campaign, region=county, reported_by=by, **values)
        return create_record(user, report, reason=f"报送专项整治数据（{campaign.number}）")
    return update_record(user, existing, values | {"reported_by": by}, reason=f"修改专项整治报送（{campaign.number}）")


def visible(user, campaign_id) -> Campaign | None:
    return Campaign.objects.for_user(user, VIEW).filter(pk=campaign_id).first()


def next_free_number(kind: str, start: dt.date) -> str:  # the form's placeholder
    return _next_number(kind, start)

