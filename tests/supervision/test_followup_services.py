"""The follow-up workflow (supervision.md § Inspection follow-up): every step, its deadlines, and the
refusals of bad input (nothing changed)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.models import ChangeLog
from qualitybrand.supervision import selectors_followup as sel
from qualitybrand.supervision import services_followup as svc
from qualitybrand.supervision.models import Case, FollowUp, FollowUpSetting
from tests.factories import EntityFactory, UserFactory
from tests.supervision.factories import batch, pdf

pytestmark = pytest.mark.django_db
QINZHOU = "620502"
TODAY = dt.date(2014, 7, 10)


def _counts():
    return (FollowUp.objects.count(), ChangeLog.objects.count(), Case.objects.count())


def test_a_failed_batch_without_a_row_is_awaiting_notice(regions):
    i = batch(regions[QINZHOU])
    assert sel.status_of(i) == "待下达通知"
    row = sel.row_of(i, TODAY)
    assert row.due is None and not row.overdue  # no notice deadline by default


def test_the_whole_way_to_a_passed_recheck(regions, county_user):
    i = batch(regions[QINZHOU])
    f = svc.issue_notice(county_user, i, today=dt.date(2014, 6, 3))
    assert f.status == "整改中" and f.notice_date == dt.date(2014, 6, 3)
    assert f.rectify_due == dt.date(2014, 7, 3)  # 30 calendar days
    doc = f.documents.get()
    assert doc.kind == "责令整改通知书" and doc.file.read()[:2] == b"PK"
    f = svc.submit_report(county_user, i, pdf("整改报告.pdf"), today=dt.date(2014, 6, 27))
    assert f.status == "待复查" and f.recheck_due == dt.date(2014, 7, 18)  # 15 working days
    f = svc.record_recheck(county_user, i, "合格", on=dt.date(2014, 7, 8), today=TODAY)
    assert (f.status, f.closed, f.recheck_result) == ("复查合格", dt.date(2014, 7, 8), "合格")
    assert [s.action for s in f.steps.all()] == ["下达整改通知", "提交整改报告", "复查合格"]
    assert not sel.row_of(i, TODAY).overdue


def test_a_failed_recheck_then_a_new_case_or_a_closing(regions, county_user):
    a, b = batch(regions[QINZHOU]), batch(regions[QINZHOU])
    for i in (a, b):
        svc.issue_notice(county_user, i, today=dt.date(2014, 6, 3))
        svc.submit_report(county_user, i, pdf(), today=dt.date(2014, 6, 20))
        svc.record_recheck(county_user, i, "不合格", items="导体电阻", today=dt.date(2014, 7, 1))
    f = svc.open_case(county_user, a, number="秦市监案〔2014〕7号", today=TODAY)
    assert f.status == "已立案" and f.closed == TODAY and f.case.party_id == a.entity_id
    assert f.case.source == "抽查" and f.case.region_id == a.region_id
    with pytest.raises(ValidationError, match="须填写理由"):
        svc.close_followup(county_user, b, "", today=TODAY)
    f = svc.close_followup(county_user, b, "企业已停产注销", today=TODAY)
    assert f.status == "已结案" and f.close_comment == "企业已停产注销"


def test_linking_an_existing_case_of_the_same_entity_only(regions, county_user):
    i = batch(regions[QINZHOU])
    other = Case.objects.create(number="A1", case_type="质量违法", party=EntityFactory(region=regions[QINZHOU]),
                                opened=TODAY, region=regions[QINZHOU])
    own = Case.objects.create(number="A2", case_type="质量违法", party=i.entity, opened=TODAY, region=regions[QINZHOU])
    svc.issue_notice(county_user, i, today=dt.date(2014, 6, 3))
    svc.submit_report(county_user, i, pdf(), today=dt.date(2014, 6, 20))
    svc.record_recheck(county_user, i, "不合格", items="标志", today=dt.date(2014, 7, 1))
    with pytest.raises(ValidationError, match="只能关联同一主体的案件"):
        svc.open_case(county_user, i, case=other, today=TODAY)
    assert svc.open_case(county_user, i, case=own, today=TODAY).case == own


def test_a_step_out_of_order_is_refused_naming_the_state(regions, county_user):
    i = batch(regions[QINZHOU])
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        svc.close_followup(county_user, i, "结案", today=TODAY)
    assert "当前状态为“待下达通知”" in str(exc.value) and "下达整改通知" in str(exc.value)
    svc.issue_notice(county_user, i, today=TODAY)
    with pytest.raises(ValidationError, match="当前状态为“整改中”"):
        svc.issue_notice(county_user, i, today=TODAY)
    assert before[2] == _counts()[2]


def test_a_recheck_before_the_report_is_refused(regions, county_user):
    i = batch(regions[QINZHOU])
    svc.issue_notice(county_user, i, today=TODAY)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        svc.record_recheck(county_user, i, "合格", today=TODAY)
    assert "当前状态为“整改中”" in str(exc.value) and "提交整改报告" in str(exc.value)
    assert _counts() == before and FollowUp.objects.get().status == "整改中"


def test_a_report_by_another_enterprise_is_refused(regions, county_user):
    i = batch(regions[QINZHOU])
    svc.issue_notice(county_user, i, today=TODAY)
    stranger = UserFactory(role="enterprise", region=regions[QINZHOU], entity=EntityFactory(region=regions[QINZHOU]))
    before = _counts()
    with pytest.raises(PermissionDenied, match="只能为本企业"):
        svc.submit_report(stranger, i, pdf(), today=TODAY)
    assert _counts() == before
    owner = UserFactory(role="enterprise", region=regions[QINZHOU], entity=i.entity)
    assert svc.submit_report(owner, i, pdf(), today=TODAY).status == "待复查"


def test_a_report_file_is_checked_by_content(regions, county_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    i = batch(regions[QINZHOU])
    svc.issue_notice(county_user, i, today=TODAY)
    before = _counts()
    with pytest.raises(ValidationError, match="内容无法识别"):
        svc.submit_report(county_user, i, SimpleUploadedFile("报告.pdf", b"not a pdf at all"), today=TODAY)
    assert _counts() == before and FollowUp.objects.get().status == "整改中"


def test_a_notice_for_a_passed_batch_is_refused(regions, county_user):
    i = batch(regions[QINZHOU], conclusion="合格")
    with pytest.raises(ValidationError, match="只有不合格批次"):
        svc.issue_notice(county_user, i, today=TODAY)
    assert FollowUp.objects.count() == 0


def test_another_county_may_not_act(regions):
    i = batch(regions[QINZHOU])
    neighbour = UserFactory(role="county", region=regions["620503"])
    with pytest.raises(PermissionDenied, match="不在您的管辖范围"):
        svc.issue_notice(neighbour, i, today=TODAY)
    assert FollowUp.objects.count() == 0


def test_bulk_notices_are_all_or_nothing(regions, county_user):
    a, b = batch(regions[QINZHOU]), batch(regions[QINZHOU])
    passed = batch(regions[QINZHOU], conclusion="合格")
    with pytest.raises(ValidationError) as exc:
        svc.issue_notices(county_user, [a, b, passed], today=TODAY)
    assert passed.number in str(exc.value) and FollowUp.objects.count() == 0
    done = svc.issue_notices(county_user, [a, b], today=TODAY)
    assert len(done) == 2 and all(f.documents.count() == 1 for f in done)


def test_deadline_settings_refuse_zero_and_negative(regions, city_user, county_user):
    for bad in (0, -3, 400):
        with pytest.raises(ValidationError, match="1 到 365"):
            svc.set_deadline(city_user, "整改", bad, "自然日")
    assert FollowUpSetting.objects.get(step="整改").days == 30
    with pytest.raises(PermissionDenied):
        svc.set_deadline(county_user, "整改", 20, "自然日")
    svc.set_deadline(city_user, "整改", 20, "工作日")
    i = batch(regions[QINZHOU])
    f = svc.issue_notice(county_user, i, today=dt.date(2024, 9, 27))
    assert f.rectify_due == dt.date(2024, 10, 30)  # 20 working days: 9-29, 9-30, 10-8…10-12 (7), …, 10-30


def test_a_notice_deadline_makes_waiting_batches_overdue(regions, city_user):
    i = batch(regions[QINZHOU], sampled=dt.date(2024, 9, 27))
    assert not sel.row_of(i, dt.date(2024, 10, 14)).overdue
    svc.set_deadline(city_user, "下达整改通知", 7, "工作日")
    row = sel.row_of(i, dt.date(2024, 10, 14))
    assert row.due == dt.date(2024, 10, 12) and row.overdue  # the contract's example
    assert not sel.row_of(i, dt.date(2024, 10, 12)).overdue
    assert [o.number for o in sel.overdue_on(dt.date(2024, 10, 13))] == [i.number]
    assert sel.overdue_on(dt.date(2024, 10, 12)) == []
    assert sel.failed_batches(city_user).filter(sel.overdue_q(dt.date(2024, 10, 13))).count() == 1
    assert sel.failed_batches(city_user).filter(sel.overdue_q(dt.date(2024, 10, 12))).count() == 0


def test_overdue_on_a_past_day_uses_that_days_state(regions, county_user):
    i = batch(regions[QINZHOU], sampled=dt.date(2014, 5, 5))
    svc.issue_notice(county_user, i, today=dt.date(2014, 6, 3))          # 整改 due 2014-07-03
    svc.submit_report(county_user, i, pdf(), today=dt.date(2014, 7, 7))  # late; 复查 due 2014-07-28
    assert [o.status for o in sel.overdue_on(dt.date(2014, 7, 5))] == ["整改中"]
    assert sel.overdue_on(dt.date(2014, 7, 8)) == []
    assert [(o.status, o.due) for o in sel.overdue_on(dt.date(2014, 7, 29))] == [("待复查", dt.date(2014, 7, 28))]
    svc.record_recheck(county_user, i, "合格", on=dt.date(2014, 7, 29), today=dt.date(2014, 7, 30))
    assert sel.overdue_on(dt.date(2014, 7, 30)) == []
    assert sel.overdue_on(dt.date(2014, 7, 29)) == []  # closed on the day: not open on it
