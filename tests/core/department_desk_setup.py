"""Data of the 部门工作台 tests: the city's 住建 and 环保 and 秦州区's 住建, each with tasks, targets, a
round and reported values, so that a test can check that each sees its own and nothing else."""

from __future__ import annotations

import datetime as dt

from qualitybrand.assignments.models import Assignee, Task
from qualitybrand.indicators.models import IndicatorValue
from qualitybrand.planning import loading, services
from qualitybrand.planning.models import RectificationTask, Round, Scheme
from tests.assignments.factories_tasks import department, department_user, make_task
from tests.factories import UserFactory, region_tree

TODAY = dt.date(2014, 1, 10)

GRADES = """grades:
  - {grade: 好, min: 90}
  - {grade: 较好, min: 60}
  - {grade: 差, min: 0}
"""


def documents(region: str, code: str, year: int, assessed: str) -> str:
    return f"""
kind: targets
code: {code}-targets
name: {year}年{code}部门目标
year: {year}
region: "{region}"
subjects: departments
items:
  - indicator: insp.pass_rate
    target: 95
    allocations: {{{", ".join(f"{d}: {t}" for d, t in zip(assessed.split(","), (96, 94), strict=False))}}}
---
kind: scheme
code: {code}
name: {year}年度{code}部门质量工作考核
year: {year}
region: "{region}"
subjects: departments
assessed: [{assessed}]
{GRADES}items:
  - {{code: D1, name: 抽查合格率, points: 60, rule: linear, indicator: insp.pass_rate, zero_at: 85, full_at: 95}}
  - {{code: D3, name: 工作机制, points: 40, rule: manual, evidence: required}}
  - {{code: D4, name: 宣传培训, points: 0, rule: manual}}
"""


def load(text: str) -> None:
    result = loading.load_text(text, user=None)
    assert result.ok, result.errors


def build() -> dict:
    """Everything the tests look at, by name."""
    regions = region_tree()
    office = UserFactory(role="city_admin", region=regions["620500"])
    county = UserFactory(role="county", region=regions["620502"])
    people = {"zhujian": department_user("住建"), "huanbao": department_user("环保"),
              "qz_zhujian": department_user("住建", "620502")}
    load(documents("620500", "city-dept", 2013, "住建,环保"))
    load(documents("620502", "qz-dept", 2013, "住建"))
    city_round = services.create_round(None, Scheme.objects.get(code="city-dept"), "年终考核",
                                       deadline=dt.date(2014, 1, 20))
    qz_round = services.create_round(None, Scheme.objects.get(code="qz-dept"), "年终考核",
                                     deadline=dt.date(2014, 1, 20))
    # a published mid-year round of the city: 住建 ranks 2 of 2, 环保 1 of 2
    mid = services.create_round(None, Scheme.objects.get(code="city-dept"), "年中督查", deadline=dt.date(2014, 1, 5))
    results = [{"subject": "环保", "name": "环保", "region": "620500", "total": "88.5", "grade": "较好", "rank": 1,
                "items": {}}, {"subject": "住建", "name": "住建", "region": "620500", "total": "71.25",
                               "grade": "较好", "rank": 2, "items": {}}]
    Round.objects.filter(pk=mid.pk).update(snapshot={"results": results}, state=Round.State.PUBLISHED)
    services_self(city_round, "住建", "D3")
    tasks = {
        "zhujian_late": make_task(office, title="住建逾期任务", assignees=[("department", department("住建"))]),
        "zhujian_returned": make_task(office, title="住建退回任务", assignees=[("department", department("住建"))]),
        "zhujian_open": make_task(office, title="住建一般任务", assignees=[("department", department("住建"))]),
        "huanbao": make_task(office, title="环保专属任务", assignees=[("department", department("环保"))]),
        "qz": make_task(county, region=regions["620502"], title="秦州区住建任务",
                        assignees=[("department", department("住建"))]),
    }
    Task.objects.filter(pk=tasks["zhujian_late"].pk).update(deadline=TODAY - dt.timedelta(days=12))
    Assignee.objects.filter(task=tasks["zhujian_returned"]).update(state=Assignee.State.RETURNED,
                                                                  review_comment="佐证材料不全")
    RectificationTask.objects.create(round=city_round, subject="住建", region=regions["620500"], item_code="D1",
                                     item_name="住建整改项", points=60, lost=30, owner="住建",
                                     deadline=TODAY - dt.timedelta(days=3))
    RectificationTask.objects.create(round=city_round, subject="环保", region=regions["620500"], item_code="D1",
                                     item_name="环保整改项", points=60, lost=30, owner="环保", deadline=TODAY)
    return {"office": office, "rounds": {"city": city_round, "qz": qz_round, "mid": mid}, "tasks": tasks, **people}


def services_self(round_obj: Round, subject: str, item_code: str) -> None:
    """A self-evaluation saved directly (the self-evaluation form is tested by planning)."""
    from qualitybrand.planning.models import SelfEvaluation

    SelfEvaluation.objects.create(round=round_obj, subject=subject, region=round_obj.region, item_code=item_code,
                                  score=30, explanation="已建立工作机制")


def reported_value(code: str, region_code: str, year: int, status: str) -> IndicatorValue:
    return IndicatorValue.objects.create(code=code, region=region_tree()[region_code], year=year, value=1,
                                         status=status)
