import datetime as dt

from django.test import override_settings

from qualitybrand.planning.demo import load_demo_planning
from qualitybrand.planning.models import Evidence, Notice, RectificationTask, Round, TargetSet


def test_demo_planning_loads_once(regions, engine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    engine.put("tm.applications", "620502", 157)
    engine.put("incident.count", "620524", 3)
    load_demo_planning()
    assert set(TargetSet.objects.values_list("code", flat=True)) == {"2013-targets", "2014-brand"}
    rnd = Round.objects.get(scheme__code="2013-quality")
    assert rnd.state == "已通报" and rnd.is_frozen
    assert Notice.objects.get().doc_number == "天质强办发〔2014〕5号"
    assert Evidence.objects.count() == 7
    with override_settings(QB_TODAY=dt.date(2014, 7, 10)):
        tasks = list(RectificationTask.objects.all())
        assert sum(t.is_overdue(dt.date(2014, 7, 10)) for t in tasks) == 1
        assert any(t.state == "已完成" for t in tasks)
    assert Round.objects.get(scheme__code="2014-quality").state == "进行中"
    load_demo_planning()
    assert Round.objects.count() == 2 and Notice.objects.count() == 1


def test_overdue_tasks_selector(regions, engine, settings, tmp_path, city_user):
    from qualitybrand.planning.selectors import overdue_tasks
    from tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path / "files"
    load_demo_planning()
    settings.QB_TODAY = dt.date(2014, 7, 10)
    assert overdue_tasks(city_user).count() == 1
    task = overdue_tasks(city_user).get()
    own = UserFactory(role="county", region=task.region)
    assert overdue_tasks(own).count() == 1
    other_code = next(c for c in ("620502", "620503") if c != task.region.code)
    assert overdue_tasks(UserFactory(role="county", region=regions[other_code])).count() == 0
    settings.QB_TODAY = dt.date(2014, 6, 1)
    assert overdue_tasks(city_user).count() == 0
