"""Reads shared by pages and the API."""

from __future__ import annotations

from qualitybrand.core.models import ChangeLog
from qualitybrand.core.roles import Role


def change_log_for_user(user, params=None):
    """The change log a user may read, filtered by who, what (model), when and region."""
    qs = ChangeLog.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if not user.is_superuser:
        if user.role not in {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER} or user.region_id is None:
            return qs.none()
        qs = qs.filter(region_path__startswith=user.region.path)
    params = params or {}
    if params.get("user"):
        qs = qs.filter(username=params["user"])
    if params.get("model"):
        qs = qs.filter(model=params["model"])
    if params.get("object_id"):
        qs = qs.filter(object_id=params["object_id"])
    if params.get("import_batch"):
        qs = qs.filter(import_batch_id=params["import_batch"]) if str(params["import_batch"]).isdigit() else qs.none()
    if params.get("since"):
        qs = qs.filter(time__date__gte=params["since"])
    if params.get("until"):
        qs = qs.filter(time__date__lte=params["until"])
    if params.get("region"):
        from qualitybrand.core.models import Region

        region = Region.objects.filter(code=params["region"]).first()
        qs = qs.filter(region_path__startswith=region.path) if region else qs.none()
    return qs


def history_for(obj, limit: int = 200):
    """The change-log entries of one object, newest first (the 历史记录 tab)."""
    return ChangeLog.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk)).order_by("-id")[:limit]
