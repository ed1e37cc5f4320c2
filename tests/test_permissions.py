"""The permission walk: every URL pattern and API route, for every role.

- no 500 anywhere, for any role (placeholder arguments for URLs that take them), also for an empty
  POST and, on the API, malformed JSON;
- anonymous: pages redirect to the login page, the API answers 401/403 (public pages excepted);
- the declared cases (tests/permission_cases.py): an object in the user's scope is visible to exactly
  the declared roles, another county's object is 404 for a county user and absent from its lists;
- the declared write cases: only the declared roles may write; a refused write changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls import path as url_path
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.accounts.factories import make_user
from tests.factories import EntityFactory
from tests.permission_cases import (
    OFFICE_PREFIXES_UNDER_PUBLIC,
    PUBLIC_NAMES,
    PUBLIC_PREFIXES,
    ROLES,
    all_cases,
    all_change_cases,
)

NO_EMPTY_POST = {"accounts:logout"}  # would end the walk's session
PLACEHOLDERS = ["999999", "nonexistent", "91620500MA0000000X"]
OWN, OTHER = "620502", "620503"


@dataclass
class Route:
    name: str | None
    route: str
    params: list[str]


def _params(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def walk(patterns=None, prefix: str = "", namespace: str = "", params: list[str] | None = None):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    params = params or []
    for p in patterns:
        here = params + _params(p.pattern)
        text = str(p.pattern).lstrip("^").rstrip("$")
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + text, ns, here)
        elif isinstance(p, URLPattern):
            yield Route(f"{namespace}{p.name}" if p.name else None, prefix + text, here)


def url_for(route: Route) -> str | None:
    if not route.params:
        if route.name:
            try:
                return reverse(route.name)
            except NoReverseMatch:
                pass
        return "/" + route.route if "(" not in route.route and "\\" not in route.route else None
    if not route.name:
        return None
    for value in PLACEHOLDERS:
        try:
            return reverse(route.name, kwargs={k: value for k in route.params})
        except NoReverseMatch:
            continue
    return None


def is_public(route: Route, url: str) -> bool:
    if url.startswith(OFFICE_PREFIXES_UNDER_PUBLIC):
        return False
    return route.name in PUBLIC_NAMES or url.startswith(PUBLIC_PREFIXES)


@pytest.fixture
def role_users(regions, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from qualitybrand.core.models import Department

    firm = EntityFactory(region=regions[OWN], name="角色测试企业")
    dept = Department.objects.first()
    return {
        "city_admin": make_user(role="city_admin", region=regions["620500"]),
        "county": make_user(role="county", region=regions[OWN]),
        "department": make_user(role="department", region=regions["620500"], department=dept),
        "enterprise": make_user(role="enterprise", region=regions[OWN], entity=firm),
        "expert": make_user(role="expert", region=regions["620500"]),
        "leader": make_user(role="leader", region=regions["620500"]),
    }


def _client_for(role, role_users):
    from django.test import Client

    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(role_users[role])
    return client


def check_routes(client, role) -> tuple[list[str], int]:
    failures, checked = [], 0
    for route in walk():
        url = url_for(route)
        if url is None or url.startswith("/static/"):
            continue
        if route.name in {"schema", "api-docs"} and role not in {"anonymous", "city_admin"}:
            continue  # the same document for everyone; generating it is the slowest request
        checked += 1
        response = client.get(url)
        where = f"{role} GET {url} ({route.name})"
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code}")
            continue
        if role == "anonymous" and not is_public(route, url):
            if url.startswith("/api/"):
                if response.status_code not in (401, 403, 404, 405):
                    failures.append(f"{where}: anonymous API answered {response.status_code}")
            elif response.status_code == 302:
                if not response["Location"].startswith("/accounts/login/"):
                    failures.append(f"{where}: anonymous redirected to {response['Location']}")
            elif response.status_code not in (401, 403, 404, 405):
                failures.append(f"{where}: anonymous got {response.status_code}")
            post = client.post(url, {})
            if post.status_code >= 500 or 200 <= post.status_code < 300:
                failures.append(f"{role} POST {url}: anonymous got {post.status_code}")
        elif role != "anonymous" and route.name not in NO_EMPTY_POST:
            # an empty form is bad input: a message or a refusal, never a 500
            post = client.post(url, {})
            if post.status_code >= 500:
                failures.append(f"{role} POST {url} (empty): {post.status_code}")
            if url.startswith("/api/") and role == "city_admin":
                for method in ("post", "put", "patch"):
                    bad = getattr(client, method)(url, data='{"name": ', content_type="application/json")
                    if bad.status_code >= 500 or (bad.status_code == 400 and "detail" not in bad.json()):
                        failures.append(f"{role} {method.upper()} {url} (malformed JSON): {bad.status_code}")
    return failures, checked


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_for_every_role(role, role_users):
    failures, checked = check_routes(_client_for(role, role_users), role)
    assert checked > 5
    assert not failures, "\n".join(failures)


# A tiny URLconf to prove the walk notices what it should.
def _boom(request):
    raise RuntimeError("boom")


def _open(request):
    from django.http import HttpResponse

    return HttpResponse("open")


urlpatterns = [
    url_path("boom/", _boom, name="boom"),
    url_path("open/<int:pk>/", _open, name="open"),
]


@pytest.mark.django_db
def test_the_walk_reports_500_and_open_pages(settings):
    from django.test import Client

    settings.ROOT_URLCONF = __name__
    failures, checked = check_routes(Client(raise_request_exception=False), "anonymous")
    assert checked == 2
    text = "\n".join(failures)
    assert "/boom/" in text and "500" in text and "/open/999999/" in text


CASES = all_cases()


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_declared_scoping(case, role_users, regions):
    own = case.factory(regions[OWN])
    other = case.factory(regions[OTHER])
    own_url = reverse(case.name, kwargs=case.kwargs(own))
    other_url = reverse(case.name, kwargs=case.kwargs(other))
    failures = []
    for role in ROLES:
        client = _client_for(role, role_users)
        status = client.get(own_url).status_code
        if role == "anonymous":
            if status not in (302, 401, 403):
                failures.append(f"anonymous {own_url}: {status}")
        elif role in case.view_roles and status != 200:
            failures.append(f"{role} may view {own_url} but got {status}")
        elif role not in case.view_roles and status not in (403, 404):
            failures.append(f"{role} may not view {own_url} but got {status}")
        if role == "county":
            status = client.get(other_url).status_code
            if status != 404:
                failures.append(f"county of {OWN} got {status} for another county's {other_url} (want 404)")
            if case.list_name:
                list_kwargs = case.list_kwargs(other) if case.list_kwargs else None
                body = client.get(reverse(case.list_name, kwargs=list_kwargs)).content.decode()
                if case.marker(other) in body:
                    failures.append(f"county of {OWN} sees another county's object in {case.list_name}")
    assert not failures, "\n".join(failures)


CHANGE_CASES = all_change_cases()


@pytest.mark.django_db
@pytest.mark.parametrize("case", CHANGE_CASES, ids=[c.name for c in CHANGE_CASES])
def test_declared_writes(case, role_users, regions):
    failures = []
    for role in ROLES:
        own = case.factory(regions[OWN])
        before = case.state(own)
        client = _client_for(role, role_users)
        url = reverse(case.name, kwargs=case.kwargs(own))
        response = getattr(client, case.method)(url, case.data)
        status = response.status_code
        if status >= 500:
            failures.append(f"{role} {case.method.upper()} {url}: {status}")
        elif role in case.change_roles:
            if status >= 400:
                failures.append(f"{role} may change {url} but got {status}")
        else:
            if role == "anonymous":
                refused = status in (401, 403) or (status == 302 and "/accounts/login/" in response["Location"])
            else:
                refused = status in (403, 404)
            if not refused:
                failures.append(f"{role} may not change {url} but got {status}")
            if case.state(own) != before:
                failures.append(f"{role} changed {url} although refused")
    county = _client_for("county", role_users)
    other = case.factory(regions[OTHER])
    before = case.state(other)
    url = reverse(case.name, kwargs=case.kwargs(other))
    status = getattr(county, case.method)(url, case.data).status_code
    if status not in (403, 404):
        failures.append(f"county of {OWN} got {status} writing another county's {url}")
    if case.state(other) != before:
        failures.append(f"county of {OWN} changed another county's object through {url}")
    assert not failures, "\n".join(failures)
