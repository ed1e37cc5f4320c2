"""迎检 follow-ups: the evidence on the page links to the task's file download, the package holds
exactly those files, and a finalized preparation keeps the files accepted by its freeze."""

import zipfile

import pytest
from django.urls import reverse

from qualitybrand.assignments import services as assignments
from qualitybrand.inspection import package, selectors, services, services_state
from tests.assignments.factories_tasks import department_user, pdf
from tests.factories import UserFactory
from tests.inspection.factories import preparation, scored

pytestmark = pytest.mark.django_db


def _task_a3(city_user, prep):
    from qualitybrand.core.models import Department

    zj = Department.objects.get(name="住建").code
    hb = Department.objects.get(name="环保").code
    services.create_tasks(city_user, prep, {"A3": [f"department:{zj}", f"department:{hb}"]})
    return prep.items.get(item_code="A3").task


def _deliver(city_user, task, dept, name):
    assignee = task.assignees.get(department__name=dept)
    assignments.submit_report(department_user(dept), assignee, text="材料已收集", completion=True, files=[pdf(name)])
    assignments.review(city_user, assignee, "验收通过")


def _links(page: str, task) -> list[str]:
    import re

    return re.findall(rf'href="(/[^"]*/{task.pk}/files/\d+/)"', page)


def test_page_links_each_evidence_file_and_the_office_downloads_it(client, regions, city_user):
    prep = preparation()
    task = _task_a3(city_user, prep)
    _deliver(city_user, task, "住建", "机制文件.pdf")
    client.force_login(city_user)
    page = client.get(prep.get_absolute_url()).content.decode()
    att = task.attachments.get(original_name="机制文件.pdf")
    url = reverse("assignments:file", args=[task.pk, att.pk])
    assert _links(page, task) == [url] and ">机制文件.pdf</a>" in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    leader = UserFactory(username="ld", role="leader", region=city_user.region)
    client.force_login(leader)
    assert client.get(url).status_code == 200


def test_package_holds_exactly_the_linked_files(client, regions, city_user):
    prep = preparation()
    task = _task_a3(city_user, prep)
    _deliver(city_user, task, "住建", "机制文件.pdf")
    _deliver(city_user, task, "环保", "环保制度.pdf")
    # a submitted but not accepted report of another item is neither linked nor packed
    services.create_tasks(city_user, prep, {"A4": ["region:620502"]})
    a4 = prep.items.get(item_code="A4").task.assignees.get()
    assignments.submit_report(None, a4, text="报送", completion=True, files=[pdf("未验收.pdf")])
    client.force_login(city_user)
    page = client.get(prep.get_absolute_url()).content.decode()
    linked = sorted(int(u.rstrip("/").rsplit("/", 1)[1]) for u in _links(page, task))
    packed = sorted(e.attachment.pk for e in package.entries(prep))
    assert linked == packed and len(packed) == 2 and "未验收.pdf" not in page
    with package.build(prep) as tmp:
        assert len([n for n in zipfile.ZipFile(tmp).namelist() if n.startswith("A3_")]) == 2


def test_finalized_preparation_keeps_the_evidence_of_its_freeze(regions, city_user):
    prep = preparation()
    task = _task_a3(city_user, prep)
    _deliver(city_user, task, "住建", "机制文件.pdf")
    prep = services_state.finalize(city_user, scored(prep))
    _deliver(city_user, task, "环保", "定稿后补充.pdf")  # accepted after the freeze
    frozen = [a.original_name for a in {r.code: r for r in selectors.item_rows(prep)}["A3"].evidence]
    assert frozen == ["机制文件.pdf"]
    assert [e.original for e in package.entries(prep)] == ["机制文件.pdf"]
    services_state.reopen(city_user, prep, "补充材料")
    prep.refresh_from_db()
    assert sorted(e.original for e in package.entries(prep)) == ["定稿后补充.pdf", "机制文件.pdf"]
