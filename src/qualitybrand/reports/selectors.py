"""Reads of the document archive: the scoped list with its filters, one document, whether the data changed
since a document was made."""

from __future__ import annotations

from dataclasses import dataclass

from qualitybrand.core.models import ChangeLog
from qualitybrand.reports.models import DocumentKind, DocumentState, IssuedDocument

OWN_MODELS = ["reports.issueddocument", "reports.officetemplate"]


@dataclass
class Filters:
    kind: str = ""
    year: int | None = None
    state: str = ""
    region: object = None  # a Region in the user's scope (itself and below)

    @classmethod
    def from_params(cls, params, region=None) -> Filters:
        kind = params.get("kind", "") if params.get("kind", "") in DocumentKind.values else ""
        state = params.get("state", "") if params.get("state", "") in DocumentState.values else ""
        raw = str(params.get("year", "") or "").strip()
        year = int(raw) if raw.isdigit() and 1900 < int(raw) < 2200 else None
        return cls(kind=kind, year=year, state=state, region=region)


def documents_for(user):
    """The archive the user may see: its region's documents and those below (a county its own)."""
    return IssuedDocument.objects.for_user(user).select_related("region", "created_by")


def filtered(user, filters: Filters):
    qs = documents_for(user)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.region is not None:
        qs = qs.within(filters.region.path)
    return qs


def data_changed_since(doc: IssuedDocument) -> bool | None:
    """Whether any record other than the archive's own changed after the document was made (None when it
    was not made yet)."""
    log_id = (doc.params or {}).get("log_id")
    if log_id is None or doc.state in (DocumentState.QUEUED, DocumentState.RUNNING, DocumentState.FAILED):
        return None
    return ChangeLog.objects.filter(id__gt=log_id).exclude(model__in=OWN_MODELS).exists()


def is_busy(doc: IssuedDocument) -> bool:
    return doc.state in (DocumentState.QUEUED, DocumentState.RUNNING)
