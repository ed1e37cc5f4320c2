"""Landing pages by role: where a user arrives after signing in, and the sections of the pages made for
one role (我的评审任务 of an expert, 本企业 of an enterprise, 工作清单 of a county, 部门工作台 of a
department).

The shell knows none of the work areas; each registers the sections it contributes in its
`AppConfig.ready()`:

    from qualitybrand.core import landing

    def my_section(user) -> landing.Section | None:
        ...  # a few grouped queries, never one per row; None when the area has nothing for this user
    landing.register("reviews", my_section, order=10)

A section is a small table (columns and rows of cells) so that every page renders them alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from qualitybrand.core.roles import Role

log = logging.getLogger(__name__)

# page key -> (url, title); the URLs are in core/urls.py
PAGES = {
    "reviews": ("/me/reviews/", "我的评审任务"),
    "company": ("/me/company/", "本企业"),
    "worklist": ("/me/worklist/", "工作清单"),
    "department": ("/me/department/", "部门工作台"),
}
# Which role lands where. A role not named here (the city office) stays on 工作台.
LANDING = {
    Role.EXPERT: "/me/reviews/",
    Role.ENTERPRISE: "/me/company/",
    Role.COUNTY: "/me/worklist/",
    Role.DEPARTMENT: "/me/department/",
    Role.LEADER: "/reports/dashboard/",  # the dashboard (数据看板)
}
PAGE_ROLES = {"reviews": {Role.EXPERT}, "company": {Role.ENTERPRISE}, "worklist": {Role.COUNTY},
              "department": {Role.DEPARTMENT}}


@dataclass
class Cell:
    text: object = "—"
    url: str = ""
    tone: str = ""      # a status tag colour: green | blue | orange | red | grey
    num: bool = False   # right-aligned figure


@dataclass
class Section:
    title: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = "暂无记录。"
    more_url: str = ""      # the full list
    more_label: str = "查看全部"
    total: int | None = None  # how many there are in all (when more than the rows shown)
    unit: str = "条"
    note: str = ""          # a line under the title
    order: int = 50


SECTIONS: dict[str, list[tuple[int, Callable]]] = {}


def register(page: str, provider: Callable, order: int = 50) -> Callable:
    providers = SECTIONS.setdefault(page, [])
    if all(p is not provider for _, p in providers):
        providers.append((order, provider))
        providers.sort(key=lambda pair: pair[0])
    return provider


def sections_for(page: str, user) -> list[Section]:
    found: list[Section] = []
    for _, provider in SECTIONS.get(page, []):
        try:
            result = provider(user)
        except Exception:  # one broken area must not take the page down
            log.exception("首页分区 %r 出错", provider)
            continue
        if result is None:
            continue
        found.extend(result if isinstance(result, list) else [result])
    return found


def landing_url(user) -> str | None:
    """Where this user starts (after signing in and when opening “/”); None = the 工作台 itself."""
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return None
    if getattr(user, "must_change_password", False):
        return None
    role = getattr(user, "role", "")
    if role == Role.ENTERPRISE and not getattr(user, "entity_id", None):
        return None  # an enterprise account not yet bound to its company has no 本企业
    if role == Role.DEPARTMENT and not getattr(user, "department_id", None):
        return None  # a department account without its department has no 部门工作台
    return LANDING.get(role)


def may_open(page: str, user) -> bool:
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", "") not in PAGE_ROLES[page]:
        return False
    if page == "department":
        return bool(getattr(user, "department_id", None))
    return page != "company" or bool(getattr(user, "entity_id", None))
