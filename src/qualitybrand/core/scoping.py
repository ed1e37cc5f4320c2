"""Region scoping in one place: every list, detail, export, count and search goes through
`Model.objects.for_user(user, action)`.

A user sees its own region and everything below it (`Region.path` prefix). Enterprise users
see only the records of their own entity, through the model's `scope_entity_field`.
"""

from __future__ import annotations

from django.db import models

from qualitybrand.core.roles import VIEW, Role, role_may


class ScopedQuerySet(models.QuerySet):
    region_field = "region"

    def for_user(self, user, action: str = VIEW) -> ScopedQuerySet:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        role = getattr(user, "role", "")
        if not role_may(role, action, self.model):
            return self.none()
        if role == Role.ENTERPRISE:
            entity_field = getattr(self.model, "scope_entity_field", None)
            if not entity_field or not user.entity_id:
                return self.none()
            return self.filter(**{entity_field: user.entity_id})
        if user.region_id is None:
            return self.none()
        return self.within(user.region.path)

    def within(self, region_path: str) -> ScopedQuerySet:
        """Records of the region with this path and every region below it."""
        return self.filter(**{f"{self.region_field}__path__startswith": region_path})


def user_may_access_region(user, region) -> bool:
    """Whether a region (and so a figure for it) lies inside the user's scope."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if user.region_id is None:
        return False
    return region.path.startswith(user.region.path)
