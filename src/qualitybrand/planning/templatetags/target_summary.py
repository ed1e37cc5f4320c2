"""The planning index's progress column and the county's 新增 buttons (issue 15: a county sees its
towns' target sets with their progress and opens the editors for its towns)."""

from __future__ import annotations

from django import template

from qualitybrand.core import clock
from qualitybrand.core.scoping import region_in_scope

register = template.Library()


@register.simple_tag
def target_summary(ts, user) -> dict | None:
    """{"late": n, "rows": m} over the subjects the user may see, for a set of this year (earlier
    years' sets are done: no engine call for them); None when there is nothing to show."""
    from qualitybrand.core.models import Region
    from qualitybrand.planning import selectors

    if ts.year != clock.today().year:
        return None
    try:
        rows = selectors.progress(ts, selectors.default_as_of(ts.year))
    except selectors.AssessmentError:
        return None
    regions = {r.code: r for r in Region.objects.filter(code__in={r.region for r in rows})}
    rows = [r for r in rows if not r.is_own and r.region in regions and region_in_scope(user, regions[r.region])]
    if not rows:
        return None
    return {"late": sum(1 for r in rows if r.status == "滞后"), "rows": len(rows)}


@register.simple_tag
def plans_towns(user) -> bool:
    """A county office whose towns are in the region list: it may open the editors for them."""
    from qualitybrand.planning import editor_subjects as es
    from qualitybrand.planning.documents import RegionIndex

    if es.is_city_office(user) or getattr(user, "role", "") != "county" or user.region_id is None:
        return False
    return es.may_edit(user, user.region, "towns") and bool(es.town_columns(user.region, RegionIndex()))
