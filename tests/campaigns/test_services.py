"""Campaign writes: validation (the issue's bad input), scoping of writes, workflow, change log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.campaigns import services
from qualitybrand.campaigns.models import Campaign, CampaignReport, CampaignTask, TaskProgress
from qualitybrand.core.models import ChangeLog
from tests.campaigns import factories as f
from tests.supervision.factories import pdf

pytestmark = pytest.mark.django_db


def data(**over):
    base = {"title": "2014年电线电缆专项整治", "kind": "专项整治", "lead_department": "market",
            "departments": ["industry"], "counties": ["620502", "620503"], "start": "2014-03-01",
            "end": "2014-06-30", "categories": "电线电缆，插头插座", "goals": "全覆盖检查"}
    return base | over


def test_create_records_counties_departments_and_change_log(city_user):
    c = services.create_campaign(city_user, data())
    assert c.region.code == "620500" and c.number == "ZX2014-001" and c.status == "筹备"
    assert sorted(c.counties.values_list("code", flat=True)) == ["620502", "620503"]
    assert c.categories == "电线电缆、插头插座" and c.category_list == ["电线电缆", "插头插座"]
    entry = ChangeLog.objects.get(model="campaigns.campaign", object_id=str(c.pk))
    assert entry.after["counties"] == sorted(c.counties.values_list("pk", flat=True))
    assert entry.after["departments"] == [c.departments.get().pk]
    assert c.steps.get().to_state == "筹备"


def test_end_before_start_refused_and_nothing_written(city_user):
    with pytest.raises(ValidationError) as exc:
        services.create_campaign(city_user, data(start="2014-06-30", end="2014-03-01"))
    assert "结束日期 2014-03-01 早于开始日期 2014-06-30" in exc.value.message_dict["end"][0]
    assert not Campaign.objects.exists() and not ChangeLog.objects.filter(model="campaigns.campaign").exists()


def test_county_outside_the_city_refused(city_user, regions):
    from qualitybrand.core.services import save_region

    save_region(None, code="620100", name="兰州市", kind="市", parent=regions["620000"])
    outside = save_region(None, code="620102", name="城关区", kind="区", parent=regions["620000"].children.get(code="620100"))
    with pytest.raises(ValidationError) as exc:
        services.create_campaign(city_user, data(counties=["620502", outside.code]))
    assert "“城关区（620102）”不在天水市辖区内" in exc.value.message_dict["counties"][0]
    assert not Campaign.objects.exists()


def test_unknown_county_and_missing_fields(city_user):
    with pytest.raises(ValidationError) as exc:
        services.create_campaign(city_user, data(counties=["999999"], title="", kind="打假", start="2014-13-01"))
    errors = exc.value.message_dict
    assert "区划代码“999999”不存在" in errors["counties"][0]
    assert errors["title"] == ["请填写专项整治名称。"] and "类型应为" in errors["kind"][0]
    assert "日期“2014-13-01”无效" in errors["start"][0]


def test_county_owns_its_own_campaign_only(county_user):
    c = services.create_campaign(county_user, data(counties=["620502"]))
    assert c.region.code == "620502"
    with pytest.raises(ValidationError) as exc:
        services.create_campaign(county_user, data(counties=["620503"]))
    assert "不在秦州区辖区内" in exc.value.message_dict["counties"][0]


def test_department_user_cannot_create(regions):
    from tests.factories import UserFactory

    dept = UserFactory(role="department", region=regions["620500"])
    with pytest.raises(PermissionDenied):
        services.create_campaign(dept, data())


def test_workflow_and_owner_only(city_user, county_user):
    c = f.campaign(status="筹备")
    with pytest.raises(PermissionDenied):
        services.transition(county_user, c, "启动实施")
    services.transition(city_user, c, "启动实施")
    c.refresh_from_db()
    assert c.status == "实施中"
    with pytest.raises(ValidationError, match="不能执行“结束”"):
        services.transition(city_user, c, "结束")
    services.transition(city_user, c, "进入总结")
    with pytest.raises(ValidationError, match="须填写理由"):
        services.transition(city_user, c, "退回实施")
    services.transition(city_user, c, "结束")
    assert list(c.steps.values_list("to_state", flat=True)) == ["筹备", "实施中", "总结", "已结束"]


def test_report_for_a_county_not_in_the_campaign(city_user):
    c = f.campaign(counties=["620502"])
    with pytest.raises(ValidationError, match="麦积区不是.*的参与县区"):
        services.save_report(city_user, c, "620503", {"officers": "10"})
    assert not CampaignReport.objects.exists()


def test_report_by_a_county_for_its_neighbour_refused(other_county_user):
    c = f.campaign()
    with pytest.raises(PermissionDenied, match="只有秦州区"):
        services.save_report(other_county_user, c, "620502", {"officers": "10"})
    assert not CampaignReport.objects.exists()


def test_report_created_then_updated_change_logged(county_user):
    c = f.campaign()
    r = services.save_report(county_user, c, "620502", {"officers": "120", "entities_checked": "340",
                                                        "dens_destroyed": "2", "note": "联合执法"})
    services.save_report(county_user, c, "620502", {"officers": "150", "entities_checked": "340",
                                                    "dens_destroyed": "2"})
    r.refresh_from_db()
    assert (r.officers, r.entities_checked, r.dens_destroyed) == (150, 340, 2)
    actions = list(ChangeLog.objects.filter(model="campaigns.campaignreport").values_list("action", flat=True))
    assert sorted(actions) == ["create", "update"]


def test_report_bad_numbers_refused(county_user):
    c = f.campaign()
    with pytest.raises(ValidationError) as exc:
        services.save_report(county_user, c, "620502", {"officers": "-3", "dens_destroyed": "两个"})
    assert "出动执法人员人次应为不小于 0 的整数" in exc.value.message_dict["officers"][0]
    assert not CampaignReport.objects.exists()


def test_task_due_outside_period_and_county_not_in_campaign(city_user):
    c = f.campaign(counties=["620502"])
    with pytest.raises(ValidationError, match="不在专项整治期间"):
        services.add_task(city_user, c, {"county": "620502", "due": "2014-08-01", "content": "排查"})
    with pytest.raises(ValidationError, match="不是.*的参与县区"):
        services.add_task(city_user, c, {"county": "620503", "due": "2014-05-01", "content": "排查"})
    assert not CampaignTask.objects.exists()


def test_task_report_by_another_county_refused(other_county_user, media):
    c = f.campaign()
    t = f.task(c, "620502")
    with pytest.raises(PermissionDenied, match="只有秦州区可以报送进展"):
        services.report_progress(other_county_user, t, "已完成排查", pdf())
    assert not TaskProgress.objects.exists()


def test_task_progress_with_evidence_and_completion(county_user, media):
    c = f.campaign()
    t = f.task(c, "620502")
    item = services.report_progress(county_user, t, "已排查 120 户", pdf("排查台账.pdf"))
    t.refresh_from_db()
    assert t.status == "进行中" and item.original_name == "排查台账.pdf" and item.file.name
    services.report_progress(county_user, t, "全部完成", done=True)
    t.refresh_from_db()
    assert t.status == "已完成" and t.completed is not None
    with pytest.raises(ValidationError, match="已完成"):
        services.report_progress(county_user, t, "再报")


def test_evidence_checked_by_content(county_user, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = f.campaign()
    t = f.task(c, "620502")
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.report_progress(county_user, t, "进展", fake)
    assert not TaskProgress.objects.exists()
    t.refresh_from_db()
    assert t.status == "待办"


def test_cannot_remove_a_county_with_work(city_user):
    c = f.campaign()
    f.task(c, "620503")
    with pytest.raises(ValidationError, match="麦积区已有任务或报送数据"):
        services.update_campaign(city_user, c, data(counties=["620502"]))
    assert c.counties.count() == 2


def test_preparing_campaign_takes_no_reports(county_user):
    c = f.campaign(status="筹备")
    with pytest.raises(ValidationError, match="筹备"):
        services.save_report(county_user, c, "620502", {"officers": "1"})


def test_period_between_refuses_reversed_and_labels_across_years():
    from qualitybrand.indicators.periods import Period

    with pytest.raises(ValueError):
        Period.between(dt.date(2014, 2, 1), dt.date(2014, 1, 1))
    assert Period.between(dt.date(2013, 11, 1), dt.date(2014, 2, 28)).label() == "2013 年 11 月 1 日至 2014 年 2 月 28 日"
    assert Period.between(dt.date(2014, 1, 1), dt.date(2014, 12, 31)) == Period.year(2014)
