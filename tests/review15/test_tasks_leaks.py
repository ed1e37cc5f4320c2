"""Review of issue 15: 交办任务 — what one assignee learns about the others; list figures."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from tests.assignments.factories_tasks import department, department_user, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_task(city_user, regions):
    return make_task(city_user, assignees=[("region", regions["620502"]), ("region", regions["620503"]),
                                           ("department", department("环保"))])


def _assignee_cells(html: str) -> list[str]:
    return re.findall(r"<td>天水市</td><td>([^<]*)</td>", html)


def test_task_list_shows_a_county_only_its_own_assignee(client, county_user, shared_task):
    """selectors: "Within a task, someone who is not the office sees only its own assignees" —
    the detail page keeps to that; the list (and its export) must not name the neighbour."""
    client.force_login(county_user)
    detail = client.get(f"/assignments/{shared_task.pk}/").content.decode()
    assert "麦积区" not in re.sub(r"<select.*?</select>", "", detail, flags=re.S)
    assert _assignee_cells(client.get("/assignments/").content.decode()) == ["秦州区"]


def test_task_list_export_shows_a_department_only_itself(client, shared_task):
    client.force_login(department_user("环保"))
    xlsx = client.get("/assignments/?export=xlsx")
    cells = [str(c) for row in openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values for c in row if c]
    assert not any("秦州区" in c or "麦积区" in c for c in cells)


def test_assignee_filter_keeps_the_acceptance_count_of_the_whole_task(client, city_user, shared_task):
    """验收进度 n_accepted/n_assignees: filtering the list by one assignee must not change the total."""
    client.force_login(city_user)
    whole = client.get("/assignments/").content.decode()
    filtered = client.get("/assignments/?assignee=620502").content.decode()
    assert '<td class="nowrap">0/3</td>' in whole, re.findall(r'nowrap">([0-9]+/[0-9]+)<', whole)
    assert '<td class="nowrap">0/3</td>' in filtered
