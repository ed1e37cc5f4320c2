"""In a real browser: a clerk uploads a messy ledger, reads every problem, downloads the error file."""

import pytest

from qualitybrand.core.codes import make_uscc
from tests.accounts.factories import make_user
from tests.browsing import log_in
from tests.factories import region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_clerk_uploads_a_messy_file_and_reads_every_problem(page, live_server, shot, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = region_tree()
    make_user(username="cityadmin", role="city_admin", region=tree["620500"])
    good = make_uscc("91", "620502", "00000001")
    bad = make_uscc("91", "620502", "00000002")[:17] + "0"
    lines = ["天水市市场主体台账（2013年）", "统一社会信用代码,名称,主体类型,区划代码,成立日期,企业名称",
             f"{good},天水甲公司,企业,620502,2013年5月1日,别名",
             f"{bad},天水乙公司,企业,620502,2013-13-01,",
             f"{make_uscc('91', '620502', '00000003')},天水丙公司,企业,999999,2013/5/1,"]
    path = tmp_path / "主体台账.csv"
    path.write_bytes("\n".join(lines).encode("gb18030"))
    log_in(page, live_server, "cityadmin")
    page.goto(f"{live_server.url}/ledgers/")
    page.select_option("#ledger", "entities")
    page.set_input_files("#file", str(path))
    page.check("input[name=mode][value=partial]")
    shot(page, "ledgers-01-import-form")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=错误说明")
    body = page.content()
    assert "校验码错误" in body and "999999" in body and "2013-13-01" in body  # all problems at once
    assert "只导入了第 B 列" in body  # the duplicated 名称 column is named
    shot(page, "ledgers-02-import-result", full_page=True)
    with page.expect_download() as download:
        page.click("text=错误说明")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_a_hostile_upload_is_refused_in_chinese_and_an_import_is_undone_with_progress(page, live_server, shot,
                                                                                       settings, tmp_path):
    """A 2 KB workbook claiming a 17-billion-cell sheet gets a Chinese refusal and the server goes on;
    a good import is then undone from its page."""
    from tests.ledgers.test_hostile_files import cell, raw_xlsx

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tree = region_tree()
    make_user(username="cityadmin", role="city_admin", region=tree["620500"])
    log_in(page, live_server, "cityadmin")
    hostile = raw_xlsx(tmp_path / "台账.xlsx", '<row r="1048576">' + cell("XFD1048576", "x") + "</row>",
                       "A1:XFD1048576")
    page.goto(f"{live_server.url}/ledgers/")
    page.select_option("#ledger", "entities")
    page.set_input_files("#file", str(hostile))
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=范围过大")
    assert "无法读取" in page.content()
    shot(page, "ledgers-03-hostile-file-refused", full_page=True)

    good = tmp_path / "主体.csv"
    good.write_text("统一社会信用代码,名称,主体类型,区划代码\n"
                    + "".join(f"{make_uscc('91', '620502', f'{n:08d}')},企业{n},企业,620502\n" for n in range(30)),
                    encoding="utf-8")
    page.goto(f"{live_server.url}/ledgers/")
    page.select_option("#ledger", "entities")
    page.set_input_files("#file", str(good))
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=撤销导入")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=撤销导入")
    page.wait_for_selector("text=已撤销")
    assert "恢复 30 条变更" in page.content()
    shot(page, "ledgers-04-undone", full_page=True)
