"""Permission walk of the office's publishing pages (/portal/manage/…): the city office and the county of the
region only (department, leader, enterprise, expert: 403; another county: 404). Imported by
tests/portal/permission_cases.py."""

from __future__ import annotations

import datetime as _dt

from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase

MANAGE_ROLES = frozenset({"city_admin", "county"})


def _page(region, state="draft"):
    from qualitybrand.portal.models import PortalPage

    return PortalPage.objects.create(region=region, section="news", title=f"{region.name}门户权限样例页面",
                                     body="<p>正文</p>", state=state,
                                     published_on=_dt.date(2014, 7, 1) if state == "published" else None)


def _published_page(region):
    return _page(region, "published")


def _attachment(region):
    from django.core.files.base import ContentFile

    from qualitybrand.portal.models import PortalAttachment

    found = PortalAttachment(page=_page(region), region=region, original_name="附件.pdf", size=9)
    found.file.save("perm.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return found


def _publication(region, state="draft"):
    from qualitybrand.portal.models import InspectionPublication
    from tests.credit.factories import InspectionFactory
    from tests.factories import EntityFactory

    publication = InspectionPublication.objects.create(
        region=region, title=f"{region.name}抽查结果公告权限样例", state=state,
        published_on=_dt.date(2014, 7, 1) if state == "published" else None)
    publication.inspections.set([InspectionFactory(entity=EntityFactory(region=region))])
    return publication


def _published_publication(region):
    return _publication(region, "published")


def _state(obj):
    obj.refresh_from_db()
    return (obj.state, getattr(obj, "title", None))


def _attachment_state(obj):
    from qualitybrand.portal.models import PortalAttachment

    return PortalAttachment.objects.filter(pk=obj.pk).exists()


def _marker(obj):
    return obj.title


CASES.append(Case("portal:manage_page", _page, view_roles=MANAGE_ROLES, list_name="portal:manage", marker=_marker))
CASES.append(Case("portal:manage_publication", _publication, view_roles=MANAGE_ROLES, list_name="portal:manage",
                  marker=_marker))

CHANGE_CASES += [
    ChangeCase("portal:manage_page", _page, data={"section": "news", "title": "改过的标题", "body": "<p>新</p>"},
               state=_state),
    ChangeCase("portal:manage_page_publish", _page, state=_state),
    ChangeCase("portal:manage_page_withdraw", _published_page, state=_state),
    ChangeCase("portal:manage_attachment_delete", _attachment, state=_attachment_state),
    ChangeCase("portal:manage_publication_publish", _publication, state=_state),
    ChangeCase("portal:manage_publication_withdraw", _published_publication, state=_state),
]
