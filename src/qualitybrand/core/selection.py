"""The page shell's region and year selection, remembered per user and limited to its scope."""

from __future__ import annotations

from qualitybrand.core import clock
from qualitybrand.core.models import Region


def scope_regions(user):
    """Regions the user may select: its own region and everything below (all for a superuser)."""
    qs = Region.objects.all()
    if user.is_superuser:
        return qs
    if user.region_id is None:
        return qs.none()
    return qs.filter(path__startswith=user.region.path)


def current_selection(request) -> dict:
    user = request.user
    regions = scope_regions(user)
    selected = None
    if user.selected_region:
        selected = regions.filter(code=user.selected_region).first()
    if selected is None:
        selected = user.region if user.region_id else regions.order_by("depth", "path").first()
    year = user.selected_year or clock.today().year
    return {
        "qb_region": selected,
        "qb_year": year,
        "qb_regions": regions.exclude(kind="乡镇街道").only("code", "name", "depth", "path")[:500],
        "qb_years": list(range(clock.today().year, 2004, -1)),
    }
