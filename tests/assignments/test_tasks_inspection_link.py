"""A 迎检 task carries its item (no round) and its page links back to the preparation through the
assignments.links hook that inspection registers in its AppConfig.ready()."""

import pytest
from django.core.exceptions import ValidationError

from qualitybrand.assignments import links, services
from qualitybrand.core.models import Region
from qualitybrand.inspection import services as inspection
from tests.assignments.factories_tasks import department_user, later
from tests.inspection.factories import preparation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inspection_today(settings, tmp_path):
    """As in tests/inspection: early January 2014, before the preparations' deadline (2014-01-20)."""
    import datetime as dt

    settings.QB_TODAY = dt.date(2014, 1, 5)
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _task(user, **kw):
    city = Region.objects.get(code="620500")
    return services.create_task(user, region=city, title="样例任务", content="收集材料", standard="上传文件",
                                deadline=later(), assignees=[("region", Region.objects.get(code="620502"))], **kw)


def test_inspection_task_keeps_its_item_code_without_a_round(regions, city_user):
    task = _task(city_user, source="迎检", item_code="A3")
    assert task.item_code == "A3" and task.round_id is None


def test_item_code_without_round_is_still_refused_for_other_tasks(regions, city_user):
    with pytest.raises(ValidationError, match="关联评分项须同时选择考核轮次"):
        _task(city_user, item_code="A3")


def test_inspection_service_puts_the_item_on_the_task_and_checks_it(regions, city_user):
    prep = preparation()
    task = inspection.create_tasks(city_user, prep, {"A3": ["region:620502"]})[0]
    assert task.item_code == "A3" and task.source == "迎检"
    with pytest.raises(ValidationError, match="A1 不是本方案的人工评分项"):
        inspection.create_tasks(city_user, prep, {"A1": ["region:620502"]})


def test_task_page_links_back_to_the_preparation(client, regions, city_user):
    prep = preparation()
    task = inspection.create_tasks(city_user, prep, {"A3": ["region:620502"]})[0]
    client.force_login(city_user)
    page = client.get(task.get_absolute_url()).content.decode()
    assert "迎检材料：" in page
    assert f'<a href="{prep.get_absolute_url()}" title="{prep.title}">A3 质量工作机制建设</a>' in page


def test_an_assignee_sees_the_item_but_no_link_it_may_not_open(client, regions, city_user, county_user):
    prep = preparation()
    task = inspection.create_tasks(city_user, prep, {"A3": ["region:620502"]})[0]
    client.force_login(county_user)  # 秦州区, the assignee: may not open the city's preparation
    page = client.get(task.get_absolute_url()).content.decode()
    assert "A3 质量工作机制建设" in page and prep.get_absolute_url() not in page
    assert client.get(prep.get_absolute_url()).status_code == 404


def test_ordinary_task_has_no_source_line(client, regions, city_user):
    task = _task(city_user)
    assert links.source_link(task, city_user) is None
    client.force_login(city_user)
    assert "迎检材料：" not in client.get(task.get_absolute_url()).content.decode()


def test_a_department_assignee_sees_the_item_line(client, regions, city_user):
    from qualitybrand.core.models import Department

    prep = preparation()
    code = Department.objects.get(name="住建").code
    task = inspection.create_tasks(city_user, prep, {"A4": [f"department:{code}"]})[0]
    link = links.source_link(task, department_user("住建"))
    assert link.text == "A4 品牌培育与宣传" and link.url == ""
