"""Reports, acceptance and return of assignees; the task's 已办结; evidence handed to a round."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.assignments import selectors, services
from qualitybrand.assignments.models import Assignee, Report, Task
from qualitybrand.core.models import ChangeLog
from qualitybrand.planning.models import Evidence
from tests.assignments.factories_tasks import department, department_user, make_task, pdf, towns
from tests.factories import UserFactory
from tests.planning.factories import round_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhujian(regions):
    return department_user("住建")


@pytest.fixture
def task(city_user, regions):
    return make_task(city_user, assignees=[("department", department("住建")), ("region", regions["620502"])])


def _of(task, kind):
    return task.assignees.get(kind=kind)


def test_department_reports_and_city_accepts(task, zhujian, county_user, city_user):
    dept = _of(task, "部门")
    services.submit_report(zhujian, dept, text="已检查 12 个项目", figures="12 个", files=[pdf()])
    services.submit_report(zhujian, dept, text="检查完成", completion=True)
    dept.refresh_from_db()
    assert dept.state == "待验收" and dept.submitted_at is not None
    services.review(city_user, dept, "验收通过")
    dept.refresh_from_db()
    assert dept.state == "已验收"
    task.refresh_from_db()
    assert task.state == "办理中"  # 秦州区 not yet accepted
    county = _of(task, "区县")
    services.submit_report(county_user, county, text="完成", completion=True, files=[pdf("报告.pdf")])
    services.review(city_user, county, "验收通过")
    task.refresh_from_db()
    assert task.state == "已办结"
    assert ChangeLog.objects.filter(model__iendswith="report").count() == 3


def test_return_needs_a_comment_and_lets_the_assignee_report_again(task, zhujian, city_user):
    dept = _of(task, "部门")
    services.submit_report(zhujian, dept, text="完成", completion=True, files=[pdf()])
    with pytest.raises(ValidationError):
        services.review(city_user, dept, "退回", "")
    services.review(city_user, dept, "退回", "缺少检查台账")
    dept.refresh_from_db()
    assert dept.state == "退回" and dept.review_comment == "缺少检查台账"
    services.submit_report(zhujian, dept, text="已补充台账", completion=True)
    dept.refresh_from_db()
    assert dept.state == "待验收"


def test_completion_needs_evidence(task, zhujian):
    with pytest.raises(ValidationError) as exc:
        services.submit_report(zhujian, _of(task, "部门"), text="完成", completion=True)
    assert "佐证材料" in str(exc.value)
    assert not Report.objects.exists()


def test_only_the_assignee_reports_and_only_the_office_reviews(task, zhujian, county_user, regions):
    dept = _of(task, "部门")
    huanbao = department_user("环保")
    with pytest.raises(PermissionDenied):
        services.submit_report(huanbao, dept, text="x")
    with pytest.raises(PermissionDenied):
        services.submit_report(county_user, dept, text="x")
    maiji = UserFactory(role="county", region=regions["620503"])
    with pytest.raises(PermissionDenied):
        services.submit_report(maiji, _of(task, "区县"), text="x")
    services.submit_report(zhujian, dept, text="完成", completion=True, files=[pdf()])
    with pytest.raises(PermissionDenied):
        services.review(zhujian, dept, "验收通过")
    with pytest.raises(PermissionDenied):
        services.review(county_user, dept, "验收通过")
    dept.refresh_from_db()
    assert dept.state == "待验收"


def test_accepting_twice_or_before_submission_is_refused(task, city_user):
    with pytest.raises(ValidationError) as exc:
        services.review(city_user, _of(task, "部门"), "验收通过")
    assert "不能执行" in str(exc.value)


def test_a_county_reports_for_its_town_of_a_city_task(city_user, county_user):
    town = towns()["620502001"]
    task = make_task(city_user, assignees=[("town", town)])
    services.submit_report(county_user, task.assignees.get(), text="街道已完成", completion=True, files=[pdf()])
    assert task.assignees.get().state == "待验收"


def test_accepted_evidence_becomes_the_rounds_evidence(city_user, county_user, regions):
    rnd = round_of("620502")
    task = make_task(city_user, assignees=[("region", regions["620502"]), ("region", regions["620503"])],
                     round=rnd, item_code="M1")
    qz = task.assignees.get(region=regions["620502"])
    services.submit_report(county_user, qz, text="完成", completion=True, files=[pdf("机制文件.pdf")])
    assert not Evidence.objects.exists()
    services.review(city_user, qz, "验收通过")
    ev = Evidence.objects.get()
    assert (ev.round, ev.item_code, ev.subject, ev.original_name) == (rnd, "M1", "620502", "机制文件.pdf")
    assert ev.file.read().startswith(b"%PDF")
    maiji = UserFactory(role="county", region=regions["620503"])
    mj = task.assignees.get(region=regions["620503"])
    services.submit_report(maiji, mj, text="完成", completion=True, files=[pdf()])
    services.review(city_user, mj, "验收通过")
    assert Evidence.objects.count() == 1  # 麦积区 is not assessed in the round


def test_cancelled_task_takes_no_reports(task, zhujian, city_user):
    with pytest.raises(ValidationError):
        services.cancel_task(city_user, task, "")
    services.cancel_task(city_user, task, "工作调整")
    with pytest.raises(ValidationError):
        services.submit_report(zhujian, _of(task, "部门"), text="x")
    assert Task.objects.get().state == "已撤销"


def test_visibility(task, zhujian, county_user, city_user, regions):
    maiji = UserFactory(role="county", region=regions["620503"])
    huanbao = department_user("环保")
    leader = UserFactory(role="leader", region=regions["620500"])
    assert list(selectors.tasks_for(city_user)) == [task]
    assert list(selectors.tasks_for(zhujian)) == [task]
    assert list(selectors.tasks_for(county_user)) == [task]
    assert list(selectors.tasks_for(leader)) == [task]
    assert not selectors.tasks_for(maiji).exists()
    assert not selectors.tasks_for(huanbao).exists()
    assert [a.kind for a in selectors.assignees_for(zhujian, task)] == ["部门"]
    assert [a.kind for a in selectors.assignees_for(county_user, task)] == ["区县"]
    assert selectors.assignees_for(city_user, task).count() == 2


def test_county_sees_its_own_offices_tasks_and_not_a_neighbours(county_user, regions):
    t = towns()
    own = make_task(county_user, region=regions["620502"], assignees=[("town", t["620502001"])])
    maiji = UserFactory(role="county", region=regions["620503"])
    other = make_task(maiji, region=regions["620503"], assignees=[("town", t["620503100"])])
    assert list(selectors.tasks_for(county_user)) == [own]
    assert list(selectors.tasks_for(maiji)) == [other]


def test_overdue_assignees_and_tasks_in_period(task, zhujian, city_user, regions, settings):
    import datetime as dt

    from qualitybrand.core import clock

    later = task.deadline + dt.timedelta(days=1)
    dept = _of(task, "部门")
    services.submit_report(zhujian, dept, text="完成", completion=True, files=[pdf()])
    services.review(city_user, dept, "验收通过")
    late = selectors.overdue_assignees(regions["620500"], later)
    assert [a.kind for a in late] == ["区县"]
    assert [a.kind for a in selectors.overdue_assignees(zhujian, later)] == []
    assert not selectors.overdue_assignees(regions["620500"], task.deadline).exists()
    assert not selectors.overdue_assignees(regions["620503"], later).exists()
    today = clock.today()
    assert list(selectors.tasks_in_period(regions["620500"], today, today)) == [task]
    assert not selectors.tasks_in_period(regions["620500"], later, later + dt.timedelta(days=5)).exists()
    assert not selectors.tasks_in_period(regions["620502"], today, today).exists()
    row = selectors.filtered(city_user, selectors.Filters(overdue=True), later).get()
    assert row.late and row.n_assignees == 2 and row.n_accepted == 1
    assert Assignee.objects.count() == 2
