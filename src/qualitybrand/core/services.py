"""Generic writes through the change log, and the region tree's own writes.

App services use `create_record`, `update_record` and `delete_record` so that every single
write is permission-checked and recorded the same way.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from qualitybrand.core import changelog, references
from qualitybrand.core.models import Region, RegionAlias
from qualitybrand.core.roles import CHANGE
from qualitybrand.core.scoping import may_create_in


def ensure_may_change(user, obj: models.Model) -> None:
    """Refuse a write outside the user's scope (the same `for_user` every read uses)."""
    if user is None:  # system writes: commands, demo loader, tasks
        return
    manager = type(obj)._default_manager
    if not hasattr(manager, "for_user"):
        if not (user.is_superuser or getattr(user, "role", "") == "city_admin"):
            raise PermissionDenied("您没有修改此数据的权限。")
        return
    if obj.pk is None:
        if not may_create_in(user, type(obj), getattr(obj, "region", None)):
            raise PermissionDenied("您没有在该区划新增数据的权限。")
        return
    if not manager.for_user(user, CHANGE).filter(pk=obj.pk).exists():
        raise PermissionDenied("您没有修改此数据的权限。")


def _ensure_may_move(user, obj: models.Model, changes: dict[str, Any]) -> None:
    """A change of region must land inside the user's scope too: `ensure_may_change` looks at the
    stored record only, and a record moved to a neighbour would leave the user's sight for good."""
    if user is None or not hasattr(type(obj)._default_manager, "for_user"):
        return
    if "region" in changes:
        region = changes["region"]
    elif "region_id" in changes:
        region = Region.objects.filter(pk=changes["region_id"]).first()
    else:
        return
    if getattr(region, "pk", None) != getattr(obj, "region_id", None) and not may_create_in(user, type(obj), region):
        raise PermissionDenied("不能把数据移到您管辖范围以外的区划。")


@transaction.atomic
def create_record(user, obj: models.Model, *, reason: str = "", check: bool = True) -> models.Model:
    if check:
        ensure_may_change(user, obj)
    obj.full_clean()
    obj.save()
    changelog.record(user=user, action="create", obj=obj, after=changelog.snapshot(obj), reason=reason)
    return obj


@transaction.atomic
def update_record(user, obj: models.Model, changes: dict[str, Any], *, reason: str = "",
                  check: bool = True) -> models.Model:
    if check:
        ensure_may_change(user, obj)
        _ensure_may_move(user, obj, changes)
    references.ensure_unchanged(obj, changes)  # a code other data names by text stays as it is
    before = changelog.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    changelog.record(user=user, action="update", obj=obj, before=before, after=changelog.snapshot(obj),
                     reason=reason)
    return obj


@transaction.atomic
def delete_record(user, obj: models.Model, *, reason: str = "", check: bool = True) -> None:
    if check:
        ensure_may_change(user, obj)
    before = changelog.snapshot(obj)
    entry = changelog.build_entry(user=user, action="delete", obj=obj, before=before, after=None, reason=reason)
    obj.delete()
    entry.save()
    changelog.bump_data_version()


# --- the region tree -------------------------------------------------------------------

def resolve_region_codes(codes: set[str]) -> dict[str, Region]:
    """Current regions for codes that may be current or former ones (one query each way)."""
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    missing = codes - found.keys()
    if missing:
        for alias in RegionAlias.objects.filter(code__in=missing).select_related("region"):
            found[alias.code] = alias.region
    return found


@transaction.atomic
def save_region(user, *, code: str, name: str, kind: str, parent: Region | None,
                former_codes: list[str] | None = None, reason: str = "") -> Region:
    """Create or update a region, keeping `path` of it and its subtree right."""
    region = Region.objects.filter(code=code).first()
    if parent is not None and region is not None and parent.path.startswith(region.path):
        raise ValidationError(f"区划 {code} 不能挂在自己或下级区划之下。")
    before = changelog.snapshot(region) if region else None
    if region is None:
        region = Region(code=code)
    old_path = region.path
    region.name, region.kind, region.parent = name, kind, parent
    region.path = region.compute_path()
    region.depth = region.path.count("/") - 2
    region.save()
    if old_path and old_path != region.path:
        _rewrite_subtree_paths(old_path, region.path)
    if former_codes is not None:
        for former in former_codes:
            if Region.objects.filter(code=former).exclude(pk=region.pk).exists():
                raise ValidationError(f"曾用代码 {former} 是现有区划的代码。")
        RegionAlias.objects.filter(region=region).exclude(code__in=former_codes).delete()
        for former in former_codes:
            RegionAlias.objects.update_or_create(code=former, defaults={"region": region})
    after = changelog.snapshot(region)
    changelog.record(user=user, action="create" if before is None else "update", obj=region,
                     before=before, after=after, reason=reason)
    return region


def _rewrite_subtree_paths(old_path: str, new_path: str) -> None:
    for child in Region.objects.filter(path__startswith=old_path).exclude(path=old_path):
        child.path = new_path + child.path[len(old_path):]
        child.depth = child.path.count("/") - 2
        child.save(update_fields=["path", "depth"])
