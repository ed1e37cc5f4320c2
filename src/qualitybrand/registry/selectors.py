"""Reads of the registry shared by pages, the API and reports."""

from __future__ import annotations

from qualitybrand.core.roles import VIEW
from qualitybrand.registry.models import Entity


def entity_for(user, uscc: str, action: str = VIEW) -> Entity | None:
    """The entity with this credit code, if the user may see it (else None: not found)."""
    return Entity.objects.for_user(user, action).filter(uscc=(uscc or "").strip().upper()).first()


def credit_file(user, entity: Entity) -> dict[str, object]:
    """The start of an entity's credit file: its records by kind, each scoped to the user.
    Keys are the API resource names; values are querysets (nothing is evaluated here). The parts of the apps
    above (supervision: inspections, cases, blacklist) come from `hooks.register_file_part`, in their order."""
    from qualitybrand.registry import hooks

    parts = [
        (10, "trademarks", lambda u, e: e.trademarks.model.objects.for_user(u).filter(holder=e)),
        (20, "recognitions", lambda u, e: e.recognitions.model.objects.for_user(u).filter(entity=e)
         .select_related("program")),
        (30, "patents", lambda u, e: e.patents.model.objects.for_user(u).filter(applicant=e)),
        (40, "certifications", lambda u, e: e.certifications.model.objects.for_user(u).filter(entity=e)),
        (50, "standards", lambda u, e: e.standards.model.objects.for_user(u).filter(entity=e)),
        (80, "pledges", lambda u, e: e.pledges.model.objects.for_user(u).filter(pledgor=e)),
        (90, "services", lambda u, e: e.services.model.objects.for_user(u).filter(entity=e)),
        *hooks.file_parts(),
    ]
    return {key: fn(user, entity) for _, key, fn in sorted(parts, key=lambda p: p[0])}
