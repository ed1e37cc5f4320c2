"""Under the Content-Security-Policy (no inline script or style) the main pages still work in a real
browser, with no violation: dashboard charts and their tooltips, target progress and editing, the
ledger batch page polled by HTMX, select-all boxes, printing, list exports and the Swagger docs."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from qualitybrand.ledgers.models import ImportBatch
from tests.accounts.factories import PASSWORD, make_user
from tests.factories import region_tree
from tests.indicators import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TARGETS = """
kind: targets
code: 2013-csp
name: 2013年商标目标
year: 2013
region: "620500"
items:
  - indicator: tm.applications
    target: 20
    allocations: {"620502": 8, "620503": 6}
  - indicator: insp.pass_rate
    target: 90
    allocations: {"620502": 90, "620503": 90}
"""
LISTEN = ("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push("
          "e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));")


@pytest.fixture
def city(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QB_TODAY = dt.date(2013, 12, 31)
    tree = region_tree()
    user = make_user(username="cspcity", role="city_admin", region=tree["620500"])
    a, b = f.entity(tree["620502"]), f.entity(tree["620503"])
    for entity, conclusion in [(a, "合格"), (a, "合格"), (b, "不合格")]:
        f.inspection(entity, dt.date(2013, 5, 1), conclusion)
    f.trademark(a, applied=dt.date(2013, 3, 1))
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    call_command("load_scheme", str(path))
    return user


class Watch:
    """Console errors, page errors and CSP violations of a page, by the URL they happened on."""

    def __init__(self, page):
        self.page, self.problems = page, []
        page.context.add_init_script(LISTEN)
        page.on("console", lambda m: self.problems.append((page.url, m.type, m.text))
                if (m.type == "error" and "/favicon.ico" not in (m.location or {}).get("url", ""))
                or "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: self.problems.append((page.url, "pageerror", str(e))))

    def collect(self):
        self.problems += [(self.page.url, "violation", v) for v in self.page.evaluate("window.__csp || []")]

    def go(self, url):
        self.collect()
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")


def hover(page, selector):
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6)
    page.wait_for_timeout(400)


def test_main_pages_work_with_no_csp_violation(page, live_server, city, shot):
    base = live_server.url
    watch = Watch(page)
    watch.go(f"{base}/accounts/login/")
    page.fill("#id_username", "cspcity")
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".topbar .scope-picker")
    # the top bar's selector submits itself (app.js), the user menu opens and closes
    with page.expect_navigation():
        page.select_option("#qb-region", "620502")
    page.select_option("#qb-region", "620500")
    page.wait_for_load_state("networkidle")

    # dashboard: ECharts draws (svg renderer) and shows its tooltips
    watch.go(f"{base}/reports/dashboard/?region=620500&year=2013")
    page.wait_for_selector("#chart-insp svg")
    assert page.locator("#chart-trend svg").count() == 1
    hover(page, "#chart-insp")
    hover(page, "#chart-trend")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.click("[data-print]")
    assert page.evaluate("window.__printed === true")
    shot(page, "csp-dashboard", full_page=True)

    # target progress (chart, indicator switch) and the edit page's live sums
    watch.go(f"{base}/planning/targets/2013-csp/")
    page.wait_for_selector("#progress-chart canvas, #progress-chart svg")
    page.select_option("#chart-indicator", "insp.pass_rate")
    hover(page, "#progress-chart")
    shot(page, "csp-target-progress")
    watch.go(f"{base}/planning/targets/2013-csp/edit/")
    row = page.locator("tr[data-row]").first
    row.locator("input.alloc").first.fill("12")
    row.locator("input.alloc").first.dispatch_event("input")
    assert row.locator(".sum").inner_text() != "—"
    shot(page, "csp-target-edit")

    # HTMX: a running import's page polls itself every second and swaps the progress block in anew
    batch = ImportBatch.objects.create(ledger="entities", user=city, username=city.username, started=timezone.now(),
                                       file_name="e.xlsx", sha256="0" * 64, mode="atomic", status="running",
                                       rows=100, processed=10, region_path=city.region.path)
    polls = []
    page.on("request", lambda r: polls.append(r.url) if r.headers.get("hx-request") == "true" else None)
    watch.go(f"{base}/ledgers/batches/{batch.pk}/")
    page.evaluate("document.querySelector('#progress').setAttribute('data-old', '1')")
    page.locator("#progress[data-old]").wait_for(state="detached", timeout=8000)
    page.locator("#progress").wait_for()
    assert polls and all(f"/ledgers/batches/{batch.pk}/" in url for url in polls)
    assert page.evaluate("document.querySelectorAll('style').length") == 0  # htmx injected no inline style

    # select-all box (was an inline onclick) and the list's two exports
    watch.go(f"{base}/cultivation/rewards/")
    watch.go(f"{base}/registry/entities/")
    assert page.locator("a.btn", has_text="导出 Excel").count() == 1
    assert page.locator("a.btn", has_text="CSV（供系统对接）").count() == 1

    # the API docs: Swagger UI loads its script from a URL and renders the operations
    watch.go(f"{base}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    shot(page, "csp-swagger")
    watch.collect()
    assert not watch.problems, watch.problems


def test_the_watch_sees_a_violation(page, live_server, city):
    """The check above can fail: an inline script and an inline style are reported."""
    watch = Watch(page)
    watch.go(f"{live_server.url}/accounts/login/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
        document.body.appendChild(s); document.body.insertAdjacentHTML('beforeend', '<b style="color:red">x</b>'); }""")
    page.wait_for_timeout(300)
    watch.collect()
    assert page.evaluate("window.ran === undefined")
    kinds = " ".join(str(p) for p in watch.problems)
    assert "script-src" in kinds and "style-src" in kinds
