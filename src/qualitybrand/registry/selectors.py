"""Reads of the registry shared by pages, the API and reports."""

from __future__ import annotations

from qualitybrand.core.roles import VIEW
from qualitybrand.registry.models import Entity


def entity_for(user, uscc: str, action: str = VIEW) -> Entity | None:
    """The entity with this credit code, if the user may see it (else None: not found)."""
    return Entity.objects.for_user(user, action).filter(uscc=(uscc or "").strip().upper()).first()


def credit_file(user, entity: Entity) -> dict[str, object]:
    """The start of an entity's credit file: its records by kind, each scoped to the user.
    Keys are the API resource names; values are querysets (nothing is evaluated here)."""
    from qualitybrand.supervision.models import BlacklistEntry, Case, Inspection

    return {
        "trademarks": entity.trademarks.model.objects.for_user(user).filter(holder=entity),
        "recognitions": entity.recognitions.model.objects.for_user(user).filter(entity=entity)
        .select_related("program"),
        "patents": entity.patents.model.objects.for_user(user).filter(applicant=entity),
        "certifications": entity.certifications.model.objects.for_user(user).filter(entity=entity),
        "standards": entity.standards.model.objects.for_user(user).filter(entity=entity),
        "inspections": Inspection.objects.for_user(user).filter(entity=entity),
        "cases": Case.objects.for_user(user).filter(party=entity),
        "pledges": entity.pledges.model.objects.for_user(user).filter(pledgor=entity),
        "services": entity.services.model.objects.for_user(user).filter(entity=entity),
        "blacklist": BlacklistEntry.objects.for_user(user).filter(entity=entity),
    }
