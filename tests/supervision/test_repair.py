"""Credit repair (信用修复) as a workflow: hand-built cases of credit.md § Blacklist lifecycle."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.models import ChangeLog, WorkCalendarYear
from qualitybrand.supervision import selectors, services
from qualitybrand.supervision.models import RepairApplication, RepairMaterial, RepairState, RepairStep
from tests.api.conftest import make_user
from tests.supervision.factories import entry, pdf, required_uploads

D = dt.date


@pytest.fixture
def listed(page_users, regions):
    return entry(regions["620502"], listed=D(2023, 3, 15), entity=page_users["own_entity"])


def _nothing_written():
    return (RepairApplication.objects.count(), RepairMaterial.objects.count(), RepairStep.objects.count())


@pytest.mark.django_db
class TestApply:
    def test_enterprise_applies_due_in_15_working_days(self, listed, page_users):
        app = services.apply_for_repair(page_users["enterprise"], listed, required_uploads(), statement="已整改",
                                        today=D(2024, 9, 27))
        assert app.state == RepairState.PENDING
        # 9-29 (make-up Sun), 9-30, 10-8 … 10-12 (make-up Sat), 10-14 … 10-18, 10-21, 10-22, 10-23
        assert app.due == D(2024, 10, 23)
        assert app.region == listed.region and app.entity == listed.entity
        assert sorted(app.materials.values_list("kind", flat=True)) == ["信用承诺书", "履行处罚证明", "整改完成证明"]
        step = app.steps.get()
        assert (step.action, step.from_state, step.to_state, step.comment) == ("提交", "", "待审核", "已整改")
        assert ChangeLog.objects.filter(model="supervision.repairapplication", object_id=str(app.pk)).exists()
        assert selectors.entry_status(selectors.with_pending_repair(type(listed).objects.filter(pk=listed.pk))[0],
                                      D(2024, 9, 27)) == ("修复申请中", "orange")

    def test_decision_days_are_data(self, listed, page_users):
        services.set_decision_days(page_users["city"], 7)
        app = services.apply_for_repair(page_users["county"], listed, required_uploads(), today=D(2024, 9, 27))
        assert app.due == D(2024, 10, 12)

    def test_before_one_year_refused(self, listed, page_users):
        with pytest.raises(ValidationError) as info:
            services.apply_for_repair(page_users["enterprise"], listed, required_uploads(), today=D(2024, 3, 14))
        assert "满 1 年" in info.value.messages[0] and "2024年3月15日" in info.value.messages[0]
        assert _nothing_written() == (0, 0, 0)
        app = services.apply_for_repair(page_users["enterprise"], listed, required_uploads(), today=D(2024, 3, 15))
        assert app.submitted == D(2024, 3, 15)

    def test_feb_29_listing_one_year_is_feb_28(self, page_users, regions):
        e = entry(regions["620502"], listed=D(2024, 2, 29), entity=page_users["own_entity"])
        with pytest.raises(ValidationError):
            services.apply_for_repair(page_users["city"], e, required_uploads(), today=D(2025, 2, 27))
        assert services.apply_for_repair(page_users["city"], e, required_uploads(), today=D(2025, 2, 28)).pk

    def test_entry_not_listed_refused(self, page_users, regions):
        gone = entry(regions["620502"], listed=D(2020, 1, 6), removed=D(2023, 1, 6), removal_method="期满移出",
                     entity=page_users["own_entity"])
        with pytest.raises(ValidationError) as info:
            services.apply_for_repair(page_users["enterprise"], gone, required_uploads(), today=D(2024, 5, 6))
        assert "不在名单中" in info.value.messages[0]
        assert _nothing_written() == (0, 0, 0)

    def test_missing_material_refused(self, listed, page_users):
        with pytest.raises(ValidationError) as info:
            services.apply_for_repair(page_users["enterprise"], listed, required_uploads()[:2], today=D(2024, 5, 6))
        assert "信用承诺书" in info.value.messages[0]
        assert _nothing_written() == (0, 0, 0)

    def test_program_disguised_as_pdf_refused(self, listed, page_users):
        from django.core.files.uploadedfile import SimpleUploadedFile

        uploads = required_uploads()
        uploads[2] = ("信用承诺书", SimpleUploadedFile("承诺书.pdf", b"MZ\x90\x00" + b"\x00" * 100))
        with pytest.raises(ValidationError) as info:
            services.apply_for_repair(page_users["enterprise"], listed, uploads, today=D(2024, 5, 6))
        assert "可执行程序" in info.value.messages[0]
        assert _nothing_written() == (0, 0, 0)

    def test_other_enterprise_and_other_county_refused(self, listed, page_users, regions):
        from tests.factories import EntityFactory

        stranger = make_user("enterprise", regions["620502"], entity=EntityFactory(region=regions["620502"]))
        for user in (stranger, page_users["other_county"]):
            with pytest.raises(PermissionDenied):
                services.apply_for_repair(user, listed, required_uploads(), today=D(2024, 5, 6))
        with pytest.raises(PermissionDenied):
            services.apply_for_repair(page_users["leader"], listed, required_uploads(), today=D(2024, 5, 6))
        assert _nothing_written() == (0, 0, 0)

    def test_second_pending_application_refused(self, listed, page_users):
        services.apply_for_repair(page_users["enterprise"], listed, required_uploads(), today=D(2024, 5, 6))
        with pytest.raises(ValidationError) as info:
            services.apply_for_repair(page_users["county"], listed, required_uploads(), today=D(2024, 5, 7))
        assert "正在审核" in info.value.messages[0]
        assert RepairApplication.objects.count() == 1

    def test_missing_calendar_year_taken_with_open_deadline(self, page_users, regions, capsys):
        from django.core.management import call_command

        e = entry(regions["620502"], listed=D(2025, 6, 1), entity=page_users["own_entity"])
        app = services.apply_for_repair(page_users["enterprise"], e, required_uploads(), today=D(2026, 12, 28))
        assert app.due is None and not selectors.is_overdue(app, D(2027, 3, 1))
        assert "2027 年的工作日历" in selectors.due_problem(app)
        WorkCalendarYear.objects.create(year=2027, source="测试")
        call_command("credit_maintenance", "--as-of", "2026-12-29")
        assert "补算办理期限" in capsys.readouterr().out
        app.refresh_from_db()
        # 12-29, 12-30, 12-31 (2026, library), then 2027 weekdays from Jan 1 (no holidays entered): 12 more
        assert app.due == D(2027, 1, 18)
        assert selectors.due_problem(app) == ""


@pytest.mark.django_db
class TestDecide:
    @pytest.fixture
    def app(self, listed, page_users):
        return services.apply_for_repair(page_users["enterprise"], listed, required_uploads(), today=D(2024, 9, 27))

    def test_city_approves_entry_leaves_the_list(self, app, listed, page_users):
        assert services.available_decisions(page_users["city"], app) == ["批准", "不予修复"]
        services.decide_repair(page_users["city"], app, "批准", "材料齐全", today=D(2024, 10, 10))
        app.refresh_from_db()
        listed.refresh_from_db()
        assert (app.state, app.decided, app.decision, app.decided_by) == ("已修复", D(2024, 10, 10), "批准",
                                                                         page_users["city"])
        assert (listed.removed, listed.removal_method) == (D(2024, 10, 10), "信用修复")
        assert listed not in selectors.publicly_listed(D(2024, 10, 10))
        assert listed in selectors.publicly_listed(D(2024, 10, 9))
        assert not selectors.is_overdue(app)
        log = ChangeLog.objects.filter(model="supervision.blacklistentry", object_id=str(listed.pk)).latest("id")
        assert log.after == {"removed": "2024-10-10", "removal_method": "信用修复"} and "批准" in log.reason
        assert [s.action for s in app.steps.all()] == ["提交", "批准"]

    def test_refusal_requires_reasons(self, app, listed, page_users):
        with pytest.raises(ValidationError) as info:
            services.decide_repair(page_users["city"], app, "不予修复", "  ", today=D(2024, 10, 10))
        assert "须填写理由" in info.value.messages[0]
        app.refresh_from_db()
        assert app.state == "待审核" and app.steps.count() == 1
        services.decide_repair(page_users["city"], app, "不予修复", "整改证明不全", today=D(2024, 10, 25))
        app.refresh_from_db()
        listed.refresh_from_db()
        assert (app.state, app.reasons) == ("未通过", "整改证明不全")
        assert listed.removed is None
        assert selectors.is_overdue(app)  # decided 10-25, due 10-23

    def test_no_self_approval(self, listed, page_users):
        city = page_users["city"]
        app = services.apply_for_repair(city, listed, required_uploads(), today=D(2024, 9, 27))
        assert services.available_decisions(city, app) == []
        with pytest.raises(PermissionDenied) as info:
            services.decide_repair(city, app, "批准", today=D(2024, 10, 8))
        assert "自我审批" in str(info.value)
        listed.refresh_from_db()
        app.refresh_from_db()
        assert listed.removed is None and app.state == "待审核"
        other_city = make_user("city_admin", city.region)
        services.decide_repair(other_city, app, "批准", today=D(2024, 10, 8))

    def test_county_and_enterprise_cannot_decide(self, app, page_users):
        for user in (page_users["county"], page_users["enterprise"], page_users["leader"]):
            with pytest.raises(PermissionDenied):
                services.decide_repair(user, app, "批准", today=D(2024, 10, 8))
        app.refresh_from_db()
        assert app.state == "待审核"

    def test_no_decision_after_expiry_removed_it(self, app, listed, page_users):
        services.expire_entries(D(2026, 3, 16))
        with pytest.raises(ValidationError) as info:
            services.decide_repair(page_users["city"], app, "批准", today=D(2026, 3, 16))
        assert "已终止" in info.value.messages[0]  # maintenance closed it with the entry

    def test_maintenance_closes_pending_application_of_expired_entry(self, app, listed, page_users):
        services.expire_entries(D(2026, 3, 15))
        app.refresh_from_db()
        assert (app.state, app.decided, app.decision) == ("已终止", D(2026, 3, 15), "终止")
        assert [s.action for s in app.steps.all()] == ["提交", "终止"]
        assert ChangeLog.objects.filter(model="supervision.repairapplication", object_id=str(app.pk),
                                        reason__contains="终止").exists()
        assert not selectors.pending_decisions(page_users["city"]).exists()

    def test_close_only_when_entry_left_the_list_otherwise(self, app, listed, page_users):
        city = page_users["city"]
        assert "终止" not in services.available_decisions(city, app)
        with pytest.raises(ValidationError) as info:
            services.decide_repair(city, app, "终止", today=D(2024, 10, 8))
        assert "仍在名单中" in info.value.messages[0]
        listed.removed, listed.removal_method = D(2024, 10, 8), "撤销"
        listed.save()
        app.entry.refresh_from_db()
        assert services.available_decisions(city, app) == ["终止"]
        services.decide_repair(city, app, "终止", "名单已撤销", today=D(2024, 10, 9))
        app.refresh_from_db()
        assert app.state == "已终止"

    def test_decided_application_cannot_be_decided_again(self, app, page_users):
        services.decide_repair(page_users["city"], app, "批准", today=D(2024, 10, 8))
        with pytest.raises(ValidationError) as info:
            services.decide_repair(page_users["city"], app, "不予修复", "改主意", today=D(2024, 10, 9))
        assert "已修复" in info.value.messages[0]

    def test_overdue_and_inbox(self, app, page_users):
        from qualitybrand.core import inbox

        assert selectors.is_overdue(app, D(2024, 10, 23)) is False
        assert selectors.is_overdue(app, D(2024, 10, 24)) is True
        assert list(selectors.pending_decisions(page_users["city"])) == [app]
        assert not selectors.pending_decisions(page_users["county"]).exists()
        items = [i for i in inbox.items_for(page_users["city"]) if "信用修复" in i.label]
        assert items and items[0].count == 1


def test_unused_pdf_helper():
    assert pdf().name == "证明.pdf"
