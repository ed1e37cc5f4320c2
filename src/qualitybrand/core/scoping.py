"""Region scoping in one place: every list, detail, export, count and search goes through
`Model.objects.for_user(user, action)`.

A user sees its own region and everything below it (`Region.path` prefix). Enterprise users
see only the records of their own entity, through the model's `scope_entity_field`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from qualitybrand.core.roles import CHANGE, VIEW, Role, role_may


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
        path = scope_path(user)
        return self.none() if path is None else self.within(path)

    def within(self, region_path: str) -> ScopedQuerySet:
        """Records of the region with this path and every region below it."""
        return self.filter(**{f"{self.region_field}__path__startswith": region_path})


# --- region checks --------------------------------------------------------------------------
# Every decision "may this user act on / see this region" is one of the functions below, so that
# a rule changes in one place and each has its own test (tests/core/test_scoping.py). They
# take the user as request.user gives it; `None` is no user (not a system write: callers that
# let system writes through say so themselves).

def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def scope_path(user) -> str | None:
    """The `Region.path` prefix of everything the user's region covers: "/" (every region) for a
    superuser, its region's path for a user bound to a region, None for anyone else."""
    if not _active(user):
        return None
    if user.is_superuser:
        return "/"
    if user.region_id is None:
        return None
    return user.region.path


def region_in_scope(user, region) -> bool:
    """Whether a region (and so a record or a figure of it) lies in the user's region or below."""
    path = scope_path(user)
    return path is not None and region is not None and region.path.startswith(path)


user_may_access_region = region_in_scope  # the former name, still imported by some callers


def scope_filter(user, path_field: str) -> Q | None:
    """A filter on a path column (`region__path`, `region_path`) keeping the rows in the user's
    scope: empty (every row, also rows of no region) for a superuser; None when the user has no
    scope (the caller then returns nothing)."""
    path = scope_path(user)
    if path is None:
        return None
    return Q() if path == "/" else Q(**{f"{path_field}__startswith": path})


def within_scope(qs, user, path_field: str = "region__path"):
    """`qs` narrowed to the rows whose region lies in the user's scope (none without a scope)."""
    q = scope_filter(user, path_field)
    return qs.none() if q is None else qs.filter(q)


def regions_in_scope(user):
    """The regions the user may select or see: its own region and everything below (all for a
    superuser)."""
    from qualitybrand.core.models import Region

    return within_scope(Region.objects.all(), user, "path")


def codes_in_scope(user, codes) -> set[str]:
    """Which of these region codes lie in the user's scope (one query; unknown codes are not)."""
    return set(regions_in_scope(user).filter(code__in=set(codes)).values_list("code", flat=True))


def has_scoped_role(user, roles) -> bool:
    """A superuser, or a user of one of `roles` bound to a region (a role without a region is
    not allowed to act on any region)."""
    if not _active(user):
        return False
    return user.is_superuser or (getattr(user, "role", "") in roles and user.region_id is not None)


def may_act_on_region(user, region, roles) -> bool:
    """A user of one of `roles` whose region is `region` or above it (a superuser always): the
    office of a round, the administrator creating an account, the loader of a target set."""
    return has_scoped_role(user, roles) and region_in_scope(user, region)


def is_own_region(user, region, role: str = Role.COUNTY) -> bool:
    """The user of `role` bound to exactly this region (a county acting for itself, never for a
    neighbour nor for a region below it). `region` may be a Region or its id."""
    region_id = getattr(region, "pk", region)
    return (_active(user) and getattr(user, "role", "") == role
            and user.region_id is not None and user.region_id == region_id)


def own_region_code(user, roles=None) -> str | None:
    """The code of the region the user is bound to, when its role is one of `roles` (any role
    when None); None for a superuser or a user without a region."""
    if not _active(user) or user.is_superuser or user.region_id is None:
        return None
    if roles is not None and getattr(user, "role", "") not in roles:
        return None
    return user.region.code


def may_create_in(user, model, region) -> bool:
    """Whether the user may add a record of `model` in `region`: its role may change the model
    and the region lies in its scope (the check `for_user(user, CHANGE)` makes on a stored one)."""
    if _active(user) and user.is_superuser:
        return True
    return role_may(getattr(user, "role", ""), CHANGE, model) and region_in_scope(user, region)
