"""迎检 follow-ups: the history section lists the preparation's, its items' and its tasks' changes."""

import pytest

from qualitybrand.assignments import services as assignments
from qualitybrand.inspection import selectors, services, services_state
from tests.assignments.factories_tasks import pdf
from tests.inspection.factories import preparation, scored

pytestmark = pytest.mark.django_db


def test_history_covers_preparation_items_tasks_and_assignees_newest_first(regions, city_user):
    prep = preparation()
    services.create_tasks(city_user, prep, {"A4": ["region:620502"]})
    assignee = prep.items.get(item_code="A4").task.assignees.get()
    assignments.submit_report(None, assignee, text="报送", completion=True, files=[pdf("宣传.pdf")])
    assignments.review(city_user, assignee, "验收通过")
    services_state.finalize(city_user, scored(prep))
    entries = list(selectors.history(prep))
    ids = [e.id for e in entries]
    assert ids == sorted(ids, reverse=True)
    assert entries[0].model == "inspection.preparation" and entries[0].reason == "迎检自评定稿"
    models = {e.model for e in entries}
    assert {"inspection.preparation", "inspection.itemevaluation", "assignments.task",
            "assignments.assignee"} <= models
    reasons = [e.reason for e in entries]
    assert "开展迎检自评" in reasons and "迎检自评评分" in reasons and "交办任务" in reasons


def test_history_is_about_this_preparation_only(regions, city_user):
    prep, other = preparation(), preparation()
    services.score_manual(city_user, other, "A3", "5")
    assert all(not (e.model == "inspection.itemevaluation" and e.object_id in
                    {str(pk) for pk in other.items.values_list("pk", flat=True)}) for e in selectors.history(prep))


def test_page_shows_history_with_readable_names(client, regions, city_user):
    prep = preparation()
    services.score_manual(city_user, prep, "A3", "18", "机制基本健全")
    client.force_login(city_user)
    page = client.get(prep.get_absolute_url()).content.decode()
    section = page[page.index('id="history"'):]
    assert "历史记录" in section and "迎检自评评分" in section and "开展迎检自评" in section
    assert "自评分" in section and "机制基本健全" in section  # field labels and values, not raw names
    assert "自评评分项" in section and "item evaluation" not in section and "updated at" not in section
    assert "inspection.itemevaluation" not in section and "item_code" not in section
