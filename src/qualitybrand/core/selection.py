"""The page shell's region and year selection, remembered per user and limited to its scope."""

from __future__ import annotations

from qualitybrand.core import clock
from qualitybrand.core.models import Region
from qualitybrand.core.scoping import regions_in_scope

FIRST_YEAR = 2005
MAX_OPTIONS = 500


def scope_regions(user):
    """Regions the user may select: its own region and everything below (all for a superuser)."""
    return regions_in_scope(user)


def selectable_years() -> list[int]:
    return list(range(clock.today().year, FIRST_YEAR - 1, -1))


def region_options(user) -> list[dict]:
    """(code, label) of the selectable regions, indented by depth below the user's own region."""
    rows = list(scope_regions(user).exclude(kind="乡镇街道").order_by("path")
                .values("code", "name", "depth")[:MAX_OPTIONS])
    base = min((r["depth"] for r in rows), default=0)
    return [{"code": r["code"], "label": "\u3000" * (r["depth"] - base) + r["name"]} for r in rows]


def current_selection(request) -> dict:
    user = request.user
    options = region_options(user)
    codes = {o["code"] for o in options}
    code = user.selected_region if user.selected_region in codes else None
    if code is None:
        code = user.region.code if user.region_id and user.region.code in codes else (
            options[0]["code"] if options else None)
    region = Region.objects.filter(code=code).first() if code else None
    years = selectable_years()
    year = user.selected_year if user.selected_year in years else clock.today().year
    return {"qb_region": region, "qb_year": year, "qb_regions": options, "qb_years": years}


def select(user, *, region_code: str | None, year: str | int | None) -> bool:
    """Remember a selection; False (nothing stored) when the region is outside the scope or the
    year is not offered."""
    changes = {}
    if region_code:
        if not scope_regions(user).filter(code=region_code).exists():
            return False
        changes["selected_region"] = region_code
    if year not in (None, ""):
        try:
            year = int(year)
        except (TypeError, ValueError):
            return False
        if year not in selectable_years():
            return False
        changes["selected_year"] = year
    if changes:
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(pk=user.pk).update(**changes)
        for key, value in changes.items():
            setattr(user, key, value)
    return True


def selected_region(request):
    """The region chosen in the top bar (inside the user's scope), for views that filter by it."""
    return current_selection(request)["qb_region"]


def selected_year(request) -> int:
    user = request.user
    years = selectable_years()
    return user.selected_year if getattr(user, "selected_year", None) in years else clock.today().year
