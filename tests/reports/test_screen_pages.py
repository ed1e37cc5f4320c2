"""The leader's screen (领导大屏), its state and figures endpoints, the clickable charts' data and the print
header of the dashboard. Figures are compared with the engine's values (indicators.engine.compute)."""

import datetime as dt
import json
import re

import pytest
from django.test import Client

from qualitybrand.core import changelog, services
from qualitybrand.indicators import catalog
from qualitybrand.indicators.drilldown import drilldown
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import reporting_period
from qualitybrand.indicators.selectors import format_value
from qualitybrand.reports import dashboard
from qualitybrand.reports.dashboard import KEY_FIGURES, TREND_CODES
from tests.factories import EntityFactory, UserFactory
from tests.indicators import factories as f

TODAY = dt.date(2014, 7, 10)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.QB_TODAY = TODAY


@pytest.fixture
def data(regions):
    a, b = f.entity(regions["620502"]), f.entity(regions["620503"])
    f.trademark(a)
    f.trademark(a)
    f.trademark(b)
    f.inspection(a, dt.date(2013, 3, 1), "合格")
    f.inspection(b, dt.date(2013, 4, 1), "不合格", level="市")
    f.inspection(b, dt.date(2013, 5, 1), "合格", level="市")
    f.recognition(f.program("cn_wellknown_tm", "中国驰名商标", level="国家"), a, 2012)
    return regions


def login(user):
    user.save()  # the shared factory sets the password without saving it
    client = Client()
    client.force_login(user)
    return client


def cards_of(html: str) -> dict[str, str]:
    """{indicator code: the text of its big figure} as the screen shows it."""
    found = {}
    for code, body in re.findall(r'<div class="scr-card" data-code="([^"]+)".*?<div class="scr-val">(.*?)</div>', html, re.S):
        found[code] = re.sub(r"<span class=\"scr-unit\">.*?</span>", "", body)
        found[code] = re.sub(r"<[^>]+>", "", found[code]).strip()
    return found


def config_of(html: str) -> dict:
    return json.loads(re.search(r'<script id="screen-config" type="application/json">(.*?)</script>', html, re.S)[1])


def chart_of(html: str) -> dict:
    return json.loads(re.search(r'<script id="screen-chart" type="application/json">(.*?)</script>', html, re.S)[1])


@pytest.mark.parametrize("role", ["leader", "city_admin"])
def test_screen_shows_the_engines_figures(data, role):
    client = login(UserFactory(role=role, region=data["620500"]))
    res = client.get("/reports/screen/", {"region": "620500", "year": 2013})
    assert res.status_code == 200
    html = res.content.decode()
    period = reporting_period(2013)
    values = compute(KEY_FIGURES, period, regions=[data["620500"]])
    specs = catalog.specs_by_code()
    shown = cards_of(html)
    assert list(shown) == KEY_FIGURES
    for code in KEY_FIGURES:
        assert shown[code] == format_value(specs[code], values[(code, "620500")]), code
    assert shown["tm.valid"] == "3" and shown["insp.pass_rate"] == "66.7%"
    # its own layout: no side menu of the office shell; the tools, the date and the data version
    assert 'class="sidebar"' not in html
    assert "data-fullscreen" in html and "data-theme-toggle" in html and "data-print" in html
    assert "2014年7月10日" in html
    assert f'<dd id="scr-version">{changelog.data_version()}</dd>' in html
    # the carousel cycles through the city's counties, the figures of each from the same engine values
    config = config_of(html)
    assert [c["code"] for c in config["counties"]][:2] == ["620502", "620503"]
    assert config["refresh"] == 60 and config["carousel"] == 15
    assert 'href="?region=620502&amp;year=2013" data-county="620502" aria-current="true"' in html


def test_screen_theme_refresh_and_carousel_parameters(data):
    client = login(UserFactory(role="leader", region=data["620500"]))
    html = client.get("/reports/screen/", {"theme": "dark", "refresh": "0", "carousel": "1"}).content.decode()
    assert 'class="screen-body theme-dark"' in html
    config = config_of(html)
    assert config["refresh"] == 0 and config["carousel"] == 1 and config["theme"] == "dark"
    assert "已关闭" in html
    res = client.get("/reports/screen/", {"refresh": "abc", "carousel": "-3", "theme": "<b>"})
    assert res.status_code == 200
    html = res.content.decode()
    assert "自动刷新间隔“abc”无效" in html and "轮播间隔“-3”无效" in html
    assert config_of(html)["refresh"] == 60 and config_of(html)["theme"] == ""
    assert "theme-dark" not in html


def test_county_sees_only_its_scope(data):
    client = login(UserFactory(role="county", region=data["620502"]))
    own = client.get("/reports/screen/", {"region": "620502", "year": 2013})
    assert own.status_code == 200
    assert cards_of(own.content.decode())["tm.valid"] == "2"
    other = client.get("/reports/screen/", {"region": "620503", "year": 2013})
    assert other.status_code in (403, 404)
    city = client.get("/reports/screen/", {"region": "620500", "year": 2013})
    assert city.status_code in (403, 404)
    # the carousel's JSON: another county's code is not found, and no figure of it leaks
    assert client.get("/reports/screen/figures/620502/", {"year": 2013}).status_code == 200
    for code in ("620503", "620500", "999999"):
        res = client.get(f"/reports/screen/figures/{code}/", {"year": 2013})
        assert res.status_code == 404
        assert "麦积区" not in res.content.decode() and "tm.valid" not in res.content.decode()
    assert client.get("/reports/screen/state/", {"region": "620503"}).status_code in (403, 404)


@pytest.mark.parametrize("role", ["enterprise", "expert"])
def test_roles_without_figures_are_refused(data, role):
    client = login(UserFactory(role=role, region=data["620502"]))
    for url in ("/reports/screen/", "/reports/screen/state/", "/reports/screen/figures/620502/"):
        assert client.get(url).status_code == 403, url


def test_anonymous_goes_to_login(data):
    res = Client().get("/reports/screen/")
    assert res.status_code == 302 and res["Location"].startswith("/accounts/login/")


def test_figures_json_equal_the_engine_for_a_county(data):
    client = login(UserFactory(role="leader", region=data["620500"]))
    res = client.get("/reports/screen/figures/620503/", {"year": 2013})
    assert res.status_code == 200
    body = res.json()
    assert body["region"] == {"code": "620503", "name": "麦积区"}
    assert body["version"] == changelog.data_version()
    values = compute(KEY_FIGURES, reporting_period(2013), regions=[data["620503"]])
    specs = catalog.specs_by_code()
    cards = {c["code"]: c for c in body["cards"]}
    for code in KEY_FIGURES:
        assert cards[code]["text"] == format_value(specs[code], values[(code, "620503")])
        assert cards[code]["url"] == drilldown(code, data["620503"], reporting_period(2013), specs[code])
    assert cards["insp.pass_rate"]["text"] == "50.0%"
    assert client.get("/reports/screen/figures/620503/", {"year": "20x3"}).status_code == 403  # bad year: refused


def test_state_version_changes_after_a_write(data):
    client = login(UserFactory(role="leader", region=data["620500"]))
    before = client.get("/reports/screen/state/", {"region": "620500"})
    assert before.status_code == 200
    assert "no-store" in before["Cache-Control"] or "max-age=0" in before["Cache-Control"]
    first = before.json()
    assert first["region"] == "620500" and first["today"] == "2014-07-10"
    services.create_record(None, EntityFactory.build(region=data["620502"], name="新登记主体"))
    after = client.get("/reports/screen/state/", {"region": "620500"}).json()
    assert after["version"] != first["version"]
    assert after["version"] == changelog.data_version()


def test_chart_points_carry_the_drilldown_of_their_figure(data):
    city = data["620500"]
    period = reporting_period(2013)
    specs = catalog.specs_by_code()
    chart = dashboard._figures_context(city, 2013, "tm.per100")["chart"]
    children = [data[c] for c in chart["compare"]["codes"]]
    assert [c.code for c in children][:2] == ["620502", "620503"]
    for series in chart["compare"]["series"]:
        values = compute([series["code"]], period, regions=children)
        assert len(series["urls"]) == len(children)
        for child, value, url in zip(children, series["values"], series["urls"], strict=True):
            assert value == values[(series["code"], child.code)]
            expected = None if value is None else drilldown(series["code"], child, period, specs[series["code"]])
            assert url == expected, (series["code"], child.code)
    tm_valid = next(s for s in chart["compare"]["series"] if s["code"] == "tm.valid")
    assert tm_valid["urls"][0] == f"/registry/trademarks/?region=620502&valid_on={period.end.isoformat()}"
    for trend in chart["trends"]:
        assert trend["code"] in TREND_CODES
        for year, value, url in zip(range(2009, 2014), trend["values"], trend["urls"], strict=True):
            expected = None if value is None else drilldown(trend["code"], city, reporting_period(year))
            assert url == expected
    # a figure without records (None: no inspection in 2009) is not clickable
    rate = next(t for t in chart["trends"] if t["code"] == "insp.pass_rate")
    assert rate["values"][0] is None and rate["urls"][0] is None
    assert rate["urls"][-1] == drilldown("insp.pass_rate", city, period)
    levels = chart["inspection"]
    assert levels["urls"][1] == drilldown("insp.provincial.pass_rate", city, period)
    assert levels["values"][0] is None and levels["urls"][0] is None  # no national inspection
    item = chart["tiers"][0]["items"][0]
    assert item["url"] == drilldown(f"rec.valid.{f.program('cn_wellknown_tm').code}", city, period)


def test_screen_chart_data_is_the_dashboards(data):
    client = login(UserFactory(role="leader", region=data["620500"]))
    html = client.get("/reports/screen/", {"region": "620500", "year": 2013}).content.decode()
    chart = chart_of(html)
    assert chart == json.loads(json.dumps(dashboard._figures_context(data["620500"], 2013, "tm.per100")["chart"]))


def test_dashboard_print_header_and_button(data):
    client = login(UserFactory(role="city_admin", region=data["620500"]))
    html = client.get("/reports/dashboard/", {"region": "620500", "year": 2013}).content.decode()
    head = re.search(r'<div class="print-head">(.*?)</div>', html, re.S)[1]
    assert "天水市" in head and "2013 年度" in head and "打印日期：2014年7月10日" in head
    assert f"数据版本：{changelog.data_version()}" in head
    assert "reports/print.css" in html and "data-print" in html
    assert 'href="/reports/screen/?region=620500&amp;year=2013"' in html
    # the dashboard's charts carry a URL per point too
    dash = json.loads(re.search(r'<script id="dash-data" type="application/json">(.*?)</script>', html, re.S)[1])
    assert all(len(s["urls"]) == len(s["values"]) for s in dash["compare"]["series"])
