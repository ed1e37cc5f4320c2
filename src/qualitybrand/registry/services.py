"""Writes of the registry. Single writes go through core.services; imports through the ledger engine.

`move_entity` / `move_entities` keep the region of every record an entity owns in step with the
entity's region (set-based: one UPDATE per model and target region), change-logged."""

from __future__ import annotations

from django.db import transaction

from qualitybrand.core import changelog, clock
from qualitybrand.core.services import update_record


def entity_owned_models():
    """(model, entity FK attname) of every record that takes its entity's region: the registry's own, then those
    the apps above registered (`hooks.register_owned`; supervision: inspections, blacklist entries, cases)."""
    from qualitybrand.registry import hooks
    from qualitybrand.registry import models as m

    return [
        (m.Trademark, "holder_id"), (m.Recognition, "entity_id"), (m.Patent, "applicant_id"),
        (m.Certification, "entity_id"), (m.Standard, "entity_id"), (m.Pledge, "pledgor_id"),
        (m.Service, "entity_id"), *hooks.owned_models(),
    ]


@transaction.atomic
def move_entities(user, moves: list[tuple[int, int]], *, import_batch_id: int | None = None,
                  reason: str = "主体迁移区划，随主体变更") -> int:
    """Set the region of every record owned by the moved entities to the entity's new region."""
    from qualitybrand.core.models import Region

    if not moves:
        return 0
    paths = dict(Region.objects.values_list("id", "path"))
    by_region: dict[int, list[int]] = {}
    for entity_id, region_id in moves:
        by_region.setdefault(region_id, []).append(entity_id)
    now = clock.now()
    entries = []
    total = 0
    for model, fk in entity_owned_models():
        for region_id, entity_ids in by_region.items():
            for i in range(0, len(entity_ids), 2000):
                part = entity_ids[i:i + 2000]
                qs = model._default_manager.filter(**{f"{fk}__in": part}).exclude(region_id=region_id)
                rows = list(qs.values_list("id", "region_id"))
                if not rows:
                    continue
                model._default_manager.filter(id__in=[r[0] for r in rows]).update(region_id=region_id)
                total += len(rows)
                for pk, old in rows:
                    entries.append(changelog.build_row(
                        user=user, action="update", model=model._meta.label_lower, object_id=pk,
                        object_repr=f"{model._meta.verbose_name} {pk}", region_path=paths.get(region_id, ""),
                        before={"region": old}, after={"region": region_id}, reason=reason,
                        import_batch_id=import_batch_id, when=now))
    changelog.record_many(entries)
    return total


@transaction.atomic
def move_entity(user, entity, region, *, reason: str = "") -> None:
    """Move one entity to another region; its records follow."""
    update_record(user, entity, {"region": region}, reason=reason)
    move_entities(user, [(entity.pk, region.pk)], reason=reason or "主体迁移区划，随主体变更")
