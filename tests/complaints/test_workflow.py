"""Registering, routing, deadlines in working days and the workflow steps (supervision.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.complaints import services
from qualitybrand.complaints.dues import due_info
from qualitybrand.complaints.models import Complaint, Status
from qualitybrand.core.models import ChangeLog
from qualitybrand.supervision.models import Case
from tests.complaints.factories import complaint

pytestmark = pytest.mark.django_db


def test_number_generated_and_routed_to_the_respondents_county(today, qinzhou, maiji_shop, county_user):
    c = services.file_complaint({"category": "投诉", "respondent_uscc": maiji_shop.uscc, "summary": "变质"},
                                user=county_user, channel="来电")
    assert c.number == "TS20241015-0001" and c.region == maiji_shop.region and c.entity == maiji_shop
    r = services.file_complaint({"category": "举报", "respondent_name": "无证作坊", "region": "620502",
                                 "summary": "无证生产"}, user=county_user, channel="来电")
    assert r.number == "JB20241015-0001" and r.region == qinzhou
    assert c.steps.get().action == "登记" and c.created_by == county_user


def test_bad_registration_input_changes_nothing(today, regions, county_user):
    cases = [({"category": "投诉", "respondent_uscc": "91620502MA00000010", "summary": "x"}, "respondent_uscc"),
             ({"category": "投诉", "respondent_name": "甲", "summary": "x"}, "region"),
             ({"category": "投诉", "region": "620502", "summary": "x"}, "respondent_name"),
             ({"category": "建议", "respondent_name": "甲", "region": "620502", "summary": "x"}, "category"),
             ({"category": "投诉", "respondent_name": "甲", "region": "620502", "summary": ""}, "summary"),
             ({"category": "投诉", "respondent_name": "甲", "region": "620502", "summary": "x",
               "registered": "2024-13-01"}, "registered")]
    for data, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.file_complaint(data, user=county_user, channel="来电")
        assert field in exc.value.message_dict, data
    assert Complaint.objects.count() == 0 and ChangeLog.objects.filter(model="complaints.complaint").count() == 0


def test_unknown_calendar_year_is_named(settings, regions):
    settings.QB_TODAY = dt.date(2099, 5, 1)
    with pytest.raises(ValidationError) as exc:
        services.file_complaint({"category": "投诉", "respondent_name": "甲", "region": "620502", "summary": "x"})
    assert "2099 年的工作日历" in exc.value.message_dict["registered"][0]


def test_national_day_deadline_hand_worked(today, qinzhou):
    """2024-09-27 + 7 working days = 2024-10-12 (国庆 and the make-up Saturday)."""
    c = complaint(qinzhou, registered=dt.date(2024, 9, 27))
    info = due_info(c, dt.date(2024, 10, 8))
    assert info.due == dt.date(2024, 10, 12) and info.label == "受理期限"
    assert info.text == "剩余 4 个工作日"  # 10-09, 10-10, 10-11, 10-12 (Saturday, a working day)
    late = due_info(c, dt.date(2024, 10, 15))
    assert late.overdue and late.text == "已超期 2 个工作日"  # 10-14, 10-15


def test_complaint_path_accept_mediate_close(today, qinzhou, county_user):
    c = complaint(qinzhou, registered=dt.date(2024, 9, 27))
    services.act(county_user, c, "受理", on=dt.date(2024, 10, 8))
    services.act(county_user, c, "调解", on=dt.date(2024, 10, 9))
    c = services.act(county_user, c, "办结", result="调解成功", recovered=Decimal("0.5"))
    assert (c.status, c.accepted, c.closed, c.result, c.recovered) == (
        Status.CLOSED, dt.date(2024, 10, 8), today, "调解成功", Decimal("0.5"))
    assert [s.action for s in c.steps.all()] == ["登记", "受理", "调解", "办结"]
    assert due_info(c, today).text == "按期办结"


def test_step_out_of_order_and_mediation_of_a_report(today, qinzhou, county_user):
    c = complaint(qinzhou)
    with pytest.raises(ValidationError) as exc:
        services.act(county_user, c, "调解")
    assert "当前状态为“登记”，不能执行“调解”" in exc.value.messages[0]
    r = complaint(qinzhou, category="举报")
    services.act(county_user, r, "受理")
    with pytest.raises(ValidationError) as exc:
        services.act(county_user, r, "调解")
    assert "只适用于投诉" in exc.value.messages[0] or "不能执行“调解”" in exc.value.messages[0]
    r.refresh_from_db()
    assert r.status == Status.ACCEPTED and r.steps.count() == 2


def test_close_needs_a_result_of_its_category(today, qinzhou, county_user):
    r = complaint(qinzhou, category="举报")
    services.act(county_user, r, "受理")
    services.act(county_user, r, "核查")
    with pytest.raises(ValidationError) as exc:
        services.act(county_user, r, "办结", result="调解成功")
    assert "立案、不予立案、转办" in exc.value.messages[0]
    r.refresh_from_db()
    assert r.status == Status.VERIFYING and r.closed is None


def test_dates_of_steps_checked(today, qinzhou, county_user):
    c = complaint(qinzhou, registered=dt.date(2024, 10, 10))
    with pytest.raises(ValidationError) as exc:
        services.act(county_user, c, "受理", on=dt.date(2024, 10, 9))
    assert "早于登记日期" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.act(county_user, c, "受理", on=dt.date(2024, 10, 16))
    c.refresh_from_db()
    assert c.accepted is None


def test_refusal_needs_reasons_and_closes(today, qinzhou, county_user):
    c = complaint(qinzhou)
    with pytest.raises(ValidationError):
        services.act(county_user, c, "不予受理")
    c = services.act(county_user, c, "不予受理", comment="不属于本部门职责")
    assert (c.status, c.result, c.closed) == (Status.REFUSED, "不予受理", today)


def test_a_county_never_acts_on_another_countys_complaint(today, maiji, county_user):
    c = complaint(maiji)
    with pytest.raises(PermissionDenied):
        services.act(county_user, c, "受理")
    c.refresh_from_db()
    assert c.status == Status.REGISTERED and c.steps.count() == 1


def test_extension_once_and_not_by_the_handler(today, qinzhou, county_user, county_user2):
    r = complaint(qinzhou, category="举报", registered=dt.date(2024, 10, 8))
    services.act(county_user, r, "受理")
    services.act(county_user, r, "核查")
    with pytest.raises(PermissionDenied) as exc:
        services.act(county_user, r, "延期", comment="需检验")
    assert "不能审批自己" in str(exc.value)
    before = due_info(r, today).due
    r = services.act(county_user2, r, "延期", comment="需检验")
    assert r.extended and due_info(r, today).due > before
    assert "延期" not in services.available_actions(county_user2, r)
    with pytest.raises(ValidationError):
        services.act(county_user2, r, "延期", comment="再延")


def test_filing_a_case_creates_or_links_it(today, qinzhou, county_user, shop):
    r = complaint(qinzhou, category="举报", entity=shop)
    services.act(county_user, r, "受理")
    services.act(county_user, r, "核查")
    with pytest.raises(ValidationError) as exc:
        services.act(county_user, r, "办结", result="立案", case_number="AJ-2024-1")
    assert "请选择案件类型" in exc.value.messages[0] and not Case.objects.exists()
    r = services.act(county_user, r, "办结", result="立案", case_number="AJ-2024-1", case_type="假冒伪劣")
    case = Case.objects.get(number="AJ-2024-1")
    assert r.case == case and case.party == shop and case.region == qinzhou and case.source == "12315"
    other = complaint(qinzhou, category="举报")
    services.act(county_user, other, "受理")
    services.act(county_user, other, "核查")
    other = services.act(county_user, other, "办结", result="立案", case_number="AJ-2024-1")
    assert other.case == case and Case.objects.count() == 1


def test_transfer_by_the_city_moves_it(today, qinzhou, maiji, city_user, county_user):
    c = complaint(qinzhou)
    with pytest.raises(PermissionDenied):
        services.act(county_user, c, "转办", region=maiji)
    c = services.act(city_user, c, "转办", region=maiji)
    assert c.region == maiji and c.status == Status.REGISTERED
    assert "转至麦积区办理" in c.steps.last().comment


def test_lookup_status_by_phone_tail(today, qinzhou):
    c = complaint(qinzhou, complainant_phone="13800001234")
    assert services.lookup_status(c.number, "1234")["status"] == "登记"
    assert services.lookup_status(c.number, "9999") is None
    assert services.lookup_status("TS-nope", "1234") is None
    assert services.lookup_status(c.number, "34") is None


def test_portal_filing_is_anonymous(today, qinzhou):
    c = services.file_complaint({"category": "投诉", "respondent_name": "网店", "region": "620502",
                                 "summary": "虚假宣传", "complainant_phone": "139"})
    assert c.channel == "门户" and c.created_by is None and c.number.startswith("TS20241015-")
