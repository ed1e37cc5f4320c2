import pytest

from qualitybrand.credit.models import CreditScheme, RestrictionRule

pytestmark = pytest.mark.django_db


def test_builtin_scheme_and_default_rules_exist_on_a_fresh_database():
    scheme = CreditScheme.objects.get(code="builtin", version=1)
    assert scheme.active and scheme.document["start"] == 100
    assert str(scheme) == "信用评价方案 内置信用评价方案（builtin 第1版）"
    rules = {(r.place, r.trigger, r.grades, r.effect) for r in RestrictionRule.objects.all()}
    assert rules == {
        ("application.submit", "listed", "", "拒绝"), ("application.recommend", "listed", "", "拒绝"),
        ("recognition.grant", "listed", "", "拒绝"), ("reward.pay", "listed", "", "暂缓"),
        ("pledge.record", "listed", "", "提示"), ("redlist.tag", "grade", "A", "激励")}
    assert str(RestrictionRule.objects.get(place="reward.pay")) == "奖励拨付：列入严重违法失信名单 → 暂缓"
