"""The current year on pages is [Jan 1, today] (indicators.periods.reporting_period): the dashboard's figure
equals the list it links to and the target page for the same region; year-on-year compares the same span."""

import datetime as dt
import re

import pytest
from django.test import Client

from qualitybrand.indicators.periods import Period, reporting_end, reporting_period
from qualitybrand.planning.loading import load_text
from qualitybrand.planning.models import TargetSet
from tests.factories import UserFactory
from tests.indicators import factories as f

TODAY = dt.date(2014, 7, 10)
TARGETS = """
kind: targets
code: tm-2014
name: 2014年商标目标
year: 2014
region: "620500"
items:
  - indicator: tm.valid
    target: 10
    allocations: {"620502": 5}
"""


def test_reporting_period_rule():
    assert reporting_period(2013, TODAY) == Period.year(2013)
    assert reporting_period(2014, TODAY) == Period(dt.date(2014, 1, 1), TODAY)
    assert reporting_period(2015, TODAY) == Period(dt.date(2015, 1, 1), dt.date(2015, 1, 1))
    assert reporting_end(2014, TODAY) == TODAY
    span = reporting_period(2014, TODAY).same_span_a_year_before()
    assert span == Period(dt.date(2013, 1, 1), dt.date(2013, 7, 10))
    assert Period(dt.date(2016, 1, 1), dt.date(2016, 2, 29)).same_span_a_year_before().end == dt.date(2015, 2, 28)
    assert Period.year(2013).label() == "2013 年度"
    assert reporting_period(2014, TODAY).label() == "2014 年 1 月 1 日至 7 月 10 日"


@pytest.fixture
def city(regions, settings):
    settings.QB_TODAY = TODAY
    qinzhou = regions["620502"]
    a = f.entity(qinzhou)
    f.trademark(a, registered=dt.date(2005, 1, 1), expires=dt.date(2014, 9, 30))  # in force today, not at 12-31
    f.trademark(a, registered=dt.date(2011, 3, 1), expires=dt.date(2021, 2, 28))
    f.trademark(a, registered=dt.date(2004, 1, 1), expires=dt.date(2014, 3, 1))  # lapsed this spring
    f.patent(a, dt.date(2013, 3, 1))
    f.patent(a, dt.date(2013, 5, 1))
    f.patent(a, dt.date(2013, 10, 1))  # after 10 July: not in last year's same span
    f.patent(a, dt.date(2014, 2, 1))
    result = load_text(TARGETS)
    assert result.ok, result.errors
    user = UserFactory(role="city_admin", region=regions["620500"])
    user.save()
    client = Client()
    client.force_login(user)
    return client


def _card(html: str, name: str) -> str:
    block = html.split(f'<div class="name">{name}</div>', 1)[1].split('<div class="card"', 1)[0]
    return block


def test_dashboard_current_year_is_as_of_today(city):
    html = city.get("/reports/dashboard/", {"region": "620502", "year": 2014}).content.decode()
    card = _card(html, "有效注册商标量")
    assert re.search(r">2</a>", card), card
    assert "valid_on=2014-07-10" in card
    assert "2014 年 1 月 1 日至 7 月 10 日" in html
    # The link behind the figure lists exactly that many marks.
    link = re.search(r'href="(/registry/trademarks/[^"]+)"', card).group(1).replace("&amp;", "&")
    listing = city.get(link).content.decode()
    assert re.search(r"共 <strong>2</strong>", listing), link
    # The target page (as of today, planning's default) shows the same actual for the same region.
    ts = TargetSet.objects.get(code="tm-2014")
    progress = city.get(f"/planning/targets/{ts.code}/").content.decode()
    assert "2014-07-10" in progress
    row = progress.split("完成进度表", 1)[1].split("秦州区", 1)[1].split("</tr>", 1)[0]
    assert "查看明细记录\">2 件</a>" in row, row


def test_year_on_year_compares_the_same_span(city):
    html = city.get("/reports/dashboard/", {"region": "620502", "year": 2014}).content.decode()
    card = _card(html, "专利申请量")
    assert "上年同期 2" in card, card  # not 3: the October one is outside
    assert "同比：与上年同期（2013 年 1 月 1 日至 7 月 10 日）比较" in html
    assert "-1" in card


def test_past_year_is_whole(city):
    html = city.get("/reports/dashboard/", {"region": "620502", "year": 2013}).content.decode()
    assert "2013 年度（2013-01-01 至 2013-12-31）" in html
    card = _card(html, "专利申请量")
    assert re.search(r">3</a>", card) and "上年 " in card
