"""Where risks show outside their own pages: the county's 工作清单 (open risks with their level), the
待办 (一级 risks not yet handled) and a “风险信息” button on the entity's page (registry's
`RecordPage.add_links`: the registry never imports this app)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count

from qualitybrand.core import inbox, landing
from qualitybrand.core.inbox import Item
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role

SHOWN = 15


def county_open_risks(user):
    from qualitybrand.risks import selectors

    if getattr(user, "role", "") != Role.COUNTY:
        return None
    qs = selectors.open_risks(user)
    risks = list(qs[:SHOWN])
    if not risks:
        return None
    total = qs.count() if len(risks) == SHOWN else len(risks)
    rows = [[Cell(r.number, r.get_absolute_url()), Cell(r.title, r.get_absolute_url()),
             Cell(r.level, tone=selectors.LEVEL_TONES.get(r.level, "")),
             Cell(r.status, tone=selectors.STATUS_TONES.get(r.status, "")), Cell(r.found.isoformat()),
             Cell(str(r.owner) if r.owner else "—")] for r in risks]
    return Section("未关闭的风险信息", ["风险编号", "风险名称", "等级", "状态", "发现日期", "负责人"], rows,
                   more_url="/risks/", total=total, unit="条",
                   note="按风险等级（一级最严重）和发现日期排列。")


def first_level_items(user) -> list[Item]:
    from qualitybrand.risks import selectors

    if getattr(user, "role", "") not in {Role.CITY_ADMIN, Role.COUNTY} and not getattr(user, "is_superuser", False):
        return []
    n = selectors.unhandled_first_level(user).aggregate(n=Count("id"))["n"]
    if not n:
        return []
    # urgent, not late: no deadline applies, so it is not flagged 逾期
    return [Item("待处置的一级风险", "/risks/?" + urlencode({"level": "一级", "unhandled": "1"}), n)]


def entity_links(entity, user):
    from qualitybrand.risks import selectors
    from qualitybrand.risks.views import _may_view

    if not _may_view(user):
        return []
    n = selectors.entity_risk_count(user, entity)
    return [(f"风险信息（{n}）", "/risks/?" + urlencode({"entity": entity.uscc}))] if n else []


def register() -> None:
    from qualitybrand.registry.views import ENTITIES

    landing.register("worklist", county_open_risks, order=45)
    inbox.register(first_level_items)
    ENTITIES.add_links(entity_links)
