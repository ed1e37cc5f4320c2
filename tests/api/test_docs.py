"""The API docs page (`/api/docs/`, issue 16 item 2): Swagger UI from the app's own static files
(never a CDN), under the site's Content-Security-Policy, rendering the operations."""

import re

import pytest

from tests.accounts.factories import PASSWORD, make_user

LISTEN = ("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push("
          "e.violatedDirective + ' ' + (e.blockedURI || 'inline')));")


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


@pytest.mark.django_db
def test_the_docs_page_names_its_files_through_static(client, regions, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(make_user(role="city_admin", region=regions["620500"]))
    html = client.get("/api/docs/").content.decode()
    urls = asset_urls(html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in urls
    assert "/api/docs/?script=" in urls  # the start-up script is a file of its own, not inline
    assert "<script>" not in html and "<style" not in html
    assert not [u for u in urls if "//" in u], urls  # the doubled slash that gave a blank page
    settings.STATIC_URL = "/assets/"  # STATIC_URL (and hashed names) are honoured, not a glued path
    html = client.get("/api/docs/").content.decode()
    assert "/assets/vendor/swagger-ui/swagger-ui-bundle.js" in asset_urls(html)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_swagger_ui_renders_the_operations_with_no_csp_violation(page, live_server, regions, settings, shot):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user(username="docsadmin", role="city_admin", region=regions["620500"])
    problems, failed = [], []
    page.context.add_init_script(LISTEN)
    page.on("console", lambda m: problems.append(m.text) if (
        m.type == "error" and not (m.location or {}).get("url", "").endswith("/favicon.ico"))
        or "Content Security" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400
            and not r.url.endswith("/favicon.ico") else None)
    page.on("request", lambda r: failed.append(f"external {r.url}") if not r.url.startswith(live_server.url)
            and not r.url.startswith("data:") else None)
    page.goto(f"{live_server.url}/accounts/login/?next=/api/docs/")
    page.fill("#id_username", "docsadmin")
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url("**/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    page.wait_for_load_state("networkidle")
    entities = page.locator(".opblock-get .opblock-summary-path", has_text="/api/v1/entities/")
    assert entities.count() >= 1
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("质量强市与品牌战略综合管理平台 API")
    entities.first.click()  # an operation opens (Swagger UI's own script runs under the CSP)
    page.locator(".opblock.is-open .parameters, .opblock.is-open .opblock-description-wrapper").first.wait_for()
    shot(page, "api-docs")
    problems += page.evaluate("window.__csp")
    assert not problems, problems
    assert not failed, failed
