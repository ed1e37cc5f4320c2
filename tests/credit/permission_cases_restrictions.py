"""The joint-restriction table in the permission walk (tests/permission_cases.py).

The rules are not region-scoped: every office role reads `/credit/restrictions/` (the walk's pass over
undeclared URLs checks no 500 and anonymous refused); only the city admin adds or edits a rule."""

from __future__ import annotations

import datetime as dt

from qualitybrand.credit.models import RestrictionRule
from tests.permission_cases import CHANGE_CASES, ChangeCase

RULE_FORM = {"place": "pledge.record", "trigger": "grade", "grades": "D", "effect": "提示", "since": "2014-01-01",
             "active": "on"}


def _rule(region):
    return RestrictionRule.objects.create(place="pledge.record", trigger="grade", grades="C", effect="提示",
                                          since=dt.date(2014, 1, 1), note=f"权限测试 {region.code}")


def _rule_state(rule):
    return list(RestrictionRule.objects.filter(pk=rule.pk).values_list("grades", "effect", "since", "active"))


def _rule_count(rule):
    return RestrictionRule.objects.count()


CHANGE_CASES.append(ChangeCase("credit:restriction_edit", _rule, kwargs=lambda obj: {"pk": obj.pk},
                               change_roles=frozenset({"city_admin"}), data=RULE_FORM, state=_rule_state))
CHANGE_CASES.append(ChangeCase("credit:restriction_new", _rule, kwargs=lambda obj: {},
                               change_roles=frozenset({"city_admin"}), data=RULE_FORM, state=_rule_count))
