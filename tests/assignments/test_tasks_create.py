"""create_task: what an office may assign, to whom, and the bad input refused with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitybrand.assignments.models import Assignee, Attachment, Task
from qualitybrand.core import clock
from qualitybrand.core.models import ChangeLog
from tests.assignments.factories_tasks import department, department_user, later, make_task, pdf, towns
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_city_assigns_to_department_county_and_town(city_user, regions):
    t = towns()
    task = make_task(city_user, assignees=[("department", department("住建")), ("region", regions["620502"]),
                                           ("town", t["620503100"])], files=[pdf()])
    rows = {(a.kind, a.label, a.region.code) for a in task.assignees.all()}
    assert rows == {("部门", "住建", "620500"), ("区县", "秦州区", "620502"), ("乡镇街道", "社棠镇", "620503100")}
    assert task.state == "办理中" and task.created_by == city_user
    assert task.attachments.get().original_name == "证明.pdf"
    logged = set(ChangeLog.objects.values_list("model", flat=True))
    assert {"assignments.task", "assignments.assignee", "assignments.attachment"} <= {m.lower() for m in logged}


def test_duplicate_assignees_are_kept_once(city_user, regions):
    task = make_task(city_user, assignees=[("region", regions["620502"]), ("region", regions["620502"])])
    assert task.assignees.count() == 1


def test_county_assigns_to_its_own_towns(county_user, regions):
    t = towns()
    task = make_task(county_user, region=regions["620502"], assignees=[("town", t["620502001"]),
                                                                       ("department", department("环保"))])
    assert {a.region.code for a in task.assignees.all()} == {"620502001", "620502"}


@pytest.mark.parametrize("who", ["office", "department"])
def test_assigning_to_oneself_alone_is_refused(who, city_user, regions):
    if who == "office":
        user, assignees = city_user, [("region", regions["620500"])]
    else:
        user, assignees = department_user("住建"), [("department", department("住建"))]
    with pytest.raises(ValidationError) as exc:
        make_task(user, assignees=assignees)
    assert "不能只交办给本单位自己" in str(exc.value)
    assert not Task.objects.exists()


def test_county_may_not_assign_to_another_countys_town(county_user, regions):
    t = towns()
    with pytest.raises(ValidationError) as exc:
        make_task(county_user, region=regions["620502"], assignees=[("town", t["620503100"])])
    assert "不是秦州区辖区内的乡镇街道" in str(exc.value)
    assert not Task.objects.exists() and not Assignee.objects.exists()


def test_county_may_not_assign_to_a_neighbour_county(county_user, regions):
    with pytest.raises(ValidationError) as exc:
        make_task(county_user, region=regions["620502"], assignees=[("region", regions["620503"])])
    assert "不是秦州区下辖的县区" in str(exc.value)


def test_county_may_not_assign_for_the_city(county_user, regions):
    with pytest.raises(PermissionDenied):
        make_task(county_user, region=regions["620500"])
    assert not Task.objects.exists()


def test_department_user_may_not_assign(regions):
    with pytest.raises(PermissionDenied):
        make_task(department_user("住建"), assignees=[("department", department("环保"))])


@pytest.mark.parametrize("field,value,message", [
    ("deadline", None, "请填写完成期限"),
    ("standard", "  ", "请填写完成标准"),
    ("title", "", "请填写任务名称"),
    ("deadline", "2014-02-30", "无效"),
])
def test_bad_fields_are_refused(field, value, message, city_user):
    with pytest.raises(ValidationError) as exc:
        make_task(city_user, **{field: value})
    assert message in str(exc.value)
    assert not Task.objects.exists()


def test_deadline_before_today_is_refused(city_user):
    with pytest.raises(ValidationError) as exc:
        make_task(city_user, deadline=clock.today() - dt.timedelta(days=1))
    assert "早于今天" in str(exc.value)


def test_a_program_named_pdf_is_refused_and_nothing_saved(city_user):
    fake = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as exc:
        make_task(city_user, files=[pdf(), fake])
    assert "可执行程序" in str(exc.value)
    assert not Task.objects.exists() and not Attachment.objects.exists()


def test_a_file_too_big_is_refused(city_user, settings):
    settings.QB_ASSIGNMENT_FILE_MB = 1
    big = pdf("大文件.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    with pytest.raises(ValidationError) as exc:
        make_task(city_user, files=[big])
    assert "超过 1 MB" in str(exc.value)
    assert not Task.objects.exists()


def test_round_of_another_office_or_unknown_item_is_refused(city_user, regions):
    with pytest.raises(ValidationError) as exc:
        make_task(city_user, item_code="A1")
    assert "考核轮次" in str(exc.value)


def test_leader_may_not_assign(regions):
    leader = UserFactory(role="leader", region=regions["620500"])
    with pytest.raises(PermissionDenied):
        make_task(leader)
    assert later() > clock.today()
