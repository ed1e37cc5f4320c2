"""Recalls on the role pages and in the 待办: the county's open recalls with their next deadline
(工作清单: those of its enterprises and those with an affected holder in the county), an enterprise's
recalls (本企业), and a 待办 item for the overdue ones (a recall the office sees for its holders only
counts while one of those holders is not yet disposed: the rest is the responsible office's work)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qualitybrand.core import landing
from qualitybrand.core.inbox import Item
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role

LIMIT = 20


def _due(d) -> str:
    if d is None:
        return "—"
    if d.due is None:
        return "期限待定"
    text = timezone.localtime(d.due).strftime("%Y-%m-%d %H:%M") if isinstance(d.due, dt.datetime) else d.due.isoformat()
    return f"{d.label} {text}"


def _rows(user):
    from qualitybrand.recalls import deadlines as dl
    from qualitybrand.recalls import selectors

    qs = selectors.with_held_counts(selectors.open_recalls(user).select_related("entity", "region"), user)
    found = selectors.with_deadlines(qs.order_by("decided", "id"))
    found.sort(key=lambda pair: (not dl.is_overdue(pair[1]), pair[0].decided, pair[0].pk))
    return found


def _section(user, title: str, held_column: bool = False) -> Section | None:
    from qualitybrand.recalls import deadlines as dl

    found = _rows(user)
    if not found:
        return None
    rows = []
    for r, deadlines in found[:LIMIT]:
        nxt = dl.next_open(deadlines)
        late = dl.is_overdue(deadlines)
        held = [Cell(f"{r.held} 户（未处置 {r.held_open} 户）" if r.held else "—")] if held_column else []
        rows.append([Cell(r.product, r.get_absolute_url()), Cell(r.entity.name), *held, Cell(r.status),
                     Cell(_due(nxt)), Cell(nxt.left if nxt and nxt.left else "—"),
                     Cell("逾期" if late else "办理中", tone="red" if late else "blue")])
    columns = ["产品", "责任企业", *(["辖区受影响主体"] if held_column else []), "状态", "下一期限", "剩余", ""]
    return Section(title, columns, rows, more_url="/recalls/?status=open",
                   total=len(found), unit="件", note="按工作日（含节假日调休）和小时计算的召回时限。")


def county_recalls(user):
    if getattr(user, "role", "") != Role.COUNTY:
        return None
    return _section(user, "辖区缺陷产品召回", held_column=True)


def company_recalls(user):
    if getattr(user, "role", "") != Role.ENTERPRISE:
        return None
    return _section(user, "本企业相关的召回")


def items(user) -> list[Item]:
    if getattr(user, "role", "") not in (Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE) and not user.is_superuser:
        return []
    from qualitybrand.recalls import deadlines as dl
    from qualitybrand.recalls import selectors

    found = _rows(user)
    responsible = selectors.responsible_ids(user, [r.pk for r, _ in found])
    late = sum(1 for r, rows in found if dl.is_overdue(rows) and (r.pk in responsible or r.held_open))
    return [Item("逾期的缺陷产品召回", "/recalls/?overdue=1", late, overdue=True)] if late else []


def register() -> None:
    from qualitybrand.core import inbox

    landing.register("worklist", county_recalls, order=45)
    landing.register("company", company_recalls, order=40)
    inbox.register(items)
