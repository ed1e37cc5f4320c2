"""The responsibility system's demo story (demo/story_responsibility.py) on the loaded demo (once for
this module): towns of 秦州区 with their own entities and targets and no county or city figure changed,
the 2013 department assessment scored as `assess` scores it, the assigned tasks (one accepted, one
returned, exactly one overdue on 2014-07-10) and the city's 迎检 self-evaluation with its package."""

import datetime as dt
import io
import json
import zipfile

import pytest

from qualitybrand.demo import profile as P
from qualitybrand.demo import story_responsibility as S
from tests.demo.dbfigures import db_figures

pytestmark = pytest.mark.django_db
TODAY = dt.date(2014, 7, 10)


def test_the_story_loaded_every_part(demo_loaded):
    assert "责任体系（部门、乡镇、交办、迎检）" in demo_loaded["hooks"]


def test_towns_of_qinzhou_from_the_division_list(demo_loaded):
    from qualitybrand.core.divisions import subtree
    from qualitybrand.core.models import ChangeLog, Region

    listed = {d.code: d.name for d in subtree(S.COUNTY) if len(d.code) == 9}
    towns = dict(Region.objects.filter(parent__code=S.COUNTY).values_list("code", "name"))
    assert towns == listed and len(towns) == 23
    assert set(Region.objects.filter(code__in=towns).values_list("kind", flat=True)) == {"乡镇街道"}
    assert ChangeLog.objects.filter(model="core.region", object_id__in=[
        str(pk) for pk in Region.objects.filter(code__in=towns).values_list("pk", flat=True)]).count() == 23
    # no other county got towns
    assert not Region.objects.filter(kind="乡镇街道").exclude(parent__code=S.COUNTY).exists()


def test_re_homed_entities_leave_every_county_and_city_figure_as_it_was(demo_loaded):
    """The towns hold entities and marks of their own, and the county's and city's figures still equal
    the generated rows' (a town is below its county)."""
    from qualitybrand.core.models import ChangeLog
    from qualitybrand.registry.models import Entity, Trademark
    from tests.demo.oracle import figures

    in_towns = Entity.objects.filter(region__code__in=S.TOWNS)
    assert in_towns.count() > 1000
    assert set(in_towns.values_list("region__code", flat=True).distinct()) == set(S.TOWNS)
    assert Trademark.objects.filter(region__code__in=S.TOWNS).exists()
    # each move is logged (the entity, then its records)
    moved = in_towns.first()
    assert ChangeLog.objects.filter(model="registry.entity", object_id=str(moved.pk), action="update").exists()
    # the demo's named entities and the enterprise account's entity stay in the county
    assert not in_towns.filter(uscc__in=[P.named_uscc(e[0]) for e in P.NAMED_ENTITIES]).exists()
    data = demo_loaded["data"]
    codes = ["entity.count", "entity.enterprises", "tm.valid", "tm.owner_rate", "tm.applications", "insp.pass_rate"]
    for year, region, end in [(2013, S.COUNTY, None), (2013, P.CITY, None), (2014, S.COUNTY, dt.date(2014, 6, 30)),
                              (2014, P.CITY, dt.date(2014, 6, 30))]:
        want, got = figures(data, year, region, end), db_figures(year, region, end)
        assert {c: got[c] for c in codes} == pytest.approx({c: want[c] for c in codes}), (year, region)
    assert {c: db_figures(2013)[c] for c in P.CITY_2013} == pytest.approx(P.CITY_2013, abs=1e-9)


def test_the_county_set_its_towns_targets_and_sees_their_progress(demo_loaded):
    from qualitybrand.accounts.models import User
    from qualitybrand.core.models import ChangeLog
    from qualitybrand.planning import selectors
    from qualitybrand.planning.models import Scheme, TargetSet

    qinzhou = User.objects.get(username="qinzhou")
    ts = TargetSet.objects.get(code="2014-qinzhou-towns")
    assert ts.subjects == "towns" and ts.region.code == S.COUNTY
    assert ChangeLog.objects.filter(model="planning.targetset", object_id=str(ts.pk), user=qinzhou).exists()
    assert ts in selectors.visible_target_sets(qinzhou)
    rows = selectors.progress(ts, TODAY)
    town_rows = [r for r in rows if r.subject in S.TOWNS]
    assert {r.subject for r in town_rows} == set(S.TOWNS)
    assert len(town_rows) == 3 * len(S.TOWNS)
    # progress to show: some towns have applications of their own this year, none beyond the county's
    apps = {r.subject: r.actual for r in town_rows if r.indicator == "tm.applications"}
    county = next(r.actual for r in rows if r.subject == S.COUNTY and r.indicator == "tm.applications")
    assert all(v > 0 for v in apps.values()) and sum(apps.values()) <= county
    assert {r.status for r in town_rows} - {None}
    scheme = Scheme.objects.get(code="2014-qinzhou-towns")
    assert scheme.assessed_codes == S.TOWNS
    # the county's own mid-year round of its towns, scored live like any round
    from qualitybrand.planning import services
    from qualitybrand.planning.models import Round

    rnd = Round.objects.get(scheme=scheme, kind=Round.Kind.MID)
    assert services.is_office(qinzhou, rnd) and rnd.state == Round.State.OPEN
    results = services.live_assessment(rnd).as_json()["results"]
    assert sorted(r["subject"] for r in results) == sorted(S.TOWNS)


def test_department_round_scores_as_assess_does(demo_loaded, tmp_path):
    from qualitybrand.planning.models import Notice, Round
    from tests.planning.test_commands import run

    rnd = Round.objects.get(scheme__code="2013-dept", kind=Round.Kind.END)
    assert rnd.state == Round.State.PUBLISHED
    notice = Notice.objects.get(round=rnd)
    assert notice.title == S.DEPT_NOTICE["title"] and notice.doc_number == S.DEPT_NOTICE["doc_number"]
    frozen = {r["subject"]: r for r in rnd.snapshot["results"]}
    assert set(frozen) == {"住建", "环保"}
    manual = tmp_path / "manual.json"
    manual.write_text(json.dumps(S.DEPT_REVIEW, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("assess", "2013-dept", "--as-of", "2013-12-31", "--manual", str(manual), "--json")
    assert code == 0, err
    assessed = {r["subject"]: r for r in json.loads(out)["results"]}
    for dept in ("住建", "环保"):
        assert float(frozen[dept]["total"]) == assessed[dept]["total"], dept
        assert {k: float(v) for k, v in frozen[dept]["items"].items()} == assessed[dept]["items"]
    # applies_to: 住建 on eng.* items, 环保 on env.* items, both on the common manual items
    assert set(assessed["住建"]["items"]) == {"B1", "B2", "B3", "M1", "M2"}
    assert set(assessed["环保"]["items"]) == {"C1", "C2", "C3", "M1", "M2"}
    # 353 good-air days of 360 → 25 × 353/360
    assert assessed["环保"]["items"]["C1"] == 24.51


def test_department_self_evaluations_come_from_the_departments(demo_loaded):
    from qualitybrand.planning.models import Evidence, SelfEvaluation

    evals = SelfEvaluation.objects.filter(round__scheme__code="2013-dept").select_related("submitted_by")
    assert {(e.subject, e.submitted_by.username) for e in evals} == {("住建", "zhujian"), ("环保", "huanbao")}
    assert Evidence.objects.filter(round__scheme__code="2013-dept", item_code="M1").count() == 2


def test_assigned_tasks_one_accepted_one_returned_one_overdue(demo_loaded):
    from qualitybrand.assignments.models import Assignee, Task
    from qualitybrand.assignments.selectors import overdue_assignees
    from qualitybrand.core.models import Region

    city = Region.objects.get(code=P.CITY)
    story = Assignee.objects.filter(task__title__in=[t[0] for t in S.TASKS])
    assert story.count() == 7
    assert {a.kind for a in story} == {"部门", "区县", "乡镇街道"}
    accepted = story.get(task__title=S.TASKS[0][0])
    assert accepted.state == Assignee.State.ACCEPTED and accepted.task.state == Task.State.DONE
    returned = story.get(task__title=S.TASKS[1][0])
    assert returned.state == Assignee.State.RETURNED and returned.review_comment
    overdue = list(overdue_assignees(city, today=TODAY))
    assert [(a.task.title, a.label) for a in overdue] == [(S.TASKS[3][0], "玉泉镇")]
    assert story.filter(reports__isnull=False).distinct().count() >= 5


def test_the_preparation_for_the_province_has_its_report_and_package(demo_loaded):
    from qualitybrand.inspection import package, report, selectors
    from qualitybrand.inspection.models import Preparation

    prep = Preparation.objects.get(scheme__code="2013-province")
    assert prep.region.code == P.CITY and prep.as_of == dt.date(2013, 12, 31)
    rows = selectors.item_rows(prep)
    assert all(r.score is not None for r in rows)
    manual = [r for r in rows if r.code.startswith("M")]
    assert all(r.evidence and r.task_state == "已办结" for r in manual)
    standing = selectors.standing(prep, rows)
    assert not standing.missing and standing.total > 0
    docx = report.build(prep)
    assert zipfile.ZipFile(io.BytesIO(docx)).namelist()
    with package.build(prep) as fh:
        names = zipfile.ZipFile(fh).namelist()
    assert "索引.xlsx" in names and "目录.txt" in names
    evidence = [n for n in names if "/" in n]
    assert len(evidence) == 10 and all(n.split("/")[0].startswith(("M1_", "M2_", "M3_")) for n in evidence)
    assert {n.rsplit(".", 1)[1] for n in evidence} == {"pdf", "png"}


def test_department_round_page_lists_both_departments(demo_loaded, client):
    from qualitybrand.accounts.models import User
    from qualitybrand.planning.models import Round

    rnd = Round.objects.get(scheme__code="2013-dept", kind=Round.Kind.END)
    client.force_login(User.objects.get(username="city"))
    client.raise_request_exception = True
    response = client.get(rnd.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    for result in rnd.snapshot["results"]:
        assert result["name"] in text and f"{float(result['total']):.2f}" in text
