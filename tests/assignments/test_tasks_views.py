"""The 交办任务 pages: list with filters and export, the form, the task page, reports and review."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitybrand.assignments.models import Assignee, Task
from qualitybrand.core import clock
from tests.assignments.factories_tasks import department, department_user, later, make_task, pdf, towns
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(city_user, regions):
    return make_task(city_user, assignees=[("department", department("住建")), ("region", regions["620502"])],
                     files=[pdf("通知.pdf")])


def _client(client, user):
    client.force_login(user)
    return client


def test_city_creates_a_task_through_the_form(client, city_user, regions):
    towns()
    c = _client(client, city_user)
    assert "社棠镇" in c.get("/assignments/new/").content.decode()
    r = c.post("/assignments/new/", {"title": "上报检查情况", "content": "内容", "standard": "形成报告",
                                     "deadline": later().isoformat(), "files": [pdf()],
                                     "assignees": ["department:housing", "region:620502", "town:620503100"]})
    task = Task.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/assignments/{task.pk}/"
    assert task.assignees.count() == 3 and task.attachments.count() == 1


def test_form_errors_are_shown_and_nothing_saved(client, city_user):
    c = _client(client, city_user)
    r = c.post("/assignments/new/", {"title": "x", "content": "y", "standard": "",
                                     "deadline": (clock.today() - dt.timedelta(days=3)).isoformat(),
                                     "assignees": ["region:620500"]})
    text = r.content.decode()
    assert r.status_code == 400 and "不能只交办给本单位自己" in text
    assert not Task.objects.exists()


def test_form_refuses_an_unknown_assignee_code(client, city_user):
    r = _client(client, city_user).post("/assignments/new/", {"title": "x", "content": "y", "standard": "z",
                                                              "deadline": later().isoformat(),
                                                              "assignees": ["region:999999"]})
    assert r.status_code == 400 and "承办区划不存在" in r.content.decode()


def test_department_user_may_not_open_the_form(client):
    assert _client(client, department_user("住建")).get("/assignments/new/").status_code == 403


def test_list_filters_and_export(client, city_user, task, regions):
    c = _client(client, city_user)
    text = c.get("/assignments/").content.decode()
    assert task.title in text and "住建、秦州区" in text
    assert task.title not in c.get("/assignments/?overdue=1").content.decode()
    assert task.title not in c.get("/assignments/?state=已办结").content.decode()
    assert task.title in c.get("/assignments/?assignee=住建").content.decode()
    r = c.get("/assignments/?export=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(r.streaming_content)[:2] == b"PK"


def test_overdue_flag_on_the_list(client, city_user, task, settings):
    settings.QB_TODAY = task.deadline + dt.timedelta(days=2)
    text = _client(client, city_user).get("/assignments/?overdue=1").content.decode()
    assert task.title in text and "逾期" in text


def test_department_reports_and_city_accepts_on_the_page(client, task, city_user):
    zhujian = department_user("住建")
    c = _client(client, zhujian)
    page = c.get(f"/assignments/{task.pk}/").content.decode()
    assert "秦州区" not in page.split("承办单位</h2>")[1]  # it sees its own assignee only
    dept = task.assignees.get(kind="部门")
    c.post(f"/assignments/{task.pk}/assignees/{dept.pk}/report/",
           {"text": "已完成", "completion": "1", "files": [pdf("检查报告.pdf")]})
    dept.refresh_from_db()
    assert dept.state == "待验收"
    c = _client(client, city_user)
    assert "验收通过" in c.get(f"/assignments/{task.pk}/").content.decode()
    c.post(f"/assignments/{task.pk}/assignees/{dept.pk}/review/", {"action": "退回", "comment": ""})
    dept.refresh_from_db()
    assert dept.state == "待验收"  # a return needs a comment
    c.post(f"/assignments/{task.pk}/assignees/{dept.pk}/review/", {"action": "验收通过"})
    dept.refresh_from_db()
    assert dept.state == "已验收"


def test_files_download_within_scope_only(client, task, regions):
    dept = task.assignees.get(kind="部门")
    zhujian = department_user("住建")
    from qualitybrand.assignments import services

    report = services.submit_report(zhujian, dept, text="进展", files=[pdf("台账.pdf")])
    evidence = report.files.get()
    county = _client(client, UserFactory(role="county", region=regions["620502"]))
    notice = task.attachments.get(report=None)
    assert county.get(f"/assignments/{task.pk}/files/{notice.pk}/").status_code == 200
    assert county.get(f"/assignments/{task.pk}/files/{evidence.pk}/").status_code == 404  # 住建's evidence
    zj = _client(client, zhujian)
    r = zj.get(f"/assignments/{task.pk}/files/{evidence.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")


def test_another_countys_task_is_404(client, task, regions):
    maiji = _client(client, UserFactory(role="county", region=regions["620503"]))
    assert maiji.get(f"/assignments/{task.pk}/").status_code == 404
    dept = task.assignees.get(kind="部门")
    assert maiji.post(f"/assignments/{task.pk}/assignees/{dept.pk}/report/", {"text": "x"}).status_code == 404


def test_my_tasks(client, task):
    text = _client(client, department_user("住建")).get("/assignments/mine/").content.decode()
    assert task.title in text
    assert Assignee.objects.count() == 2


def test_enterprise_may_not_see_tasks(client, regions):
    user = UserFactory(role="expert", region=regions["620500"])
    assert _client(client, user).get("/assignments/").status_code == 403
