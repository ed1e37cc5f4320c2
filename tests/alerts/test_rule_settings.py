"""Office rules and thresholds as data: defaults in a fresh database, validation, change log, versions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.alerts import services
from qualitybrand.alerts.engine import UnknownRule, compute
from qualitybrand.alerts.models import RuleSetting
from qualitybrand.alerts.rules import RULES
from qualitybrand.core.models import ChangeLog
from tests.factories import TrademarkFactory, UserFactory

D = dt.date(2014, 7, 10)
pytestmark = pytest.mark.django_db


def test_fresh_database_holds_every_builtin_rule_with_its_defaults():
    rows = {r.rule: r for r in RuleSetting.objects.all()}
    assert set(rows) == set(RULES)
    for code, rule in RULES.items():
        assert rows[code].params == rule.defaults, code
        assert (rows[code].enabled, rows[code].version, rows[code].base) == (True, 1, "")


def test_changed_window_changes_the_warnings_and_is_logged_and_versioned(city_user, holder):
    TrademarkFactory(holder=holder, number="10000061", expires=D + dt.timedelta(days=200))
    assert [a.level for a in compute(D, rules=["tm.renewal"])] == ["提示"]
    row = services.save_rule(city_user, "tm.renewal", enabled=True, reason="延长紧急期",
                             params={"window_days": "365", "urgent_days": "200", "level": "提示",
                                     "urgent_level": "紧急"})
    assert row.version == 2 and row.updated_by == city_user
    assert [a.level for a in compute(D, rules=["tm.renewal"])] == ["紧急"]
    entry = ChangeLog.objects.filter(model="alerts.rulesetting", object_id=row.pk).latest("id")
    assert entry.action == "update" and entry.reason == "延长紧急期"
    assert entry.before["params"]["urgent_days"] == 90 and entry.after["params"]["urgent_days"] == 200
    # the same values again: nothing written
    services.save_rule(city_user, "tm.renewal", enabled=True, params=row.params)
    assert RuleSetting.objects.get(rule="tm.renewal").version == 2


def test_disabled_rule_yields_nothing(city_user, holder):
    TrademarkFactory(holder=holder, number="10000062", expires=D + dt.timedelta(days=20))
    services.save_rule(city_user, "tm.renewal", enabled=False, params=RULES["tm.renewal"].defaults)
    assert compute(D) == [] and compute(D, rules=["tm.renewal"]) == []


def test_office_rule_based_on_a_builtin_rule_with_other_thresholds(city_user, holder):
    TrademarkFactory(holder=holder, number="10000063", expires=D + dt.timedelta(days=150))
    TrademarkFactory(holder=holder, number="10000064", expires=D + dt.timedelta(days=181))
    services.create_office_rule(city_user, code="office.tm_renewal_180", name="商标续展（180 天）", base="tm.renewal",
                                params={"window_days": 180, "urgent_days": 30, "level": "预警",
                                        "urgent_level": "紧急"})
    assert [(a.rule, a.key, a.level) for a in compute(D, rules=["office.tm_renewal_180"])] == [
        ("office.tm_renewal_180", "10000063", "预警")]
    assert {a.rule for a in compute(D)} == {"tm.renewal", "office.tm_renewal_180"}
    assert ChangeLog.objects.filter(model="alerts.rulesetting", action="create").count() == 1


@pytest.mark.parametrize("params, field, message", [
    ({"window_days": "0"}, "window_days", "提前天数 0 超出范围：应在 1–3660 天之间。"),
    ({"window_days": "-5"}, "window_days", "提前天数“-5”不是正整数：请填写 1–3660 之间的整数（单位：天）。"),
    ({"window_days": "一年"}, "window_days", "提前天数“一年”不是正整数：请填写 1–3660 之间的整数（单位：天）。"),
    ({"window_days": ""}, "window_days", "请填写提前天数（1–3660 之间的整数，单位：天）。"),
    ({"level": "紧急", "urgent_level": "提示"}, "urgent_level",
     "级别顺序有误：紧急时级别（提示）应高于基本级别（紧急），级别由低到高为 提示、预警、紧急。"),
    ({"urgent_days": "400"}, "urgent_days", "紧急天数（400）应小于提前天数（365）：否则所有预警都是紧急级别。"),
    ({"level": "严重"}, "level", "级别“严重”无效：应为 提示、预警、紧急 之一。"),
])
def test_bad_thresholds_are_refused_in_chinese_and_nothing_changes(city_user, params, field, message):
    with pytest.raises(ValidationError) as exc:
        services.save_rule(city_user, "tm.renewal", enabled=True, params={**RULES["tm.renewal"].defaults, **params})
    assert exc.value.message_dict[field] == [message]
    row = RuleSetting.objects.get(rule="tm.renewal")
    assert (row.params, row.version) == (RULES["tm.renewal"].defaults, 1)


def test_repeat_failure_counts_in_order(city_user):
    with pytest.raises(ValidationError) as exc:
        services.save_rule(city_user, "insp.repeat_failure", enabled=True,
                           params={**RULES["insp.repeat_failure"].defaults, "urgent_count": 2})
    assert exc.value.message_dict["min_count"] == ["紧急批次（2）应大于最少批次（2）。"]


def test_office_rule_code_and_base_are_checked(city_user):
    good = {"window_days": 180, "level": "预警"}
    cases = [("tm.renewal", "tm.renewal", "rule", "规则代码“tm.renewal”已被使用：请换一个。"),
             ("Office rule", "tm.renewal", "rule", None),
             ("office.x", "tm.nothing", "base", "基于的内置规则“tm.nothing”不存在：请从列表中选择。")]
    for code, base, field, message in cases:
        with pytest.raises(ValidationError) as exc:
            services.create_office_rule(city_user, code=code, name="规则", base=base, params=good)
        assert field in exc.value.message_dict
        if message:
            assert exc.value.message_dict[field] == [message]
    assert not RuleSetting.objects.exclude(base="").exists()


def test_only_the_city_office_changes_rules(county_user):
    with pytest.raises(PermissionDenied):
        services.save_rule(county_user, "tm.renewal", enabled=False, params=RULES["tm.renewal"].defaults)
    assert RuleSetting.objects.get(rule="tm.renewal").enabled


def test_unknown_rule_is_refused():
    with pytest.raises(UnknownRule) as exc:
        compute(D, rules=["tm.nothing"])
    assert str(exc.value) == "未知的预警规则：tm.nothing"


def test_rows_for_rules_registered_later_fall_back_to_code_defaults(regions):
    RuleSetting.objects.filter(rule="cert.expiry").delete()
    from qualitybrand.alerts.settings_store import effective_settings

    cert = next(s for s in effective_settings() if s.rule == "cert.expiry")
    assert (cert.params, cert.enabled, cert.version) == ({"window_days": 90, "level": "提示"}, True, 0)


def test_county_user_fixture_is_no_city_admin(county_user):
    assert not services.may_change_rules(county_user)
    assert services.may_change_rules(UserFactory(role="city_admin", region=county_user.region.parent))
