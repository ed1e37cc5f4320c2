"""Browser test: the city admin pays a listed entity's reward, sees it held with the reason on the rewards
list, and pays it once the entity is no longer listed (Playwright + Chromium, pytest-django's live server)."""

import datetime as dt
import os
from decimal import Decimal

import pytest

from qualitybrand.cultivation.models import RewardPayment
from qualitybrand.registry.models import Program
from qualitybrand.supervision.models import BlacklistEntry
from tests.credit.factories import RecognitionFactory
from tests.credit.restriction_helpers import default_rules
from tests.factories import EntityFactory, TrademarkFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
PASSWORD = "Qb-browser-Pass-2024"
TODAY = dt.date(2014, 7, 10)

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.QB_TODAY = TODAY


def _login(page, live_server, user):
    user.set_password(PASSWORD)
    user.save()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").filter(has_text="登录").first.click()
    page.wait_for_load_state()


def test_a_held_reward_payment_shows_its_reason(page, shot, live_server, regions, city_user):
    default_rules()
    program = Program.objects.create(code="city_known_tm", name="市知名商标", object_kind="商标", level="市",
                                     validity_years=3, reward=2)
    listed = EntityFactory(region=regions["620502"], name="天水示例电缆有限公司")
    entry = BlacklistEntry.objects.create(entity=listed, region=listed.region, listed=dt.date(2014, 3, 1),
                                          authority="天水市市场监督管理局", reason="提供虚假材料骗取行政许可")
    free = EntityFactory(region=regions["620503"], name="麦积示例食品有限公司")
    payments = []
    for e in (listed, free):
        tm = TrademarkFactory(holder=e)
        rec = RecognitionFactory(program=program, entity=e, trademark=tm, object_key=tm.number, year=2013)
        payments.append(RewardPayment.objects.create(program=program, entity=e, recognition=rec, year=2013,
                                                     object_key=tm.number, amount=Decimal(2), region=e.region))
    _login(page, live_server, city_user)
    page.goto(live_server.url + "/cultivation/rewards/")
    page.locator("input[data-select-all=ids]").check()
    page.get_by_role("button", name="登记拨付所选").click()
    page.wait_for_load_state()
    assert "已登记拨付 1 笔" in page.content()
    assert "天水示例电缆有限公司 2013 年度奖励暂缓拨付：天水示例电缆有限公司于2014年3月1日被天水市市场监督管理局" \
        in page.content()
    row = page.locator("tr", has_text="天水示例电缆有限公司")
    assert row.locator(".cv-tag").inner_text() == "暂缓"
    assert "提供虚假材料骗取行政许可" in row.locator(".cv-hold").inner_text()
    shot(page, "credit_reward_held", full_page=True)
    assert RewardPayment.objects.get(pk=payments[0].pk).status == "暂缓"
    assert RewardPayment.objects.get(pk=payments[1].pk).status == "已拨付"

    entry.removed = TODAY
    entry.save()
    page.goto(live_server.url + "/cultivation/rewards/")
    row = page.locator("tr", has_text="天水示例电缆有限公司")
    assert "暂缓原因已消除，可以拨付" in row.locator(".cv-hold").inner_text()
    row.locator("input[name=ids]").check()
    page.get_by_role("button", name="登记拨付所选").click()
    page.wait_for_load_state()
    assert page.locator("tr", has_text="天水示例电缆有限公司").locator(".cv-tag").inner_text() == "已拨付"


def test_the_rule_table_and_the_redlist_filter(page, shot, live_server, regions, city_user):
    default_rules()
    good = EntityFactory(region=regions["620502"], name="守信示例公司", established=dt.date(2001, 1, 1))
    RecognitionFactory(entity=good, year=2013, valid_until=dt.date(2016, 12, 31))
    _login(page, live_server, city_user)
    page.goto(live_server.url + "/credit/restrictions/")
    assert page.locator("tbody tr").count() == 6
    assert page.locator("tbody tr .tag-green").count() == 6  # every default rule in force on 2014-07-10
    shot(page, "credit_restriction_rules", full_page=True)
    page.goto(live_server.url + "/registry/entities/")
    page.select_option("select[name=credit_tag]", "守信")
    page.locator("form button[type=submit]").filter(has_text="查询").first.click()
    page.wait_for_load_state()
    row = page.locator("tbody tr", has_text="守信示例公司")
    assert row.locator(".tag-green").inner_text() == "守信"
    shot(page, "credit_redlist_filter")
