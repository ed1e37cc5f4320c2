"""In a real browser: the scheme editor's live preview follows the form (grade distribution by county),
a gap between bands is flagged, the scheme is saved as a version; the rating list; no CSP violation."""

import os

import pytest
from playwright.sync_api import expect

from qualitybrand.core import clock
from qualitybrand.credit.models import CreditScheme
from tests.accounts.factories import PASSWORD, make_user
from tests.credit.factories import InspectionFactory
from tests.factories import EntityFactory, region_tree

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def row_cells(page, name):
    return page.locator("#pv-table tbody tr", has_text=name).first.locator("td").all_inner_texts()


def test_scheme_editor_preview_and_save(page, live_server, settings, shot):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = region_tree()
    make_user(username="cityboss", role="city_admin", region=tree["620500"])
    failed = EntityFactory(region=tree["620502"], name="秦州不合格企业有限公司")
    InspectionFactory(entity=failed, level="县", sampled=clock.today())
    EntityFactory(region=tree["620502"])
    EntityFactory(region=tree["620503"])
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "cityboss")
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/credit/schemes/new/?region=620500")
    page.wait_for_selector("#scheme-form")
    assert row_cells(page, "秦州区")[:5] == ["2", "0", "0", "0", "2"]  # 95 is A under the built-in bands
    page.fill("#f-insp_county", "20")  # 80: B
    qz_b = page.locator("#pv-table tbody tr", has_text="秦州区").first.locator("td").nth(1)
    expect(qz_b).to_have_text("1")
    assert row_cells(page, "秦州区")[:5] == ["1", "1", "0", "0", "2"]
    assert row_cells(page, "天水市")[:5] == ["2", "1", "0", "0", "3"]
    page.fill("input[name=band_a_min]", "97")  # a gap between B (< 95) and A
    page.wait_for_selector("#err-bands:not([hidden])")
    assert "有空档：95 至 97 分之间" in page.inner_text("#err-bands")
    page.fill("input[name=band_a_min]", "95")
    page.wait_for_selector("#err-bands", state="hidden")
    page.fill("#f-code", "county_pilot")
    page.fill("#f-name", "县区信用分类试点办法")
    shot(page, "credit-scheme-editor")
    shot(page, "credit-scheme-editor-full", full_page=True)
    page.click("button[type=submit] >> text=保存为新版本")
    page.wait_for_selector("text=县区信用分类试点办法（第1版）")
    saved = CreditScheme.objects.get(code="county_pilot")
    assert saved.active and saved.document["inspection_penalty"]["县"] == 20

    # the rating list stays on the built-in scheme: 95 is A there
    page.goto(f"{live_server.url}/credit/ratings/?region=620500&grade=A")
    page.wait_for_selector(".cr-table")
    table = page.inner_text(".cr-table")
    assert "秦州不合格企业有限公司" in table and "县级监督抽查不合格" in table and "扣 5 分" in table
    shot(page, "credit-ratings")
    assert not violations, violations
