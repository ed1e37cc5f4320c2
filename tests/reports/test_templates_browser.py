"""In a real browser: a county office uploads a template with a mistake and reads where it is, uploads a good
one, previews it against real data and activates it. Screenshots in /tmp/shots_templates/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accounts.factories import PASSWORD, make_user
from tests.factories import region_tree
from tests.reports.factories_templates import docx_of, registered_kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path("/tmp/shots_templates")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def test_kind():
    yield from registered_kind()


@pytest.fixture
def county(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    tree = region_tree()
    return make_user(username="qinzhou_t", role="county", region=tree["620502"], display_name="秦州区文秘")


def snap(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_upload_bad_then_good_template_and_preview(page, live_server, county, test_kind):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "qinzhou_t")
    page.fill("#id_password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".topbar")
    page.goto(f"{live_server.url}/reports/templates/")
    assert "内置模板（GB/T 9704 公文格式）" in page.content()
    snap(page, "01-list-empty")
    page.click("text=上传模板")
    page.select_option("#id_kind", "annual_summary")
    page.fill("#id_name", "秦州区年度总结")
    page.fill("#id_note", "局办公室版式")
    bad = docx_of(["关于2013年质量强区工作的总结", "全区有效注册商标{{ 商标数 }件。", "{{ 县区.__class__ }}"])
    page.set_input_files("#id_file", {"name": "总结.docx", "mimeType": DOCX, "buffer": bad})
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector(".ot-problems")
    problems = page.inner_text(".ot-problems")
    assert "模板未通过检查，没有保存" in problems and "正文第 2 段" in problems and "缺少 }}" in problems
    assert page.input_value("#id_name") == "秦州区年度总结"
    snap(page, "02-upload-refused")
    good = docx_of(["关于{{ 年度 }}年质量强区工作的总结", "{{ 区划 }}有效注册商标{{ 商标数 }}件。", "{%p for r in 县区 %}",
                    "{{ r.名称 }}：{{ r.商标数 }}件", "{%p endfor %}"])
    page.set_input_files("#id_file", {"name": "总结.docx", "mimeType": DOCX, "buffer": good})
    page.click("button:has-text('上传并检查')")
    page.wait_for_selector(".ot-result")
    assert "检查通过" in page.inner_text(".messages")
    page.select_option("#ot-year", "2012")
    page.click("button:has-text('按真实数据预览')")
    page.wait_for_selector(".ot-paper")
    paper = page.inner_text(".ot-paper")
    assert "关于2012年质量强区工作的总结" in paper and "秦州区有效注册商标1828件。" in paper and "麦积区：400件" in paper
    snap(page, "03-preview")
    page.on("dialog", lambda d: d.accept())
    page.click("button:has-text('启用此模板')")
    page.wait_for_selector("text=已启用模板")
    row = page.locator("tr", has_text="秦州区年度总结")
    assert "已启用" in row.inner_text()
    assert "当前使用：秦州区年度总结" in page.inner_text(".ot-in-use").replace("\n", "")
    snap(page, "04-list-active")
    page.click("text=上传模板")
    page.wait_for_selector("#ot-sample-link")
    assert page.get_attribute("#ot-sample-link", "href").endswith("/reports/templates/sample/annual_summary/")
    assert violations == []
