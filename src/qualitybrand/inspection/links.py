"""The task page's line back to 迎检 (registered with assignments.links in apps.py): a task made for a
manual item names the item and, for a user who may open the preparation, links to it."""

from __future__ import annotations

from qualitybrand.assignments.links import SourceLink
from qualitybrand.inspection import selectors
from qualitybrand.inspection.models import ItemEvaluation


def task_link(task, user) -> SourceLink | None:
    if task.source != selectors.SOURCE:
        return None
    ev = ItemEvaluation.objects.filter(task=task).select_related("preparation__scheme").first()
    if ev is None:
        return None
    prep = ev.preparation
    item = next((i for i in selectors.scheme_items(prep) if i["code"] == ev.item_code), {})
    text = f"{ev.item_code} {item.get('name', '')}".strip()
    visible = selectors.preparations_for(user).filter(pk=prep.pk).exists()
    return SourceLink("迎检材料", text, prep.get_absolute_url() if visible else "", prep.title)
