"""Response headers: no cache of anything a signed-in user sees; the Content-Security-Policy."""

import pytest

from qualitybrand.accounts import tokens
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(regions):
    return make_user(role="county", region=regions["620502"])


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and response.get("Pragma") == "no-cache"


def test_pages_of_a_signed_in_user_are_not_stored(client, county):
    client.force_login(county)
    for url in ["/", "/registry/entities/", "/reports/dashboard/", "/registry/entities/?export=xlsx"]:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert no_store(response), url


def test_api_answers_are_not_stored_with_a_session_or_a_token(client, county):
    client.force_login(county)
    assert no_store(client.get("/api/v1/regions/"))
    client.logout()
    response = client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {tokens.issue_or_show(county)}")
    assert response.status_code == 200 and no_store(response)


def test_content_security_policy_forbids_inline_script(client, county):
    client.force_login(county)
    for url in ["/", "/accounts/login/"]:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert directives["default-src"] == "'self'" and directives["img-src"] == "'self' data:"
        assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
