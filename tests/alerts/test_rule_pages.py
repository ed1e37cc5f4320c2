"""/alerts/rules/: every rule with meaning, thresholds and today's count; the city office's form."""

import datetime as dt

import pytest

from qualitybrand.alerts.models import RuleSetting
from qualitybrand.core.models import ChangeLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)


def test_rule_list_shows_every_rule_with_counts_in_scope(client, marks, city_user, county_user):
    client.force_login(city_user)
    html = client.get("/alerts/rules/").content.decode()
    for name in ("商标续展提醒", "商标宽展期提醒", "荣誉认定复评提醒", "认证证书到期提醒", "质押到期提醒", "抽查多次不合格",
                 "抽查后处理逾期", "投诉举报逾期", "失信名单期满移出", "目标任务进度滞后", "培育后备不足"):
        assert name in html
    assert "提前天数：365 天" in html
    assert '<td class="num al-count">3</td>' in html          # tm.renewal: three marks in the city
    assert "新增办公室规则" in html
    client.force_login(county_user)
    html = client.get("/alerts/rules/").content.decode()
    assert '<td class="num al-count">2</td>' in html          # 秦州区 only
    assert "新增办公室规则" not in html and "/alerts/rules/tm.renewal/edit/" not in html


def test_enterprise_and_expert_may_not_see_rules(client, regions):
    for role in ("enterprise", "expert"):
        client.force_login(UserFactory(role=role, region=regions["620502"]))
        assert client.get("/alerts/rules/").status_code == 403


def test_city_changes_thresholds_through_the_form(client, city_user):
    client.force_login(city_user)
    assert "提前天数" in client.get("/alerts/rules/tm.renewal/edit/").content.decode()
    response = client.post("/alerts/rules/tm.renewal/edit/", {
        "name": "商标续展提醒", "window_days": "365", "urgent_days": "120", "level": "提示", "urgent_level": "紧急",
        "enabled": "1", "_reason": "紧急期延长至 120 天"})
    assert response.status_code == 302
    row = RuleSetting.objects.get(rule="tm.renewal")
    assert (row.params["urgent_days"], row.version) == (120, 2)
    assert ChangeLog.objects.filter(model="alerts.rulesetting", object_id=row.pk, reason="紧急期延长至 120 天").exists()
    html = client.get("/alerts/rules/tm.renewal/edit/").content.decode()
    assert "修改历史（当前第 2 版）" in html and "紧急期延长至 120 天" in html


def test_bad_form_input_is_answered_at_the_field_and_nothing_changes(client, city_user):
    client.force_login(city_user)
    response = client.post("/alerts/rules/tm.renewal/edit/", {
        "name": "商标续展提醒", "window_days": "零", "urgent_days": "90", "level": "紧急", "urgent_level": "提示",
        "enabled": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "提前天数“零”不是正整数" in html
    assert "级别顺序有误" in html
    assert 'value="零"' in html                               # nothing lost on a failed submit
    assert RuleSetting.objects.get(rule="tm.renewal").version == 1


def test_city_adds_an_office_rule_in_two_steps(client, marks, city_user):
    client.force_login(city_user)
    assert "商标续展提醒（商标）" in client.get("/alerts/rules/new/").content.decode()
    assert "规则代码" in client.get("/alerts/rules/new/?base=tm.renewal").content.decode()
    assert "内置规则“nope”不存在" in client.get("/alerts/rules/new/?base=nope").content.decode()
    response = client.post("/alerts/rules/new/", {
        "base": "tm.renewal", "rule": "office.tm_renewal_180", "name": "商标续展（180 天）", "window_days": "180",
        "urgent_days": "30", "level": "预警", "urgent_level": "紧急"})
    assert response.status_code == 302
    html = client.get("/alerts/rules/").content.decode()
    assert "商标续展（180 天）" in html and "基于：商标续展提醒" in html


def test_county_may_not_open_the_form(client, county_user):
    client.force_login(county_user)
    assert client.get("/alerts/rules/tm.renewal/edit/").status_code == 403
    assert client.post("/alerts/rules/new/", {"base": "tm.renewal"}).status_code == 403


def test_unknown_rule_is_404(client, city_user):
    client.force_login(city_user)
    assert client.get("/alerts/rules/nope/edit/").status_code == 404
