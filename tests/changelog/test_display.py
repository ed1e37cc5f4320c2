"""How the change log reads to people (core/changelog_display.py): labels, formatted values, local
time, nested tables, Chinese object types once each, a Chinese name for every model."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.db import models

from qualitybrand.core import changelog_display as display
from qualitybrand.core.models import ChangeLog


def fmt(label, field, value, names=None):
    return display.format_value(value, display.field_infos(label)[field], names)


def test_fields_read_by_their_labels():
    entity = display.field_infos("registry.entity")
    assert entity["name"].label == "名称" and entity["established"].label == "成立日期"
    user = display.field_infos("accounts.user")
    assert user["is_active"].label == "有效" and user["locked_until"].label == "锁定至"
    # an amount's unit moves from the label to the value
    payment = display.field_infos("cultivation.rewardpayment")
    assert payment["amount"].label == "金额" and payment["amount"].unit == "万元"


def test_dates_times_amounts_choices_booleans():
    assert fmt("registry.entity", "established", "2014-07-10") == "2014-07-10"
    # stored in UTC, shown in TIME_ZONE (Asia/Shanghai) without seconds
    assert fmt("cultivation.application", "submitted_at", "2014-07-10T01:31:27.123456+00:00") == "2014-07-10 09:31"
    assert fmt("cultivation.rewardpayment", "amount", "12.500000") == "12.5 万元"
    assert fmt("supervision.case", "fines", "3") == "3 万元"
    assert fmt("cultivation.pipelinetarget", "target", 5) == "5 件"
    assert fmt("accounts.user", "role", "county") == "县区用户"
    assert fmt("ledgers.importbatch", "status", "done") == "已完成"
    assert fmt("registry.trademark", "is_gi", True) == "是"
    assert fmt("registry.trademark", "is_gi", False) == "否"
    assert fmt("registry.entity", "deregistered", None) == "—"
    assert fmt("registry.trademark", "classes", ["9", "35"]) == "9、35"


def test_references_read_as_names_or_type_and_id():
    assert fmt("registry.trademark", "holder", 7, {7: "秦州甲公司"}) == "秦州甲公司"
    assert fmt("registry.trademark", "holder", 8, {7: "秦州甲公司"}) == "市场主体#8"


def test_a_score_sheet_reads_as_a_small_table_never_json():
    html = str(fmt("cultivation.assignment", "scores", {"A1": 80, "A2": {"领导": 90, "战略": "7.5"}}))
    assert html.startswith('<table class="kv">') and "<th scope=\"row\">A1</th><td>80</td>" in html
    assert html.count("<table") == 2 and "领导" in html and "{" not in html and "'" not in html
    rows = str(display.show([{"指标": "商标", "目标": 5}, {"指标": "专利", "目标": 3}]))
    assert "<th scope=\"col\">指标</th>" in rows and "<td>专利</td><td>3</td>" in rows and "{" not in rows
    # markup in stored text is escaped
    assert "<b>" not in str(display.show({"x": "<b>"})) and "&lt;b&gt;" in str(display.show({"x": "<b>"}))
    # a long document shows its first rows and counts the rest
    long = str(display.show({f"k{i}": i for i in range(100)}))
    assert long.count("<tr>") == display.MAX_ROWS + 1 and "共 100 项" in long


def test_unknown_fields_still_read_well():
    assert display.show("2014-07-10T01:31:00+00:00") == "2014-07-10 09:31"
    assert display.show(True) == "是"
    assert display.show(None) == "—"


def test_local_time():
    assert display.local_time(dt.datetime(2014, 7, 10, 1, 31, 59, tzinfo=dt.UTC)) == "2014-07-10 09:31"
    assert display.local_time(dt.datetime(2014, 7, 9, 16, 5, tzinfo=dt.UTC)) == "2014-07-10 00:05"


def _platform_models():
    return [m for m in apps.get_models() if m.__module__.startswith("qualitybrand.") and m is not ChangeLog]


def test_object_types_are_chinese_and_listed_once():
    choices = display.model_choices(_platform_models())
    names = [name for _, name in choices]
    assert len(names) == len(set(names))
    assert "指标佐证材料" in names and "考核佐证材料" in names and "佐证材料" not in names
    assert "目标分解" in names
    for name in names:
        assert re.search(r"[\u4e00-\u9fff]", name), name  # Chinese, not Django's English default


def test_two_types_sharing_a_name_become_one_filter_value(monkeypatch):
    monkeypatch.setitem(display.MODEL_NAMES, "planning.evidence", "佐证材料")
    monkeypatch.setitem(display.MODEL_NAMES, "indicators.indicatorevidence", "佐证材料")
    choices = dict((name, value) for value, name in display.model_choices(_platform_models()))
    assert choices["佐证材料"] == "indicators.indicatorevidence,planning.evidence"
    assert display.model_filter(choices["佐证材料"]) == ["indicators.indicatorevidence", "planning.evidence"]


def test_every_model_has_a_chinese_str():
    missing = [m.__name__ for m in _platform_models() + [ChangeLog] if m.__str__ is models.Model.__str__]
    assert not missing


def test_str_examples():
    from qualitybrand.core.models import Region
    from qualitybrand.cultivation.models import Application, Assignment, Expert
    from qualitybrand.planning.models import TargetAllocation, TargetItem, TargetSet
    from qualitybrand.registry.models import Entity

    target_set = TargetSet(name="2013年目标", year=2013)
    allocation = TargetAllocation(item=TargetItem(target_set=target_set, indicator="有效注册商标"),
                                  region=Region(name="秦州区"))
    assert str(allocation) == "2013年 秦州区 目标分解：有效注册商标"
    assignment = Assignment(expert=Expert(name="张三"), application=Application(id=12, entity=Entity(name="甲公司")))
    assert str(assignment) == "专家评审任务：张三 / 申报#12 甲公司"


class _Entry:
    def __init__(self, model, object_id, object_repr):
        self.model, self.object_id, self.object_repr = model, object_id, object_repr


def test_a_default_object_name_reads_as_the_current_name_or_type_and_id():
    old = _Entry("cultivation.assignment", "11", "Assignment object (11)")
    assert display.needs_current_name(old)
    assert display.object_name(old, {("cultivation.assignment", "11"): "专家评审任务：张三"}) == "专家评审任务：张三"
    assert display.object_name(old, {}) == "评审分配#11"
    assert display.object_name(_Entry("registry.entity", "3", "秦州甲公司")) == "秦州甲公司"


@pytest.mark.django_db
def test_a_joined_filter_value_filters_both_types(regions):
    from qualitybrand.core.changelog import build_row, record_many
    from qualitybrand.core.selectors import change_log_for_user
    from tests.factories import UserFactory

    rows = [build_row(user=None, action="create", model=label, object_id=1, object_repr="x.pdf", region_path="",
                      before=None, after={"name": "x.pdf"}) for label in
            ("planning.evidence", "indicators.indicatorevidence", "registry.entity")]
    record_many(rows)
    admin = UserFactory(role="city_admin", region=regions["620500"])
    both = change_log_for_user(admin, {"model": "indicators.indicatorevidence,planning.evidence"})
    assert sorted(both.values_list("model", flat=True)) == ["indicators.indicatorevidence", "planning.evidence"]


def test_export_cell_text_of_a_nested_table():
    from qualitybrand.core.changelog_display import show
    from qualitybrand.core.views import _plain

    text = _plain(show({"质量": "90", "品牌": "<b>80</b>"}))
    assert text == "质量 90；品牌 <b>80</b>"
    assert _plain("2014-07-10") == "2014-07-10"


def test_stored_rule_documents_read_as_words():
    from qualitybrand.core.changelog_display import show

    html = str(show([{"type": "entity_age", "label": "企业成立满 3 年", "passed": True, "reason": "已满 3 年。"}]))
    assert "entity_age" not in html and "passed" not in html and "reason" not in html
    assert "企业成立满 N 年" in html and "是否通过" in html and "<td>是</td>" in html
