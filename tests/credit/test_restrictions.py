"""Joint restrictions and incentives (credit.md): every place refuses, holds or warns with the reason;
the rule window; a removed blacklist entry no longer restricts; bad rules are refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from qualitybrand.core.models import ChangeLog
from qualitybrand.credit import restriction_rules, restrictions
from qualitybrand.credit.models import RestrictionRule
from qualitybrand.cultivation import rewards, services
from qualitybrand.cultivation.models import Application, RewardPayment, State
from qualitybrand.ledgers.engine import import_rows
from qualitybrand.registry.models import Pledge, Program, Recognition
from qualitybrand.supervision.models import BlacklistEntry
from tests.credit.factories import RecognitionFactory
from tests.credit.restriction_helpers import DEFAULTS, default_rules
from tests.cultivation.factories import make_application, make_call
from tests.factories import EntityFactory, TrademarkFactory, UserFactory

TODAY = dt.date(2014, 7, 10)
BASIS = DEFAULTS.BASIS


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.QB_TODAY = TODAY
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rules(db):
    """The default rules of credit 0002, in force from 2014-01-01 so that the demo's year sees them."""
    return default_rules()


@pytest.fixture
def entity(regions):
    return EntityFactory(region=regions["620502"], name="天水示例电缆有限公司", established=dt.date(2001, 5, 1))


@pytest.fixture
def listing(entity):
    return BlacklistEntry.objects.create(entity=entity, region=entity.region, listed=dt.date(2014, 3, 1),
                                         authority="天水市市场监督管理局", reason="提供虚假材料骗取行政许可")


@pytest.fixture
def program(db):
    return Program.objects.create(code="city_known_tm", name="市知名商标", object_kind="商标", level="市",
                                  validity_years=3, reward=2)


@pytest.fixture
def award(db):
    return Program.objects.create(code="city_quality_award", name="市政府质量奖", object_kind="企业", level="市",
                                  reward=10)


@pytest.fixture
def call(program, award, regions):
    return make_call(regions["620500"], [program, award])


@pytest.fixture
def trademark(entity):
    return TrademarkFactory(holder=entity, registered=dt.date(2005, 3, 1))


def reason_for(rule, place_words):
    return (f"天水示例电缆有限公司于2014年3月1日被天水市市场监督管理局列入严重违法失信名单（事由：提供虚假材料骗取"
            f"行政许可），{place_words}。依据：{BASIS}（规则 {rule.pk}“{restrictions.rule_text(rule)}”）。")


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


# --- the rule engine ---------------------------------------------------------------------------

def test_a_listed_entity_is_refused_with_the_entry_and_the_basis(rules, listing, entity):
    found = restrictions.check(entity, "application.submit", TODAY)
    rule = rules["application.submit"]
    assert found == [restrictions.Restriction(rule.pk, "application.submit", "拒绝", reason_for(rule, "不予提交申报"))]
    assert restrictions.rule_text(rule) == "提交申报：列入严重违法失信名单 → 拒绝"
    with pytest.raises(ValidationError) as exc:
        restrictions.enforce(entity, "application.submit", TODAY)
    assert exc.value.messages == [reason_for(rule, "不予提交申报")]
    assert restrictions.check(entity, "reward.pay", TODAY)[0].effect == "暂缓"
    assert restrictions.enforce(entity, "pledge.record", TODAY)[0].effect == "提示"  # not refused


def test_listed_on_and_removed_on_the_day(rules, listing, entity):
    assert restrictions.check(entity, "application.submit", dt.date(2014, 2, 28)) == []  # before 列入日期
    assert len(restrictions.check(entity, "application.submit", dt.date(2014, 3, 1))) == 1  # 列入日期 ≤ D
    listing.removed = TODAY
    listing.save()
    assert len(restrictions.check(entity, "application.submit", TODAY - dt.timedelta(days=1))) == 1
    assert restrictions.check(entity, "application.submit", TODAY) == []  # 移出日期 > D no longer holds
    restrictions.enforce(entity, "application.submit", TODAY)  # no refusal


def test_the_rule_window(rules, listing, entity):
    rule = rules["application.submit"]
    RestrictionRule.objects.filter(pk=rule.pk).update(since=TODAY + dt.timedelta(days=1))
    assert restrictions.check(entity, "application.submit", TODAY) == []
    RestrictionRule.objects.filter(pk=rule.pk).update(since=TODAY, until=TODAY)  # both ends included
    assert len(restrictions.check(entity, "application.submit", TODAY)) == 1
    RestrictionRule.objects.filter(pk=rule.pk).update(until=TODAY - dt.timedelta(days=1))
    assert restrictions.check(entity, "application.submit", TODAY) == []
    RestrictionRule.objects.filter(pk=rule.pk).update(until=None, active=False)
    assert restrictions.check(entity, "application.submit", TODAY) == []


def test_the_default_rules_start_on_the_day_the_shipped_migration_says(db, regions):
    default_rules(since=DEFAULTS.SINCE)
    assert DEFAULTS.SINCE == dt.date(2014, 6, 14)  # 国发〔2014〕21号: the demo's 2014-07-10 sees them
    e = EntityFactory(region=regions["620502"])
    BlacklistEntry.objects.create(entity=e, region=e.region, listed=dt.date(2014, 1, 1), authority="甲", reason="乙")
    assert restrictions.check(e, "application.submit", dt.date(2014, 6, 13)) == []
    assert [r.effect for r in restrictions.check(e, "application.submit", dt.date(2014, 6, 14))] == ["拒绝"]


def test_a_grade_rule_names_the_grade(rules, entity, monkeypatch):
    rule = RestrictionRule.objects.create(place="application.submit", trigger="grade", grades="C,D", effect="拒绝",
                                          basis="市局信用分级分类监管办法", since=dt.date(2014, 1, 1))
    monkeypatch.setattr(restrictions, "grades_on", lambda ids, on: {entity.pk: "C"})
    assert restrictions.check(entity, "application.submit", TODAY) == [restrictions.Restriction(
        rule.pk, "application.submit", "拒绝",
        f"天水示例电缆有限公司2014年7月10日的信用等级为C类，不予提交申报。依据：市局信用分级分类监管办法"
        f"（规则 {rule.pk}“提交申报：信用等级为C、D类 → 拒绝”）。")]
    monkeypatch.setattr(restrictions, "grades_on", lambda ids, on: {entity.pk: "B"})
    assert restrictions.check(entity, "application.submit", TODAY) == []


def test_a_grade_rule_reads_the_rating(rules, entity):
    RestrictionRule.objects.create(place="pledge.record", trigger="grade", grades="A", effect="提示",
                                   since=dt.date(2014, 1, 1))
    found = restrictions.check(entity, "pledge.record", TODAY)  # nothing on record: the start score, grade A
    assert [r.effect for r in found] == ["提示"] and "信用等级为A类" in found[0].reason


def test_restricted_ids_is_set_based(rules, listing, entity, regions, django_assert_num_queries, monkeypatch):
    others = [EntityFactory(region=regions["620503"]) for _ in range(3)]
    ids = [entity.pk, *(o.pk for o in others)]
    with django_assert_num_queries(2):  # the rules in force, the blacklist entries of all the entities
        assert restrictions.restricted_ids("application.submit", TODAY, ids) == {entity.pk}
    assert restrictions.restricted_ids("reward.pay", TODAY, ids, effects=["拒绝"]) == set()
    with pytest.raises(ValueError):
        restrictions.restricted_ids("nowhere", TODAY, ids)
    monkeypatch.setattr(restrictions, "CHUNK", 2)  # many ids: every entry in force is read, then filtered
    with django_assert_num_queries(2):
        assert restrictions.restricted_ids("application.submit", TODAY, ids) == {entity.pk}
    assert restrictions.restricted_ids("application.submit", TODAY, ids[1:]) == set()


def test_several_places_at_once(rules, listing, entity):
    found = restrictions.restricted(["reward.pay", "pledge.record"], TODAY, [entity.pk])[entity.pk]
    assert [(r.place, r.effect) for r in found] == [("pledge.record", "提示"), ("reward.pay", "暂缓")]


def test_applicable_lists_every_place(rules, listing, entity):
    places = [r.place for r in restrictions.applicable(entity, TODAY)]
    assert places == ["application.recommend", "application.submit", "pledge.record", "recognition.grant",
                      "reward.pay"]


# --- cultivation -------------------------------------------------------------------------------

def test_submit_is_refused_with_the_reason(rules, listing, entity, call, program, trademark, regions):
    user = UserFactory(role="enterprise", region=regions["620502"], entity=entity)
    app = make_application(call, program, entity, trademark, user=user)
    with pytest.raises(ValidationError) as exc:
        services.transition(user, app, "提交")
    assert exc.value.messages == [reason_for(rules["application.submit"], "不予提交申报")]
    app.refresh_from_db()
    assert app.state == State.DRAFT and app.submitted_at is None


def test_submit_of_an_unlisted_entity_goes_through(rules, entity, call, program, trademark, regions):
    user = UserFactory(role="enterprise", region=regions["620502"], entity=entity)
    app = make_application(call, program, entity, trademark, user=user)
    assert services.transition(user, app, "提交").state == State.COUNTY


def test_recommend_and_city_pass_are_refused(rules, listing, entity, call, program, award, trademark, city_user):
    app = make_application(call, program, entity, trademark, state=State.CITY)
    with pytest.raises(ValidationError) as exc:
        services.transition(city_user, app, "推荐")
    assert exc.value.messages == [reason_for(rules["application.recommend"], "不予推荐申报")]
    scored = make_application(call, award, entity, state=State.CITY)
    with pytest.raises(ValidationError):
        services.transition(city_user, scored, "通过")
    assert set(Application.objects.values_list("state", flat=True)) == {State.CITY}


def test_a_recognition_is_not_granted(rules, entity, call, program, trademark, city_user, listing):
    app = make_application(call, program, entity, trademark, state=State.RECOMMENDED)
    with pytest.raises(ValidationError) as exc:
        services.transition(city_user, app, "认定")
    assert exc.value.messages == [reason_for(rules["recognition.grant"], "不予认定授予")]
    app.refresh_from_db()
    assert app.state == State.RECOMMENDED and not Recognition.objects.exists()
    assert not RewardPayment.objects.exists()


def test_the_application_page_shows_the_reason(rules, listing, entity, call, program, trademark, client, city_user):
    app = make_application(call, program, entity, trademark, state=State.CITY)
    client.force_login(city_user)
    r = client.post(f"/cultivation/applications/{app.pk}/", {"action": "推荐"}, follow=True)
    text = r.content.decode()
    assert "被天水市市场监督管理局列入严重违法失信名单" in text and "不予推荐申报" in text
    page = client.get(f"/cultivation/applications/{app.pk}/").content.decode()
    assert "联合惩戒：" + reason_for(rules["application.recommend"], "不予推荐申报") in page  # before anyone acts


# --- rewards -----------------------------------------------------------------------------------

@pytest.fixture
def payment(entity, program, trademark):
    rec = RecognitionFactory(program=program, entity=entity, trademark=trademark, object_key=trademark.number,
                             year=2013, valid_until=dt.date(2015, 12, 31))
    return RewardPayment.objects.create(program=program, entity=entity, recognition=rec, object_key=rec.object_key,
                                        year=2013, amount=Decimal("2"), region=entity.region)


def test_a_listed_entity_s_payment_is_held_then_paid_once_removed(rules, listing, payment, city_user, regions):
    other = EntityFactory(region=regions["620503"])
    free = RewardPayment.objects.create(program=payment.program, entity=other, object_key="x", year=2013,
                                        amount=Decimal("3"), region=other.region)
    outcome = rewards.pay_or_hold(city_user, [payment.pk, free.pk], budget_year=2014, paid_on=TODAY)
    expected = reason_for(rules["reward.pay"], "奖励拨付暂缓")
    assert outcome.paid == 1 and [(p.pk, why) for p, why in outcome.held] == [(payment.pk, expected)]
    payment.refresh_from_db()
    assert (payment.status, payment.held_reason, payment.paid_on) == ("暂缓", expected, None)
    assert RewardPayment.objects.get(pk=free.pk).status == "已拨付"
    log = ChangeLog.objects.filter(model="cultivation.rewardpayment", object_id=str(payment.pk)).latest("id")
    assert log.reason == f"暂缓拨付：{expected}"
    listing.removed = TODAY
    listing.save()
    assert rewards.pay(city_user, [payment.pk], budget_year=2014, paid_on=TODAY) == 1
    payment.refresh_from_db()
    assert (payment.status, payment.held_reason, payment.paid_on) == ("已拨付", "", TODAY)


def test_the_rewards_list_shows_the_hold(rules, listing, payment, city_user, client):
    client.force_login(city_user)
    page = client.get("/cultivation/rewards/").content.decode()
    assert "拨付将暂缓：天水示例电缆有限公司于2014年3月1日" in page  # marked before anyone pays
    r = client.post("/cultivation/rewards/", {"op": "pay", "ids": [payment.pk], "budget_year": "2014",
                                              "paid_on": "2014-07-10"}, follow=True)
    text = r.content.decode()
    assert "2013 年度奖励暂缓拨付：天水示例电缆有限公司于2014年3月1日" in text
    assert '<span class="cv-tag cv-red">暂缓</span>' in text


def test_the_pay_api_answers_what_was_held(rules, listing, payment, city_user):
    r = api(city_user).post("/api/v1/rewards/pay/", {"ids": [payment.pk], "budget_year": 2014,
                                                     "paid_on": "2014-07-10"}, format="json")
    assert r.status_code == 200
    assert r.json() == {"paid": 0, "held": [{"id": payment.pk,
                                             "reason": reason_for(rules["reward.pay"], "奖励拨付暂缓")}]}


# --- registry: recognitions refused, pledges noticed -------------------------------------------

def test_a_recognition_through_the_registry_api_is_refused(rules, listing, entity, program, trademark, city_user):
    r = api(city_user).post("/api/v1/recognitions/", {"program": "city_known_tm", "entity": entity.uscc,
                                                      "trademark": trademark.number, "year": 2014}, format="json")
    assert r.status_code == 400
    assert r.json()["detail"] == reason_for(rules["recognition.grant"], "不予认定授予")
    assert not Recognition.objects.exists()


def test_a_recognition_through_the_registry_page_is_refused(rules, listing, entity, program, trademark,
                                                             city_user, client):
    client.force_login(city_user)
    r = client.post("/registry/recognitions/new/", {"program": "city_known_tm", "entity": entity.uscc,
                                                    "trademark": trademark.number, "year": "2014",
                                                    "method": "评审认定", "region": "620502"})
    assert r.status_code == 400 and "不予认定授予" in r.content.decode()
    assert not Recognition.objects.exists()


def test_a_pledge_is_recorded_with_the_notice(rules, listing, entity, trademark, city_user, client):
    r = api(city_user).post("/api/v1/pledges/", {
        "number": "ZY2014001", "pledgor": entity.uscc, "pledgee": "甘肃银行", "trademarks": [trademark.number],
        "amount": "100", "registered": "2014-07-01", "expires": "2016-06-30"}, format="json")
    expected = reason_for(rules["pledge.record"], "质押登记予以提示")
    assert r.status_code == 201 and r.json()["notices"] == [expected]
    pledge = Pledge.objects.get(number="ZY2014001")
    log = ChangeLog.objects.get(model="registry.pledge", object_id=str(pledge.pk), action="create")
    assert log.reason == expected  # recorded
    client.force_login(city_user)
    r = client.post("/registry/pledges/new/", {
        "number": "ZY2014002", "pledgor": entity.uscc, "pledgee": "甘肃银行", "trademarks": trademark.number,
        "amount": "50", "registered": "2014-07-01", "expires": "2016-06-30"}, follow=True)
    assert r.status_code == 200 and expected in r.content.decode()  # shown on the page it lands on
    assert Pledge.objects.count() == 2


def test_imports_warn_per_row_and_keep_the_row(rules, listing, entity, program, trademark, regions):
    free = EntityFactory(region=regions["620503"])
    free_tm = TrademarkFactory(holder=free)
    result = import_rows("pledges", [
        {"登记编号": "ZY2014101", "出质人统一社会信用代码": entity.uscc, "质权人": "甘肃银行",
         "商标注册号": trademark.number, "质押金额": "80", "登记日期": "2014-06-01", "到期日期": "2015-06-01"},
        {"登记编号": "ZY2014102", "出质人统一社会信用代码": free.uscc, "质权人": "甘肃银行",
         "商标注册号": free_tm.number, "质押金额": "80", "登记日期": "2014-06-01", "到期日期": "2015-06-01"},
    ])
    payload = result.as_json()
    assert Pledge.objects.count() == 2
    warnings = [w for w in payload["warnings"] if "联合惩戒" in w["message"]]
    assert [(w["row"], w["message"]) for w in warnings] == [
        (warnings[0]["row"], "联合惩戒提示：" + reason_for(rules["pledge.record"], "质押登记予以提示"))]
    result = import_rows("recognitions", [
        {"项目": "city_known_tm", "统一社会信用代码": entity.uscc, "商标注册号": trademark.number, "认定年度": "2014"}])
    messages = [w["message"] for w in result.as_json()["warnings"]]
    assert messages == ["联合惩戒拒绝：" + reason_for(rules["recognition.grant"], "不予认定授予")]
    assert Recognition.objects.count() == 1  # an import records a decision made elsewhere: kept, warned


# --- the 守信 tag -------------------------------------------------------------------------------

def test_the_redlist_tag_and_the_credit_filter(rules, entity, listing, regions, city_user, client):
    good = EntityFactory(region=regions["620502"], name="守信示例公司", established=dt.date(2001, 1, 1))
    RecognitionFactory(entity=good, year=2013, valid_until=dt.date(2016, 12, 31))
    assert restrictions.redlist_ids(TODAY) == {good.pk}
    client.force_login(city_user)
    page = client.get("/registry/entities/").content.decode()
    assert '<span class="tag tag-green">守信</span>' in page and '<span class="tag tag-red">严重违法失信</span>' in page
    red = client.get("/registry/entities/?credit_tag=守信").content.decode()
    assert "守信示例公司" in red and "天水示例电缆有限公司" not in red
    black = client.get("/registry/entities/?credit_tag=失信").content.decode()
    assert "天水示例电缆有限公司" in black and "守信示例公司" not in black
    assert client.get("/registry/entities/?credit_tag=其他").status_code == 400
    detail = client.get(f"/registry/entities/{good.uscc}/").content.decode()
    assert '<span class="tag tag-green">守信</span>' in detail
    r = api(city_user).get("/api/v1/entities/", {"credit_tag": "守信"})
    assert [e["uscc"] for e in r.json()["results"]] == [good.uscc]


# --- the rule table ----------------------------------------------------------------------------

def test_bad_rules_are_refused_and_nothing_is_saved(rules, city_user):
    before = RestrictionRule.objects.count()
    base = {"place": "application.submit", "trigger": "listed", "effect": "拒绝", "since": "2014-01-01"}
    cases = [
        ({"place": "loan.approve"}, "place", "未知的适用环节“loan.approve”"),
        ({"trigger": "grade", "grades": "A,E"}, "grades", "信用等级 E 无效：应为 A、B、C、D"),
        ({"trigger": "grade", "grades": ""}, "grades", "请填写适用的信用等级"),
        ({"until": "2013-12-31"}, "until", "失效日期 2013-12-31 早于生效日期 2014-01-01"),
        ({"since": "2014-13-01"}, "since", "生效日期“2014-13-01”不是有效日期"),
        ({"effect": "罚款"}, "effect", "措施“罚款”无效"),
    ]
    for change, field, message in cases:
        with pytest.raises(ValidationError) as exc:
            restriction_rules.create_rule(city_user, base | change)
        assert message in exc.value.message_dict[field][0], change
    assert RestrictionRule.objects.count() == before


def test_only_the_city_admin_edits_rules(rules, county_user):
    with pytest.raises(PermissionDenied):
        restriction_rules.create_rule(county_user, {"place": "application.submit", "trigger": "listed",
                                                    "effect": "拒绝", "since": "2014-01-01"})


def test_the_rule_page_reads_and_edits(rules, city_user, county_user, client, regions):
    client.force_login(county_user)
    page = client.get("/credit/restrictions/")
    assert page.status_code == 200 and "列入严重违法失信名单" in page.content.decode()
    assert "新增规则" not in page.content.decode()
    assert client.get("/credit/restrictions/new/").status_code == 403
    client.force_login(UserFactory(role="enterprise", region=regions["620502"]))
    assert client.get("/credit/restrictions/").status_code == 403
    client.force_login(city_user)
    r = client.post("/credit/restrictions/new/", {"place": "bad.place", "trigger": "listed", "effect": "拒绝",
                                                  "since": "2014-01-01", "active": "on"})
    assert r.status_code == 400 and "未知的适用环节“bad.place”" in r.content.decode()
    r = client.post("/credit/restrictions/new/", {"place": "pledge.record", "trigger": "grade", "grades": "d, c",
                                                  "effect": "提示", "since": "2014-01-01", "active": "on"})
    assert r.status_code == 302
    rule = RestrictionRule.objects.latest("id")
    assert (rule.grades, rule.effect, rule.active, rule.until) == ("C,D", "提示", True, None)
    r = client.post(f"/credit/restrictions/{rule.pk}/edit/", {
        "place": "pledge.record", "trigger": "grade", "grades": "D", "effect": "提示", "since": "2014-01-01",
        "until": "2014-12-31", "_reason": "收窄范围"})
    rule.refresh_from_db()
    assert (rule.grades, rule.until, rule.active) == ("D", dt.date(2014, 12, 31), False)
    logs = ChangeLog.objects.filter(model="credit.restrictionrule", object_id=str(rule.pk)).order_by("id")
    assert [(e.action, e.reason) for e in logs] == [("create", "新增联合惩戒规则"), ("update", "收窄范围")]
    page = client.get(f"/credit/restrictions/{rule.pk}/edit/").content.decode()
    assert "收窄范围" in page
