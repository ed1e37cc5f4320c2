"""In a real browser (docscore): the city generates the 2013 annual summary from the archive page, watches
the progress finish, downloads the .docx, and 签发 it."""

from __future__ import annotations

import pytest

from qualitybrand.reports import services
from qualitybrand.reports.models import DocumentState, IssuedDocument
from tests.accounts.factories import PASSWORD, make_user
from tests.factories import region_tree
from tests.reports.factories_docscore import some_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def city(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = region_tree()
    some_data(tree)
    return make_user(username="cityoffice", role="city_admin", region=tree["620500"])


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "cityoffice")
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".topbar")


def test_generate_watch_progress_download_and_issue(page, live_server, city, shot, settings, tmp_path):
    # the worker is not running: the request stays queued until the test runs the task below
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/reports/")
    shot(page, "docscore-archive-empty", full_page=True)
    page.select_option("#g-kind", "annual_summary")
    assert page.locator("#g-asof").is_hidden()
    page.select_option("#g-year", "2013")
    page.click(".ar-generate button[type=submit]")
    page.wait_for_selector("#doc-progress")
    assert "已排队" in page.locator("#doc-progress-text").inner_text()
    shot(page, "docscore-document-queued")
    doc = IssuedDocument.objects.get()
    services.generate(doc)  # what the worker does
    page.wait_for_selector("#issue-title", timeout=20000)  # the page polled, saw it finish and reloaded
    assert page.locator("#doc-state").inner_text() == "待签发"
    shot(page, "docscore-document-draft", full_page=True)
    with page.expect_download() as info:
        page.click("text=下载（docx）")
    download = info.value
    assert download.suggested_filename == "2013年度质量强市工作总结_天水市.docx"
    target = tmp_path / "got.docx"
    download.save_as(str(target))
    from qualitybrand.reports.documents.common import docx_text

    assert "有效注册商标达到11件" in docx_text(target.read_bytes())
    page.fill("#i-number", "天质强办〔2014〕1号")
    page.fill("#i-signer", "王建国")
    page.once("dialog", lambda d: d.accept())
    page.click("#issue-title ~ form button[type=submit]")
    page.wait_for_selector("text=已签发：天质强办〔2014〕1号")
    assert IssuedDocument.objects.get().state == DocumentState.ISSUED
    shot(page, "docscore-document-issued", full_page=True)
