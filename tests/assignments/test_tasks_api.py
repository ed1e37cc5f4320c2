"""The API of 交办任务 and the 待办 items."""

from __future__ import annotations

import pytest

from qualitybrand.assignments import inbox, services
from tests.assignments.factories_tasks import department, department_user, make_task, pdf
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(city_user, regions):
    return make_task(city_user, assignees=[("department", department("住建")), ("region", regions["620502"])])


def test_api_list_and_detail_scoped(client, task, regions):
    zhujian = department_user("住建")
    client.force_login(zhujian)
    rows = client.get("/api/v1/assignments/").json()
    rows = rows.get("results", rows)
    assert [r["id"] for r in rows] == [task.pk] and rows[0]["overdue"] is False
    detail = client.get(f"/api/v1/assignments/{task.pk}/").json()
    assert [a["label"] for a in detail["assignees"]] == ["住建"]
    client.force_login(UserFactory(role="county", region=regions["620503"]))
    assert client.get(f"/api/v1/assignments/{task.pk}/").status_code == 404
    assert client.get("/api/v1/assignments/?state=whatever").status_code == 400


def test_inbox_items(task, city_user):
    zhujian = department_user("住建")
    assert [i.label for i in inbox.inbox_items(zhujian)] == ["待办理的交办任务"]
    services.submit_report(zhujian, task.assignees.get(kind="部门"), text="完成", completion=True, files=[pdf()])
    assert inbox.inbox_items(zhujian) == []
    items = inbox.inbox_items(city_user)
    assert [(i.label, i.count) for i in items] == [("待验收的交办任务", 1)]
