"""The anonymous walk (issue 17, "Bad input and safety"): a small city with personal data, drafts,
withdrawn and unpublished items; then every URL pattern under /portal/ (ids of every existing object
filled in, drafts included) and every API route (list and detail with real ids) requested without
logging in. Pages answer 200/404/405 (the office's /portal/manage/ pages send to the login page),
the API 401/403, never a 500, and no response holds any secret marker.

`test_the_walk_sees_a_published_draft` proves the walk would notice: the same walk after the drafts
are published (and a draft application put on 公示) finds their markers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern, RoutePattern

from qualitybrand.core.models import Region
from qualitybrand.cultivation.models import Application, State
from qualitybrand.portal.models import (
    InspectionPublication,
    PageSection,
    PortalAttachment,
    PortalPage,
    PublishState,
)
from tests.complaints.factories import complaint
from tests.permission_cases import PUBLIC_NAMES
from tests.portal.factories_portalpublic import TODAY, notice_application, objection, recognition
from tests.supervision.factories import batch, entry

pytestmark = pytest.mark.django_db

SECRETS = {
    "complainant": "投诉人秘密甲", "complainant_phone": "13877770001", "complainant_address": "秘密巷 9 号",
    "objector": "异议人秘密乙", "objector_contact": "13966660002",
    "draft_page": "草稿页面秘密标题", "withdrawn_page": "已撤回页面秘密标题",
    "draft_publication": "草稿公告秘密标题", "withdrawn_publication": "已撤回公告秘密标题",
    "attachment": "草稿附件秘密.pdf",
    "inspection": "CJMIMI0000001", "inspection_2": "CJMIMI0000002",
    "removed": "期满移出秘密企业有限公司", "repaired": "信用修复秘密企业有限公司",
    "draft_application": "草稿申报秘密企业有限公司",
}


@pytest.fixture(autouse=True)
def today(monkeypatch):
    from qualitybrand.core import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def city(regions, settings, tmp_path):
    """The small city: public content plus everything that must stay hidden."""
    settings.MEDIA_ROOT = tmp_path
    qinzhou, maiji = regions["620502"], regions["620503"]
    recognition(qinzhou, "天水星火")
    public_app = notice_application(maiji, name="公示中企业有限公司")
    draft_app = notice_application(qinzhou, state=State.DRAFT, start=None, end=None, name=SECRETS["draft_application"])
    complaint(qinzhou, registered=TODAY, complainant_name=SECRETS["complainant"],
              complainant_phone=SECRETS["complainant_phone"], complainant_address=SECRETS["complainant_address"])
    objection(maiji, name=SECRETS["objector"], contact=SECRETS["objector_contact"], app=public_app)
    draft = PortalPage.objects.create(region=regions["620500"], section=PageSection.POLICY, title=SECRETS["draft_page"],
                                      body=f"<p>{SECRETS['draft_page']}</p>", state=PublishState.DRAFT)
    PortalPage.objects.create(region=regions["620500"], section=PageSection.NEWS, title=SECRETS["withdrawn_page"],
                              state=PublishState.WITHDRAWN, published_on=dt.date(2014, 6, 1),
                              withdrawn_on=dt.date(2014, 6, 5))
    attachment = PortalAttachment(page=draft, region=draft.region, original_name=SECRETS["attachment"], size=8)
    attachment.file.save("secret.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    unpublished = batch(qinzhou, number=SECRETS["inspection"])
    in_withdrawn = batch(maiji, number=SECRETS["inspection_2"])
    pub = InspectionPublication.objects.create(region=regions["620500"], title=SECRETS["draft_publication"])
    pub.inspections.add(unpublished)
    gone = InspectionPublication.objects.create(region=regions["620500"], title=SECRETS["withdrawn_publication"],
                                                state=PublishState.WITHDRAWN, published_on=dt.date(2014, 6, 1),
                                                withdrawn_on=dt.date(2014, 6, 3))
    gone.inspections.add(in_withdrawn)
    entry(qinzhou, name=SECRETS["removed"], listed=dt.date(2011, 1, 5), removed=dt.date(2014, 1, 5),
          removal_method="期满移出")
    entry(maiji, name=SECRETS["repaired"], listed=dt.date(2013, 5, 5), removed=dt.date(2014, 3, 1),
          removal_method="信用修复")
    entry(maiji, name="公开失信企业有限公司", listed=dt.date(2014, 2, 1))
    return {"draft_page": draft, "draft_publication": pub, "draft_application": draft_app}


@dataclass
class Route:
    name: str | None
    route: str
    converters: dict  # param -> converter


def routes(patterns=None, prefix="", namespace="", converters=None):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        here = dict(converters or {})
        if isinstance(p.pattern, RoutePattern):
            here.update(p.pattern.converters)
        elif isinstance(p.pattern, RegexPattern):
            here.update(dict.fromkeys(p.pattern.regex.groupindex, None))  # text
        text = str(p.pattern).lstrip("^").rstrip("$")
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from routes(p.url_patterns, prefix + text, ns, here)
        elif isinstance(p, URLPattern):
            yield Route(f"{namespace}{p.name}" if p.name else None, prefix + text, here)


def existing_keys() -> tuple[list[int], list[str]]:
    """Ids of every object a portal URL might name, and the text keys (numbers, codes, receipts)."""
    from qualitybrand.complaints.models import Complaint
    from qualitybrand.portal.models import Objection
    from qualitybrand.registry.models import Entity, Recognition
    from qualitybrand.supervision.models import BlacklistEntry, Inspection

    ids: set[int] = set()
    for model in (PortalPage, PortalAttachment, InspectionPublication, Objection, Complaint, Inspection,
                  BlacklistEntry, Recognition, Application, Entity):
        ids.update(model.objects.values_list("pk", flat=True))
    texts = set(Complaint.objects.values_list("number", flat=True))
    texts |= set(Inspection.objects.values_list("number", flat=True))
    texts |= set(Objection.objects.values_list("receipt", flat=True))
    texts |= set(Entity.objects.values_list("uscc", flat=True))
    texts |= set(Region.objects.values_list("code", flat=True))
    texts |= {"policy", "news"}
    return sorted(ids), sorted(texts)


def urls_of(route: Route, ids: list[int], texts: list[str]) -> list[str]:
    if not route.converters:
        return [reverse(route.name)] if route.name else ["/" + route.route]
    if not route.name or "format" in route.converters:
        return []  # the API's format suffixes answer like the routes they suffix
    out = []
    names = list(route.converters)
    values = ids if all(isinstance(c, IntConverter) for c in route.converters.values()) else [*map(str, ids), *texts]
    for value in values:
        try:
            out.append(reverse(route.name, kwargs={k: value for k in names}))
        except Exception:  # a value the converter does not take
            continue
    return out


def walk_anonymously() -> tuple[list[str], dict[str, list[str]], int]:
    client = Client(raise_request_exception=False)
    ids, texts = existing_keys()
    failures: list[str] = []
    leaks: dict[str, list[str]] = {}
    checked = 0
    for route in routes():
        path = "/" + route.route
        if path.startswith("/portal/"):
            candidates = urls_of(route, ids, texts)
        elif path.startswith("/api/"):
            candidates = urls_of(route, ids[:8], texts[:4]) if route.converters else urls_of(route, [], [])
        else:
            continue
        for url in candidates:
            checked += 1
            response = client.get(url)
            status = response.status_code
            if route.name in PUBLIC_NAMES:  # the API's schema and docs: public, holding no data
                ok = status == 200
            elif url.startswith("/api/"):
                ok = status in (401, 403, 404, 405)
            elif url.startswith("/portal/manage/"):
                ok = status in (403, 404, 405) or (status == 302 and response["Location"].startswith("/accounts/login/"))
            else:
                ok = status in (200, 404, 405) or (status in (301, 302) and response["Location"].startswith(
                    ("/portal/", "/accounts/login/")))
            if not ok:
                failures.append(f"GET {url} ({route.name}): {status}")
            body = b"".join(response) if getattr(response, "streaming", False) else response.content
            text = body.decode("utf-8", errors="replace")
            for key, secret in SECRETS.items():
                if secret in text:
                    leaks.setdefault(key, []).append(url)
    return failures, leaks, checked


def test_nothing_hidden_is_reachable_anonymously(city):
    failures, leaks, checked = walk_anonymously()
    assert checked > 50
    assert not failures, "\n".join(failures)
    assert not leaks, "\n".join(f"{key}: {', '.join(urls[:5])}" for key, urls in leaks.items())


def _serves_portal_pages() -> bool:
    """Whether the tree has the portal's content pages (the `portalpub` part: policies, news, inspections)."""
    public = [r.route for r in routes() if r.route.startswith("portal/") and not r.route.startswith("portal/manage/")]
    return any(w in route for route in public for w in ("polic", "news", "inspection", "page"))


def test_the_walk_sees_a_published_draft(city):
    """The walk is not blind: what is published shows, and the walk finds its marker."""
    app = city["draft_application"]
    Application.objects.filter(pk=app.pk).update(state=State.NOTICE, notice_start=TODAY, notice_end=TODAY)
    expected = {"draft_application"}
    if _serves_portal_pages():
        PortalPage.objects.filter(pk=city["draft_page"].pk).update(state=PublishState.PUBLISHED, published_on=TODAY)
        InspectionPublication.objects.filter(pk=city["draft_publication"].pk).update(state=PublishState.PUBLISHED,
                                                                                      published_on=TODAY)
        expected |= {"draft_page", "draft_publication"}
    _, leaks, _ = walk_anonymously()
    assert expected <= set(leaks), f"the walk should have seen {expected - set(leaks)}"
    assert "complainant" not in leaks and "objector" not in leaks
