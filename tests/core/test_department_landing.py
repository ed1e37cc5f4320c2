"""The department's 部门工作台 (/me/department/, core/landing.py): where a department user lands, who may
open it, and that it shows its own department's tasks, targets, rounds and reported indicators only —
never another department's, never a county department's — in a bounded number of queries."""

from __future__ import annotations

import re

import pytest

from qualitybrand.indicators.models import IndicatorValue
from tests.accounts.factories import PASSWORD, make_user
from tests.core.department_desk_setup import TODAY, build, reported_value

URL = "/me/department/"


@pytest.fixture(autouse=True)
def fixed_today(settings, tmp_path):
    settings.QB_TODAY = TODAY
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def desk(regions):
    return build()


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def section(body: str, title: str) -> str:
    """The HTML of the card whose heading starts with `title`."""
    found = re.search(r'<section class="card"[^>]*>\s*<h2[^>]*>' + re.escape(title) + r".*?</section>", body)
    assert found, f"section {title} on the page"
    return found.group(0)


@pytest.mark.django_db
def test_department_user_lands_on_its_desk(client, regions):
    from qualitybrand.core.models import Department

    user = make_user(role="department", region=regions["620500"], department=Department.objects.get(name="住建"))
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    body = response.content.decode()
    assert "部门工作台" in body and "预警信息" in body and 'href="/alerts/"' in body


@pytest.mark.django_db
def test_department_user_without_department_stays_on_the_workbench(client, regions):
    user = make_user(role="department", region=regions["620500"])
    client.force_login(user)
    assert client.get("/").status_code == 200
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["city_admin", "county", "enterprise", "expert", "leader"])
def test_other_roles_are_refused(client, regions, role):
    client.force_login(make_user(role=role, region=regions["620502"]))
    response = client.get(URL)
    assert response.status_code == 403
    assert client.post(URL, {}).status_code < 500


@pytest.mark.django_db
def test_anonymous_goes_to_login(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_tasks_overdue_first_with_days_then_returned(client, desk):
    tasks = section(page(client, desk["zhujian"]), "交办任务")
    assert tasks.index("住建逾期任务") < tasks.index("住建退回任务") < tasks.index("住建一般任务")
    assert "逾期 12 天" in tasks
    assert "被退回" in tasks and "佐证材料不全" in tasks
    assert "共 3 项未办结" in tasks
    assert "环保专属任务" not in tasks and "秦州区住建任务" not in tasks


@pytest.mark.django_db
def test_tasks_of_another_department_and_county_stay_apart(client, desk):
    huanbao = section(page(client, desk["huanbao"]), "交办任务")
    assert "环保专属任务" in huanbao and "住建" not in huanbao
    county = section(page(client, desk["qz_zhujian"]), "交办任务")
    assert "秦州区住建任务" in county and "住建逾期任务" not in county


@pytest.mark.django_db
def test_accepted_and_cancelled_tasks_leave_the_desk(client, desk):
    from qualitybrand.assignments.models import Assignee, Task

    Assignee.objects.filter(task=desk["tasks"]["zhujian_open"]).update(state=Assignee.State.ACCEPTED)
    Task.objects.filter(pk=desk["tasks"]["zhujian_returned"].pk).update(state=Task.State.CANCELLED)
    tasks = section(page(client, desk["zhujian"]), "交办任务")
    assert "住建一般任务" not in tasks and "住建退回任务" not in tasks and "住建逾期任务" in tasks


@pytest.mark.django_db
def test_targets_show_only_its_own_rows(client, desk):
    targets = section(page(client, desk["zhujian"]), "本部门目标任务")
    assert "city-dept部门目标" in targets
    assert "qz-dept" not in targets  # 秦州区's own department targets
    assert "96" in targets and "94" not in targets  # 住建's allocation, not 环保's
    county = section(page(client, desk["qz_zhujian"]), "本部门目标任务")
    assert "qz-dept部门目标" in county and "city-dept" not in county


@pytest.mark.django_db
def test_rounds_to_self_evaluate_and_published_result(client, desk):
    rounds = section(page(client, desk["zhujian"]), "本部门考核")
    city = desk["rounds"]["city"]
    assert f"/planning/rounds/{city.pk}/%E4%BD%8F%E5%BB%BA/" in rounds or f"/planning/rounds/{city.pk}/住建/" in rounds
    assert "待自评 1 项" in rounds and "已自评 1 / 2 项" in rounds and "2014年1月20日" in rounds
    assert "第 2 / 2 名" in rounds and "71.25" in rounds and "较好" in rounds
    assert "88.5" not in rounds  # 环保's score
    assert f"/planning/rounds/{desk['rounds']['qz'].pk}/" not in rounds


@pytest.mark.django_db
def test_round_frozen_but_not_published_shows_no_figures(client, desk):
    from qualitybrand.planning.models import Round

    Round.objects.filter(pk=desk["rounds"]["mid"].pk).update(state=Round.State.FINAL)
    rounds = section(page(client, desk["zhujian"]), "本部门考核")
    assert "已定稿，待通报" in rounds and "71.25" not in rounds


@pytest.mark.django_db
def test_rectification_tasks_of_its_own_department(client, desk):
    body = page(client, desk["zhujian"])
    tasks = section(body, "整改任务")
    assert "住建整改项" in tasks and "逾期 3 天" in tasks and "环保整改项" not in tasks
    assert "整改任务" not in page(client, desk["qz_zhujian"])


@pytest.mark.django_db
def test_reported_indicators_of_its_department(client, desk):
    reported_value("eng.acceptance_rate", "620500", 2013, IndicatorValue.Status.RETURNED)
    reported_value("eng.first_pass_rate", "620500", 2013, IndicatorValue.Status.APPROVED)
    reported_value("env.air_good_days", "620500", 2013, IndicatorValue.Status.DRAFT)
    reported = section(page(client, desk["zhujian"]), "本部门填报指标")
    assert "建筑工程竣工验收合格率" in reported and "空气质量优良天数" not in reported
    assert "被退回" in reported and "已通过" in reported and "未填报" in reported
    assert "有 1 条填报被退回" in reported
    assert "/indicators/values/?code=eng.acceptance_rate&amp;year=2013" in reported


@pytest.mark.django_db
def test_query_count_is_bounded(client, desk, django_assert_max_num_queries):
    client.force_login(desk["zhujian"])
    client.get(URL)  # warm the per-process caches (catalog, figures)
    with django_assert_max_num_queries(50):  # the shell (menu, 待办, warnings) and four sections
        assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_query_count_does_not_grow_with_tasks(client, desk, django_assert_max_num_queries):
    from tests.assignments.factories_tasks import department, make_task

    client.force_login(desk["zhujian"])
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    for n in range(8):
        make_task(desk["office"], title=f"追加任务{n}", assignees=[("department", department("住建"))])
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(URL)


@pytest.mark.django_db
def test_a_newer_set_of_other_departments_does_not_hide_its_targets(client, desk):
    from tests.core.department_desk_setup import load

    load("""
kind: targets
code: 2014-huanbao-only
name: 2014年环保目标
year: 2014
region: "620500"
subjects: departments
items:
  - indicator: insp.pass_rate
    target: 95
    allocations: {环保: 97}
""")
    assert "city-dept部门目标" in section(page(client, desk["zhujian"]), "本部门目标任务")
    huanbao = section(page(client, desk["huanbao"]), "本部门目标任务")
    assert "2014年环保目标" in huanbao and "city-dept" not in huanbao
