"""What the registry shows on 本企业 (core/landing.py): 预警提示, for now the marks due for renewal.

A registered mark's term ends on `expires`; renewal may be filed in the 12 months before and within
the 6-month grace period after (商标法第四十条). Recognitions and certificates about to lapse can join
here the same way."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core import clock, landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.listing import PAGES
from qualitybrand.core.roles import Role

AHEAD_DAYS = 365
GRACE_DAYS = 183


def renewal_due(user, today: dt.date | None = None):
    """The enterprise's registered marks whose term ends within 12 months, or ended within the grace
    period and were not cancelled."""
    from qualitybrand.registry.models import Trademark

    today = today or clock.today()
    return (Trademark.objects.for_user(user)
            .filter(registered__isnull=False, expires__isnull=False,
                    expires__gte=today - dt.timedelta(days=GRACE_DAYS),
                    expires__lte=today + dt.timedelta(days=AHEAD_DAYS))
            .exclude(cancelled__isnull=False, cancelled__lte=today).order_by("expires", "id"))


def company_warnings(user):
    if getattr(user, "role", "") != Role.ENTERPRISE:
        return None
    today = clock.today()
    page = PAGES.get("registry:trademarks")
    rows = []
    for t in renewal_due(user, today):
        url = page.url("detail", t) if page else ""
        days = (t.expires - today).days
        status = Cell(f"{days} 天后到期", tone="orange") if days >= 0 else Cell(
            f"已到期 {-days} 天（宽展期内）", tone="red")
        rows.append([Cell("商标续展", ""), Cell(f"{t.name}（{t.number}）", url),
                     Cell(t.expires.strftime("%Y年%-m月%-d日")), status])
    return Section("预警提示", ["事项", "对象", "到期日期", "提示"], rows, order=5,
                   empty="暂无预警。目前提示的事项：注册商标专用权 12 个月内到期或已到期仍在宽展期内（需办理续展）。",
                   note="注册商标有效期满前 12 个月内可办理续展，期满后有 6 个月宽展期；逾期未续展的商标将被注销。"
                   if rows else "")


def register() -> None:
    landing.register("company", company_warnings, order=10)
