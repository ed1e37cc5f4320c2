"""The generic transitions table (core/workflow.py) that credit repair and the workflows of issue 14 use."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.workflow import Transition, Workflow

ALICE, BOB = SimpleNamespace(pk=1), SimpleNamespace(pk=2)


def _flow(**checks):
    return Workflow("测试流程", [
        Transition("", "提交", "待审核", {"enterprise", "county"}, ("ready",)),
        Transition("待审核", "通过", "已通过", {"city_admin"}, ("not_self",)),
        Transition("待审核", "退回", "草稿", {"city_admin"}, ("not_self", "comment")),
    ], checks={"ready": checks.get("ready", lambda user, obj, ctx: {"checked": True})})


def test_unknown_condition_fails_at_start_up():
    with pytest.raises(ValueError):
        Workflow("坏流程", [Transition("a", "b", "c", {"city_admin"}, ("typo",))])


def test_custom_check_values_and_role():
    t, values = _flow().check(ALICE, None, "", "提交", role="enterprise")
    assert (t.next_state, values) == ("待审核", {"checked": True})
    with pytest.raises(PermissionDenied) as info:
        _flow().check(ALICE, None, "", "提交", role="leader")
    assert "企业用户、县区用户" in str(info.value) or "县区用户、企业用户" in str(info.value)


def test_custom_check_refusal():
    def never(user, obj, ctx):
        raise ValidationError("条件不满足。")

    with pytest.raises(ValidationError):
        _flow(ready=never).check(ALICE, None, "", "提交", role="county")


def test_no_self_approval_and_comment_required():
    flow = _flow()
    with pytest.raises(PermissionDenied) as info:
        flow.check(ALICE, None, "待审核", "通过", role="city_admin", actors=[ALICE.pk])
    assert "自我审批" in str(info.value)
    assert flow.check(BOB, None, "待审核", "通过", role="city_admin", actors=[ALICE.pk])[0].next_state == "已通过"
    with pytest.raises(ValidationError) as info:
        flow.check(BOB, None, "待审核", "退回", role="city_admin", comment="  ", actors=[ALICE.pk])
    assert "须填写理由" in info.value.messages[0]


def test_unknown_action_names_the_allowed_ones():
    with pytest.raises(ValidationError) as info:
        _flow().check(BOB, None, "已通过", "通过", role="city_admin")
    assert "无（流程已结束）" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        _flow().check(BOB, None, "待审核", "认定", role="city_admin")
    assert "通过（市级管理员）" in info.value.messages[0]


def test_available_leaves_out_self_approval():
    flow = _flow()
    assert [t.action for t in flow.available(BOB, "待审核", "city_admin", [ALICE.pk])] == ["通过", "退回"]
    assert flow.available(ALICE, "待审核", "city_admin", [ALICE.pk]) == []
    assert flow.available(BOB, "待审核", "county", []) == []
