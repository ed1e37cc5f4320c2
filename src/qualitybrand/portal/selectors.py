"""Reads of the portal: what the public may see (published only) and what the office manages (scoped)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from qualitybrand.core import clock
from qualitybrand.core.roles import CHANGE
from qualitybrand.portal.models import (
    InspectionPublication,
    PageSection,
    PortalAttachment,
    PortalPage,
    PublishState,
)
from qualitybrand.supervision.models import Inspection

PUBLISHED = PublishState.PUBLISHED
# What a publication shows of each inspection record (nothing else of it leaves the office).
PUBLIC_INSPECTION_FIELDS = ("entity__name", "product_category", "level", "sampled", "conclusion", "failed_items")


# --- public -----------------------------------------------------------------------------------

def published_pages(section: str | None = None):
    qs = PortalPage.objects.filter(state=PUBLISHED)
    if section:
        qs = qs.filter(section=section)
    return (qs.only("id", "section", "title", "summary", "doc_number", "source", "published_on")
            .order_by("-published_on", "-id"))


def published_page(pk) -> PortalPage:
    """A published page, else Http404 (a draft, a withdrawn page and a missing id answer alike)."""
    page = PortalPage.objects.filter(pk=pk, state=PUBLISHED).first()
    if page is None:
        raise Http404("页面不存在")
    return page


def published_attachments(page: PortalPage):
    return PortalAttachment.objects.filter(page=page).only("id", "original_name", "size")


def published_attachment(pk) -> PortalAttachment:
    found = PortalAttachment.objects.filter(pk=pk, page__state=PUBLISHED).first()
    if found is None:
        raise Http404("附件不存在")
    return found


def published_publications():
    return (InspectionPublication.objects.filter(state=PUBLISHED)
            .annotate(batches=Count("inspections"),
                      failed=Count("inspections", filter=Q(inspections__conclusion="不合格")))
            .only("id", "title", "doc_number", "published_on").order_by("-published_on", "-id"))


def published_publication(pk) -> InspectionPublication:
    found = InspectionPublication.objects.filter(pk=pk, state=PUBLISHED).first()
    if found is None:
        raise Http404("公告不存在")
    return found


def publication_rows(publication: InspectionPublication) -> list[dict]:
    """The public columns of the publication's records: 企业名称, 产品类别, 抽查级别, 抽样日期, 结论, 不合格项目."""
    rows = (publication.inspections.order_by("conclusion", "entity__name", "sampled", "id")
            .values(*PUBLIC_INSPECTION_FIELDS))
    return [{"entity": r["entity__name"], "product": r["product_category"], "level": r["level"],
             "sampled": r["sampled"], "conclusion": r["conclusion"], "failed_items": r["failed_items"]}
            for r in rows]


def public_blacklist(query: str = "", on: dt.date | None = None) -> list[dict]:
    """严重违法失信名单 as the public may see it today (`supervision.selectors.publicly_listed`): entries in
    force on the day, within their three years; removed and repaired ones never show. Search by name."""
    from qualitybrand.supervision.selectors import publicly_listed

    qs = publicly_listed(on or clock.today())
    if query:
        qs = qs.filter(entity__name__icontains=query)
    return [{"name": name, "uscc": uscc, "listed": listed, "reason": reason, "authority": authority}
            for name, uscc, listed, reason, authority in
            qs.values_list("entity__name", "entity__uscc", "listed", "reason", "authority")]


def latest(limit: int = 5) -> dict:
    """The home page: the latest published item of each section."""
    return {
        "inspections": list(published_publications()[:limit]),
        "policies": list(published_pages(PageSection.POLICY)[:limit]),
        "news": list(published_pages(PageSection.NEWS)[:limit]),
    }


# --- the office ---------------------------------------------------------------------------------

def pages_for(user):
    return (PortalPage.objects.for_user(user, CHANGE).select_related("region")
            .annotate(files=Count("attachments")).order_by("-updated_at", "-id"))


def page_for(user, pk) -> PortalPage:
    page = PortalPage.objects.for_user(user, CHANGE).filter(pk=pk).first()
    if page is None:
        raise Http404("页面不存在或不在您的管辖范围内")
    return page


def publications_for(user):
    return (InspectionPublication.objects.for_user(user, CHANGE).select_related("region")
            .annotate(batches=Count("inspections")).order_by("-updated_at", "-id"))


def publication_for(user, pk) -> InspectionPublication:
    found = InspectionPublication.objects.for_user(user, CHANGE).filter(pk=pk).first()
    if found is None:
        raise Http404("公告不存在或不在您的管辖范围内")
    return found


@dataclass
class InspectionFilter:
    region: object = None          # a Region in the user's scope, or None (the whole scope)
    start: dt.date | None = None
    end: dt.date | None = None
    level: str = ""
    product: str = ""
    conclusion: str = ""


def choose_inspections(user, f: InspectionFilter):
    """The inspections a publication would hold: the user's scope (`for_user`), narrowed by the filter."""
    qs = Inspection.objects.for_user(user).select_related("entity", "region")
    if f.region is not None:
        qs = qs.within(f.region.path)
    if f.start:
        qs = qs.filter(sampled__gte=f.start)
    if f.end:
        qs = qs.filter(sampled__lte=f.end)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.product:
        qs = qs.filter(product_category__icontains=f.product)
    if f.conclusion:
        qs = qs.filter(conclusion=f.conclusion)
    return qs.order_by("sampled", "id")
