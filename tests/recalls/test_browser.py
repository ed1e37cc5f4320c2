"""A recall in a real browser: the county registers it from the form, sees every holder four hops deep
with deadlines across the Golden Week, notifies them in bulk; the retailer records its own disposal."""

from __future__ import annotations

import pytest

from qualitybrand.recalls.models import Recall
from tests.factories import UserFactory

PASSWORD = "Qb-test-Pass-2024"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, base, username):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.csp_errors = errors
    return page


def test_recall_from_form_to_disposal(browser, live_server, regions, traced, shot):
    UserFactory(username="qz", role="county", region=regions["620502"])
    UserFactory(username="r1", role="enterprise", region=regions["620502"], entity=traced["R1"])
    base = live_server.url
    page = login(browser, base, "qz")
    page.goto(f"{base}/recalls/new/")
    page.fill("#id-uscc", traced["M"].uscc)
    page.fill("#id-product", "婴儿配方奶粉")
    page.fill("#id-reason", "阪崎肠杆菌超标")
    page.fill("#id-codes", "NOPE-1")
    page.fill("#id-decided", "2024-09-27")
    page.click("button:has-text('登记并计算受影响主体')")
    assert "NOPE-1" in page.inner_text(".messages, body")
    shot(page, "recalls_new_refused", full_page=True)
    page.fill("#id-codes", traced["code"])
    page.click("button:has-text('登记并计算受影响主体')")
    page.wait_for_load_state("networkidle")
    assert "受影响的下游主体 5 户" in page.inner_text("body")
    assert "2024-10-16" in page.inner_text("body")
    page.check("input[data-select-all=holder]")
    page.click("button:has-text('登记通知')")
    page.wait_for_load_state("networkidle")
    assert "已登记 5 户" in page.inner_text("body")
    shot(page, "recalls_detail", full_page=True)
    page.goto(f"{base}/recalls/")
    shot(page, "recalls_list", full_page=True)
    page.goto(f"{base}/me/worklist/")
    assert "辖区缺陷产品召回" in page.inner_text("body")
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]

    recall = Recall.objects.get()
    holder = login(browser, base, "r1")
    holder.goto(f"{base}/recalls/{recall.pk}/")
    assert traced["C"].name not in holder.inner_text("body")
    holder.click("details.rc-dispose summary")
    holder.select_option("select[name=disposal]", "已下架")
    holder.click("td form.rc-row-form button")
    holder.wait_for_load_state("networkidle")
    assert "已下架" in holder.inner_text("body")
    shot(holder, "recalls_holder_view", full_page=True)
    assert recall.holders.get(entity=traced["R1"]).disposal == "已下架"


def test_holder_county_view(browser, live_server, regions, traced, shot):
    """麦积区 holds R2: it sees the whole tree, notifies R2 (the only box it gets), no step buttons."""
    from tests.recalls.factories import recall as make_recall

    qz = UserFactory(username="qz2", role="county", region=regions["620502"])
    UserFactory(username="mj", role="county", region=regions["620503"])
    recall = make_recall(qz, traced)
    base = live_server.url
    page = login(browser, base, "mj")
    page.goto(f"{base}/recalls/")
    assert "辖区有受影响主体 1 户" in page.inner_text("body")
    page.goto(f"{base}/recalls/{recall.pk}/")
    assert traced["C"].name in page.inner_text("body")
    assert page.locator("input[type=checkbox][name=holder]").count() == 1
    assert page.locator("button[name=action]").count() == 0
    page.check("input[type=checkbox][name=holder]")
    page.click("button:has-text('登记通知')")
    page.wait_for_load_state("networkidle")
    assert "已登记 1 户" in page.inner_text("body")
    shot(page, "recalls_holder_county", full_page=True)
    assert recall.holders.get(entity=traced["R2"]).notified is not None
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]
