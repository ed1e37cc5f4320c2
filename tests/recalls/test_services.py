"""Recall services: holders computed and stored, the bad inputs refused with nothing written, the workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.models import ChangeLog
from qualitybrand.recalls import selectors, services
from qualitybrand.recalls.models import Recall, RecallBatch, RecallHolder, RecallStep
from tests.factories import EntityFactory
from tests.recalls.factories import recall
from tests.tracing.factories import event

pytestmark = pytest.mark.django_db
D = dt.date


def _written():
    return (Recall.objects.count(), RecallBatch.objects.count(), RecallHolder.objects.count(),
            RecallStep.objects.count())


def test_create_stores_every_downstream_holder_with_depth_parent_and_change_log(traced, county_user):
    r = recall(county_user, traced)
    holders = {h.name: h for h in r.holders.all()}
    e = traced
    assert set(holders) == {e["W"].name, e["R1"].name, e["R2"].name, "城东菜市场摊位", e["C"].name}
    assert holders[e["W"].name].depth == 1 and holders[e["W"].name].parent is None
    assert holders[e["W"].name].via_name == e["M"].name
    r1, canteen = holders[e["R1"].name], holders[e["C"].name]
    assert (r1.depth, r1.parent, r1.quantity, r1.first_date) == (2, holders[e["W"].name], Decimal(200), D(2024, 9, 9))
    assert (canteen.depth, canteen.parent, canteen.entity) == (3, r1, e["C"])
    assert holders[e["R2"].name].region == e["R2"].region  # another county's holder is on the list too
    stall = holders["城东菜市场摊位"]
    assert stall.entity is None and stall.region is None
    # region = the responsible enterprise's; every holder row change-logged (one bulk write)
    assert r.region == e["M"].region and r.status == "已启动" and r.number == "ZH2024-0001"
    assert ChangeLog.objects.filter(model="recalls.recallholder", action="create").count() == 5
    assert ChangeLog.objects.filter(model="recalls.recall", object_id=str(r.pk)).exists()
    assert [b.trace_code for b in r.batches.all()] == [e["code"]]
    assert r.batches.get().product == "婴儿奶粉"
    # the tree: W, then R1 with its canteen under it, …
    order = [row.holder.name for row in selectors.tree(list(r.holders.all()))]
    assert order.index(e["C"].name) == order.index(e["R1"].name) + 1


def test_a_batch_without_events_is_refused_naming_it(traced, county_user):
    with pytest.raises(ValidationError) as err:
        services.create_recall(county_user, entity=traced["M"], product="婴儿奶粉", product_type="消费品", kind="主动召回",
                               reason="缺陷", trace_codes=[traced["code"], "NO-SUCH-CODE"], decided=D(2024, 9, 27))
    assert "NO-SUCH-CODE" in err.value.messages[0] and "没有任何追溯事件" in err.value.messages[0]
    assert _written() == (0, 0, 0, 0)


def test_a_food_recall_needs_a_level(traced, county_user):
    with pytest.raises(ValidationError) as err:
        recall(county_user, traced, product_type="食品")
    assert "召回级别" in err.value.messages[0]
    assert _written() == (0, 0, 0, 0)


def test_a_county_cannot_create_a_recall_of_another_countys_enterprise(traced, other_county_user):
    with pytest.raises(PermissionDenied) as err:
        recall(other_county_user, traced)
    assert "不在您的管辖范围内" in str(err.value)
    assert _written() == (0, 0, 0, 0)


def test_an_enterprise_cannot_create_a_recall(traced, firm_user):
    with pytest.raises(PermissionDenied):
        recall(firm_user, traced)
    assert _written() == (0, 0, 0, 0)


def test_future_decision_and_unknown_choices_are_refused(traced, county_user):
    with pytest.raises(ValidationError, match="晚于今天"):
        recall(county_user, traced, decided=D(2024, 10, 20))
    with pytest.raises(ValidationError, match="召回方式"):
        recall(county_user, traced, kind="随便")
    assert _written() == (0, 0, 0, 0)


def test_a_step_out_of_order_is_refused_with_the_allowed_ones(traced, county_user):
    r = recall(county_user, traced)
    with pytest.raises(ValidationError) as err:
        services.take_step(county_user, r, "发布信息")
    assert "不能执行“发布信息”" in err.value.messages[0] and "提交计划" in err.value.messages[0]
    r.refresh_from_db()
    assert r.status == "已启动" and r.published is None and r.steps.count() == 1


def test_the_workflow_by_the_enterprise_and_the_office(traced, county_user, firm_user):
    r = recall(county_user, traced)
    services.take_step(firm_user, r, "提交计划", on=D(2024, 10, 8))
    services.take_step(firm_user, r, "发布信息", on=D(2024, 10, 9))
    services.take_step(firm_user, r, "开始实施", on=D(2024, 10, 9))
    with pytest.raises(ValidationError, match="召回总结"):
        services.take_step(firm_user, r, "完成召回")
    services.take_step(firm_user, r, "完成召回", comment="召回 950 罐，全部销毁")
    with pytest.raises(PermissionDenied):  # only the office ends the supervision
        services.take_step(firm_user, r, "结束监督", comment="好")
    services.take_step(county_user, r, "结束监督", comment="核查属实")
    r.refresh_from_db()
    assert (r.status, r.plan_submitted, r.published, r.closed, r.summary) == (
        "监督结束", D(2024, 10, 8), D(2024, 10, 9), D(2024, 10, 14), "召回 950 罐，全部销毁")
    assert [s.action for s in r.steps.all()] == ["登记", "提交计划", "发布信息", "开始实施", "完成召回", "结束监督"]


def test_a_holder_enterprise_cannot_take_the_recalls_steps(traced, county_user, holder_user):
    r = recall(county_user, traced)
    with pytest.raises(PermissionDenied):
        services.take_step(holder_user, r, "提交计划")


def test_stop_production_only_for_food_and_once(traced, county_user):
    consumer = recall(county_user, traced)
    with pytest.raises(ValidationError, match="只有食品召回"):
        services.take_step(county_user, consumer, "停止生产销售")
    Recall.objects.all().delete()
    food = recall(county_user, traced, product_type="食品", level="一级")
    services.take_step(county_user, food, "停止生产销售")
    food.refresh_from_db()
    assert food.stopped_at is not None and food.status == "已启动"
    with pytest.raises(ValidationError, match="不能重复登记"):
        services.take_step(county_user, food, "停止生产销售")


def test_holder_rows_by_the_holder_itself_and_never_by_another_enterprise(traced, county_user, holder_user,
                                                                          firm_user, regions):
    r = recall(county_user, traced)
    own = r.holders.get(entity=traced["R1"])
    other = r.holders.get(entity=traced["C"])
    services.dispose_holder(holder_user, r, own.pk, disposal="已下架", on=D(2024, 10, 10), quantity="180")
    own.refresh_from_db()
    # disposing implies it was told: the day counts as its notification
    assert (own.disposal, own.disposed, own.disposed_quantity, own.notified) == (
        "已下架", D(2024, 10, 10), Decimal(180), D(2024, 10, 10))
    before = list(RecallHolder.objects.values_list("notified", "disposal"))
    for user in (holder_user, firm_user):  # another holder's row; the responsible firm records no holder
        with pytest.raises(PermissionDenied, match="只能登记本企业"):
            services.dispose_holder(user, r, other.pk, disposal="已退回")
        with pytest.raises(PermissionDenied):
            services.notify_holders(user, r, [own.pk, other.pk], method="电话")
    assert list(RecallHolder.objects.values_list("notified", "disposal")) == before


def test_office_notifies_many_holders_at_once_and_bad_values_change_nothing(traced, county_user):
    r = recall(county_user, traced)
    ids = list(r.holders.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="通知方式"):
        services.notify_holders(county_user, r, ids, method="飞鸽")
    with pytest.raises(ValidationError, match="早于召回决定日期"):
        services.notify_holders(county_user, r, ids, method="电话", on="2024-09-01")
    with pytest.raises(ValidationError, match="不是有效日期"):
        services.notify_holders(county_user, r, ids, method="电话", on="2024-13-01")
    assert not RecallHolder.objects.filter(notified__isnull=False).exists()
    assert services.notify_holders(county_user, r, ids, method="书面通知", on="2024-10-08") == 5
    assert RecallHolder.objects.filter(notified=D(2024, 10, 8)).count() == 5
    assert ChangeLog.objects.filter(model="recalls.recallholder", action="update").count() == 5
    assert selectors.progress([r.pk])[r.pk] == {"recall_id": r.pk, "total": 5, "notified": 5, "disposed": 0}
    with pytest.raises(ValidationError, match="处置数量"):
        services.dispose_holder(county_user, r, ids[0], disposal="已销毁", quantity="abc")
    with pytest.raises(ValidationError, match="处置状态"):
        services.dispose_holder(county_user, r, ids[0], disposal="未处置")


def test_recompute_adds_new_holders_and_keeps_the_recorded_ones(traced, county_user):
    r = recall(county_user, traced)
    kept = r.holders.get(entity=traced["R1"])
    services.notify_holders(county_user, r, [kept.pk], method="电话", on="2024-10-08")
    late = EntityFactory(region=traced["C"].region, name="新增食堂")
    event("销售", traced["C"], traced["code"], counterparty=late, quantity=Decimal(5), day=D(2024, 9, 20))
    assert r.holders.count() == 5  # later events never change the stored list by themselves
    result = services.recompute(county_user, r)
    assert (result["added"], result["kept"], result["gone"]) == (1, 5, [])
    new = r.holders.get(entity=late)
    assert (new.depth, new.parent.entity) == (4, traced["C"])
    kept.refresh_from_db()
    assert kept.notified == D(2024, 10, 8)
    assert r.steps.filter(action="重新计算").exists()
