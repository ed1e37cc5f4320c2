"""A GET of an address that only takes a form submission (item 11 of issue 16): never Django's bare,
empty 405. Every URL pattern is walked as a city user; a page that answers 405 answers with the
shell's Chinese page and a link back, the API keeps its JSON answer."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests.accounts.factories import make_user
from tests.test_permissions import url_for, walk

pytestmark = pytest.mark.django_db


def post_only_views() -> set[str]:
    """URL names whose view is wrapped in `require_POST` / `require_http_methods(["POST"])` or is a
    class-based view that takes POST only: found from the view itself, not from a request."""
    found = set()
    for route in walk():
        if route.name is None:
            continue
        try:
            match = _match(route)
        except Exception:  # noqa: BLE001 - a route without a reversible name
            continue
        if match is not None and _only_post(match):
            found.add(route.name)
    return found


def _match(route):
    from django.urls import resolve

    url = url_for(route)
    return resolve(url).func if url else None


def _only_post(func) -> bool:
    view_class = getattr(func, "view_class", None)
    if view_class is not None:
        methods = {m for m in view_class.http_method_names if hasattr(view_class, m) and m != "options"}
        return methods == {"post"}
    while func is not None:
        for cell in func.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value) \
                    and {v.upper() for v in value} == {"POST"}:
                return True
        func = getattr(func, "__wrapped__", None)
    return False


@pytest.fixture
def city_client(client, regions, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.raise_request_exception = False
    client.force_login(make_user(role="city_admin", region=regions["620500"]))
    return client


def test_no_page_answers_an_empty_405(city_client):
    post_only = post_only_views()
    assert len(post_only) >= 10, post_only  # the walk finds the require_POST views (it can fail)
    answered, failures = {}, []
    for route in walk():
        url = url_for(route)
        if url is None or url.startswith(("/static/", "/api/")) or route.name in {"accounts:logout"}:
            continue
        response = city_client.get(url)
        if response.status_code != 405:
            if route.name in post_only and response.status_code not in (302, 404):
                failures.append(f"{url} ({route.name}): POST-only view answered GET with {response.status_code}")
            continue
        answered[route.name] = url
        body = response.content.decode()
        if "此地址不能直接打开" not in body or "返回" not in body or "POST" not in response["Allow"]:
            failures.append(f"{url} ({route.name}): 405 without the Chinese page: {body[:80]!r}")
    assert not failures, failures
    # every POST-only page view was reached and answered with the page (not skipped by a 404 first)
    missing = {n for n in post_only if not n.startswith("api") and "-" not in n} - answered.keys()
    assert not missing, missing


def test_the_405_page_links_back_to_its_page(city_client):
    response = city_client.get(reverse("ledgers:undo", kwargs={"pk": 12345}))
    assert response.status_code == 405
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert 'href="/ledgers/batches/12345/"' in body  # the batch page the undo button is on
    assert "返回所属页面" in body and 'class="topbar' in body  # inside the shell


def test_the_api_keeps_its_json_405(city_client):
    response = city_client.get("/api/v1/imports/1/undo/")
    if response.status_code == 404:  # the route's name differs: any POST-only API action will do
        pytest.skip("no such API action")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["detail"]


def test_a_post_still_works_and_a_json_request_gets_json(city_client, regions):
    response = city_client.post("/select/", {"region": "620502", "year": "2013", "next": "/"})
    assert response.status_code == 302
    response = city_client.get("/select/", HTTP_ACCEPT="application/json")
    assert response.status_code == 405 and json.loads(response.content)["detail"]
