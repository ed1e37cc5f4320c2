"""Every write of the portal's published content, each recorded in the change log.

Pages (政策文件, 工作动态): `save_page` (create or edit a draft or withdrawn page; the body is sanitised
here), `add_attachment` / `remove_attachment`, `publish_page` / `withdraw_page`.
Inspection publications (抽查结果公告): `create_publication` (a frozen set of records, every one inside the
user's scope: a county publishes its own region's inspections only), `publish_publication` /
`withdraw_publication`. Only the city office and the counties write, each for its own region and below.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.core import changelog, clock
from qualitybrand.core.filecheck import check_material
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.services import create_record, ensure_may_change, update_record
from qualitybrand.portal.models import (
    InspectionPublication,
    PageSection,
    PortalAttachment,
    PortalPage,
    PublishState,
)
from qualitybrand.portal.sanitize import clean
from qualitybrand.supervision.models import Inspection

OFFICE_ROLES = {Role.CITY_ADMIN, Role.COUNTY}
ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".jpg", ".jpeg", ".png"}
MAX_PUBLICATION = 5000


def attachment_limit() -> int:
    return int(getattr(settings, "QB_PORTAL_ATTACHMENT_MB", 20)) * 1024 * 1024


def may_manage(user) -> bool:
    """The city office and the county offices (bound to a region) write the portal's content."""
    return has_scoped_role(user, OFFICE_ROLES)


def _ensure_office(user) -> None:
    if user is not None and not may_manage(user):
        raise PermissionDenied("只有市级和县区市场监管部门可以发布门户内容。")


# --- pages ---------------------------------------------------------------------------------------

PAGE_FIELDS = ("section", "title", "summary", "doc_number", "source", "body")


def _page_values(data: dict) -> dict:
    values = {name: str(data.get(name) or "").strip() for name in PAGE_FIELDS}
    errors = {}
    if values["section"] not in PageSection.values:
        errors["section"] = "请选择栏目：政策文件或工作动态。"
    if not values["title"]:
        errors["title"] = "请填写标题。"
    limits = {"title": 200, "summary": 500, "doc_number": 100, "source": 100}
    for name, limit in limits.items():
        if len(values[name]) > limit:
            errors[name] = f"不能超过 {limit} 个字（现为 {len(values[name])} 个字）。"
    values["body"] = clean(values["body"])
    if not values["body"] and not errors.get("title"):
        errors["body"] = "请填写正文。"
    if errors:
        raise ValidationError(errors)
    return values


def save_page(user, page: PortalPage | None, data: dict) -> PortalPage:
    """Create a page (draft, in the user's region) or edit one that is not published (withdraw first)."""
    _ensure_office(user)
    values = _page_values(data)
    if page is None:
        page = PortalPage(region=user.region if user is not None else data["region"], created_by=user,
                          state=PublishState.DRAFT, **values)
        return create_record(user, page, reason="新建门户页面")
    if page.state == PublishState.PUBLISHED:
        raise ValidationError("页面已发布：请先撤回，再修改。")
    return update_record(user, page, values, reason="修改门户页面")


def publish_page(user, page: PortalPage) -> PortalPage:
    _ensure_office(user)
    if page.state == PublishState.PUBLISHED:
        raise ValidationError("页面已经发布。")
    if not page.body:
        raise ValidationError("正文为空的页面不能发布。")
    return update_record(user, page, {"state": PublishState.PUBLISHED, "published_on": clock.today(),
                                      "withdrawn_on": None}, reason="发布")


def withdraw_page(user, page: PortalPage) -> PortalPage:
    _ensure_office(user)
    if page.state != PublishState.PUBLISHED:
        raise ValidationError("只有已发布的页面可以撤回。")
    return update_record(user, page, {"state": PublishState.WITHDRAWN, "withdrawn_on": clock.today()},
                         reason="撤回")


def add_attachment(user, page: PortalPage, upload) -> PortalAttachment:
    """Attach a file (checked by its content, size-limited) to a page that is not published."""
    _ensure_office(user)
    ensure_may_change(user, page)
    if page.state == PublishState.PUBLISHED:
        raise ValidationError("页面已发布：请先撤回，再修改附件。")
    suffix = check_material(upload, ATTACHMENT_TYPES, attachment_limit(), what="附件")
    name = Path(upload.name).name[:200]
    attachment = PortalAttachment(page=page, region=page.region, original_name=name, size=upload.size)
    with transaction.atomic():
        attachment.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
        attachment.full_clean()
        attachment.save()
        changelog.record(user=user, action="create", obj=attachment, after=_attachment_snapshot(attachment),
                         reason=f"上传附件：{name}")
    return attachment


def _attachment_snapshot(attachment: PortalAttachment) -> dict:
    """The change log's view of an attachment (the stored file by its name)."""
    data = changelog.snapshot(attachment, fields=["page", "original_name", "size", "region"])
    data["file"] = attachment.file.name
    return data


def remove_attachment(user, attachment: PortalAttachment) -> None:
    _ensure_office(user)
    if attachment.page.state == PublishState.PUBLISHED:
        raise ValidationError("页面已发布：请先撤回，再修改附件。")
    ensure_may_change(user, attachment)
    stored = attachment.file.name
    with transaction.atomic():
        entry = changelog.build_entry(user=user, action="delete", obj=attachment,
                                      before=_attachment_snapshot(attachment), after=None,
                                      reason=f"删除附件：{attachment.original_name}")
        attachment.delete()
        entry.save()
        changelog.bump_data_version()
    if stored:
        attachment.file.storage.delete(stored)


# --- inspection publications -----------------------------------------------------------------------

def create_publication(user, *, title: str, doc_number: str = "", intro: str = "", inspection_ids,
                       region=None) -> InspectionPublication:
    """A draft 抽查结果公告 holding exactly these inspections (frozen). Every record must lie in the user's
    scope (a county: its own region); one outside it refuses the whole publication."""
    _ensure_office(user)
    title, doc_number, intro = (title or "").strip(), (doc_number or "").strip(), (intro or "").strip()
    errors = {}
    if not title:
        errors["title"] = "请填写公告标题。"
    elif len(title) > 200:
        errors["title"] = "公告标题不能超过 200 个字。"
    if len(doc_number) > 100:
        errors["doc_number"] = "文号不能超过 100 个字。"
    if len(intro) > 2000:
        errors["intro"] = "说明不能超过 2000 个字。"
    ids = sorted({int(i) for i in inspection_ids})
    if not ids:
        errors["inspections"] = "没有选中任何抽查记录：请调整筛选条件。"
    elif len(ids) > MAX_PUBLICATION:
        errors["inspections"] = f"一次最多公告 {MAX_PUBLICATION} 批次（选中了 {len(ids)} 批次）：请缩小筛选范围。"
    if errors:
        raise ValidationError(errors)
    scoped = Inspection.objects.filter(pk__in=ids) if user is None else Inspection.objects.for_user(user).filter(
        pk__in=ids)
    found = dict(scoped.values_list("id", "number"))
    if len(found) != len(ids):
        raise PermissionDenied("选中的抽查记录中有不在您管辖范围内的记录：只能公告本辖区的抽查结果。")
    with transaction.atomic():
        publication = InspectionPublication(region=region or user.region, title=title, doc_number=doc_number,
                                            intro=intro, created_by=user, state=PublishState.DRAFT)
        create_record(user, publication, reason="新建抽查结果公告")
        publication.inspections.set(ids)
        changelog.record(user=user, action="update", obj=publication, before={"inspections": []},
                         after={"inspections": [found[i] for i in ids]},
                         reason=f"公告包含抽查记录 {len(ids)} 批次")
    return publication


def publish_publication(user, publication: InspectionPublication) -> InspectionPublication:
    _ensure_office(user)
    if publication.state == PublishState.PUBLISHED:
        raise ValidationError("公告已经发布。")
    if not publication.inspections.exists():
        raise ValidationError("公告没有抽查记录，不能发布。")
    return update_record(user, publication, {"state": PublishState.PUBLISHED, "published_on": clock.today(),
                                              "withdrawn_on": None}, reason="发布")


def withdraw_publication(user, publication: InspectionPublication) -> InspectionPublication:
    _ensure_office(user)
    if publication.state != PublishState.PUBLISHED:
        raise ValidationError("只有已发布的公告可以撤回。")
    return update_record(user, publication, {"state": PublishState.WITHDRAWN, "withdrawn_on": clock.today()},
                         reason="撤回")
