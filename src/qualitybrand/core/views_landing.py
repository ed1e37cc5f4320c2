"""The pages made for one role (core/landing.py): 我的评审任务 (expert), 本企业 (enterprise), 工作清单 (county),
部门工作台 (department)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from qualitybrand.core import landing
from qualitybrand.core.roles import VIEW

REFUSED = {
    "reviews": "“我的评审任务”只对评审专家开放。",
    "company": "“本企业”只对绑定了企业的企业用户开放。",
    "worklist": "“工作清单”只对县区用户开放。",
    "department": "“部门工作台”只对绑定了部门的部门用户开放。",
}


def _page(request, key: str, extra: dict | None = None):
    if not landing.may_open(key, request.user):
        raise PermissionDenied(REFUSED[key])
    url, title = landing.PAGES[key]
    return render(request, "core/landing.html", {
        "title": title, "key": key, "sections": landing.sections_for(key, request.user), **(extra or {})})


@login_required
def my_reviews(request):
    return _page(request, "reviews")


@login_required
def my_worklist(request):
    from qualitybrand.core.inbox import items_for

    return _page(request, "worklist", {"work": items_for(request.user)})


@login_required
def my_department(request):
    """A department's desk: its 待办 (tasks, warnings), then the sections the work areas register
    (交办任务, 目标进展, 考核, 填报指标)."""
    from qualitybrand.core.inbox import items_for

    if not landing.may_open("department", request.user):
        raise PermissionDenied(REFUSED["department"])
    return _page(request, "department", {"work": items_for(request.user), "desk": department_header(request.user)})


def department_header(user) -> dict:
    """Who the desk is for (the department and the region it answers for) and its usual pages."""
    department, region = user.department, user.region
    return {"name": department.full_name or department.name, "short": department.name,
            "region": region.name if region else "",
            "links": [("我的交办任务", "/assignments/mine/"), ("部门填报", "/indicators/values/"),
                      ("目标与考核", "/planning/"), ("预警信息", "/alerts/")]}


@login_required
def my_company(request):
    if not landing.may_open("company", request.user):
        raise PermissionDenied(REFUSED["company"])
    user = request.user
    return _page(request, "company", {"profile": company_profile(user), "ledgers": entity_ledgers(user)})


def company_profile(user) -> dict:
    """The entity's header card as its detail page shows it (codes and status tags)."""
    from qualitybrand.core.listing import PAGES, resolve

    entity = user.entity
    page = PAGES.get("registry:entities")
    if page is None:
        return {"name": entity.name, "codes": [], "tags": [], "url": ""}
    obj = page.queryset(user).filter(pk=entity.pk).first() or entity
    codes = [(label, resolve(obj, attr)) for label, attr in page.codes]
    facts = [("主体类型", obj.get_kind_display() if hasattr(obj, "get_kind_display") else ""),
             ("成立日期", obj.established.strftime("%Y年%-m月%-d日") if getattr(obj, "established", None) else "—")]
    return {"name": obj.name, "codes": codes + facts, "tags": page.tags(obj) if page.tags else [],
            "url": page.url("detail", obj)}


def entity_ledgers(user) -> list[dict]:
    """Every ledger that carries the entity (its model names `scope_entity_field`), with the number of
    the enterprise's records in it and a link to them; the entity itself is the profile above."""
    from qualitybrand.core.listing import PAGES

    rows = []
    for key, page in PAGES.items():
        model = page.model
        if key == "registry:entities" or not getattr(model, "scope_entity_field", None):
            continue
        manager = model._default_manager
        if not hasattr(manager, "for_user"):
            continue
        qs = manager.for_user(user, VIEW)
        count = qs.count()
        latest = qs.order_by("-id").first() if count else None
        label = page.display_name(latest) if latest else ""
        if latest and label == user.entity.name:  # a page named by its entity (荣誉认定): say what it is
            label = str(latest)
        rows.append({"title": page.title, "count": count, "unit": page.unit, "url": page.url("list"),
                     "latest": label,
                     "latest_url": page.url("detail", latest) if latest else "", "area": page.area})
    return rows
