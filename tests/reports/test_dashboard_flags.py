"""Dashboard sections read from planning and cultivation: target progress, overdue rectification tasks,
后备不足. Built with factories and the planning documents of tests/planning (no demo)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qualitybrand.cultivation.models import PipelineTarget
from qualitybrand.planning import values
from qualitybrand.planning.models import RectificationTask, Round, Scheme
from qualitybrand.registry.models import Program, Recognition
from qualitybrand.reports import dashboard as selectors
from tests.factories import EntityFactory, TrademarkFactory, UserFactory
from tests.planning.conftest import FakeEngine
from tests.planning.test_commands import SCHEME, TARGETS, run

TODAY = dt.date(2014, 7, 10)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.QB_TODAY = TODAY


@pytest.fixture
def engine(monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(values, "indicator_values", fake)
    monkeypatch.setattr(values, "indicator_spec", values._fallback_spec)
    return fake


@pytest.fixture
def targets(regions, engine, tmp_path):
    for name, text in (("scheme.yaml", SCHEME), ("targets.yaml", TARGETS)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert run("load_scheme", str(path))[0] == 0
    # day 2014-07-10 is 191/365 = 52.3% of the year
    engine.put("tm.applications", "620500", 230)      # 230/200 → 已完成
    engine.put("tm.applications", "620502", 40)       # 40/60 = 66.7% ≥ 52.3% (flow, count) → 正常
    engine.put("tm.applications", "620503", 10)       # 10/50 = 20% → 滞后
    engine.put("rec.valid.cn_wellknown_tm", "620500", 8)
    engine.put("rec.valid.cn_wellknown_tm", "620502", 1)
    engine.put("incident.count", "620500", 7)         # lower is better, over the target → 滞后
    engine.put("incident.count", "620502", 1)
    return engine


def login(user):
    user.save()  # the shared factory sets the password without saving it
    client = Client()
    client.force_login(user)
    return client


def _row(html: str, label: str) -> str:
    """The table row (<tr>…</tr>) that contains `label`."""
    found = [r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if label in r]
    assert found, label
    return found[0]


def test_target_progress_for_city_and_county(targets, regions, city_user):
    sets = selectors.target_progress_rows(city_user, regions["620500"], 2014)
    assert [s["code"] for s in sets] == ["2014-brand"]
    by = {r["indicator"]: r for r in sets[0]["rows"]}
    assert (by["tm.applications"]["status"], by["tm.applications"]["tag"]) == ("已完成", "green")
    assert by["tm.applications"]["actual"] == 230 and by["tm.applications"]["target"] == 200
    assert (by["incident.count"]["status"], by["incident.count"]["tag"]) == ("滞后", "orange")
    assert sets[0]["late"] == 2 and sets[0]["url"] == "/planning/targets/2014-brand/"

    county = {r["indicator"]: r for r in selectors.target_progress_rows(city_user, regions["620502"], 2014)[0]["rows"]}
    assert (county["tm.applications"]["status"], county["tm.applications"]["tag"]) == ("正常", "blue")
    assert round(county["tm.applications"]["percent"], 1) == 66.7
    assert county["tm.applications"]["target"] == 60
    # 620503 only has the tm.applications allocation
    mj = selectors.target_progress_rows(city_user, regions["620503"], 2014)[0]["rows"]
    assert [(r["indicator"], r["status"]) for r in mj] == [("tm.applications", "滞后")]
    # a county without any allocation, and another year, show no set
    assert selectors.target_progress_rows(city_user, regions["620521"], 2014) == []
    assert [s["code"] for s in selectors.target_progress_rows(city_user, regions["620500"], 2013)] == ["2013-targets"]


def test_dashboard_shows_target_table_with_tags_and_link(targets, regions, city_user):
    html = login(city_user).get("/reports/dashboard/", {"region": "620502", "year": 2014}).content.decode()
    assert "目标任务进度" in html and 'href="/planning/targets/2014-brand/"' in html
    row = _row(html, "商标申请")
    assert 'class="tag blue"' in row and "正常" in row and "66.7%" in row
    row = _row(html, "质量安全事故（越低越好）")  # 1 against at most 2, before the year's end
    assert '<span class="tag blue">正常</span>' in row
    html = login(city_user).get("/reports/dashboard/", {"region": "620500", "year": 2014}).content.decode()
    assert '<span class="tag green">已完成</span>' in _row(html, "商标申请")
    assert '<span class="tag orange">滞后</span>' in _row(html, "质量安全事故（越低越好）")
    assert "2 项滞后" in html


def test_target_sets_respect_scope(targets, regions):
    # a county without an allocation in the city's set does not see it
    html = login(UserFactory(role="county", region=regions["620521"])).get("/reports/dashboard/", {"year": 2014})
    assert "2014-brand" not in html.content.decode() and "没有覆盖" in html.content.decode()
    # a county with allocations sees the set with its own rows only
    maiji = UserFactory(role="county", region=regions["620503"])
    sets = selectors.target_progress_rows(maiji, regions["620503"], 2014)
    assert [(s["code"], [r["indicator"] for r in s["rows"]]) for s in sets] == [("2014-brand", ["tm.applications"])]
    html = login(maiji).get("/reports/dashboard/", {"year": 2014}).content.decode()
    assert 'href="/planning/targets/2014-brand/"' in html
    assert '<span class="tag orange">滞后</span>' in _row(html, "商标申请")


def _round(regions):
    scheme = Scheme.objects.get(code="2013-quality")
    return Round.objects.create(scheme=scheme, scheme_version=scheme.version, document=scheme.document,
                                kind="年终考核", as_of=dt.date(2013, 12, 31), deadline=dt.date(2014, 1, 20),
                                region=regions["620500"])


def _task(rnd, region, code, deadline, state="整改中"):
    return RectificationTask.objects.create(round=rnd, region=region, item_code=code, item_name=code, points=10,
                                            lost=5, owner="张三", deadline=deadline, state=state)


def test_overdue_tasks_flag(targets, regions, city_user):
    rnd = _round(regions)
    _task(rnd, regions["620502"], "A1", dt.date(2014, 3, 31))                 # overdue
    _task(rnd, regions["620503"], "A1", dt.date(2014, 6, 30), state="退回")   # overdue
    _task(rnd, regions["620503"], "A2", dt.date(2014, 3, 31), state="已完成")  # done: not flagged
    _task(rnd, regions["620521"], "A1", dt.date(2014, 12, 31))                # not yet due
    flags = selectors.overdue_task_flags(city_user, regions["620500"])
    assert flags["count"] == 2
    assert flags["rounds"] == [{"name": "2013年度质量工作考核（100分）（年终考核）", "count": 2,
                                "url": f"/planning/rounds/{rnd.id}/tasks/"}]
    assert selectors.overdue_task_flags(city_user, regions["620503"])["count"] == 1
    html = login(city_user).get("/reports/dashboard/", {"region": "620500", "year": 2014}).content.decode()
    flag = re.search(r'<div class="flag red" id="flag-overdue">.*?</div>\s*<ul>.*?</ul>', html, re.S).group(0)
    assert '<span class="count">2</span>' in flag and f"/planning/rounds/{rnd.id}/tasks/" in flag
    # a county user sees only its own overdue task
    county = UserFactory(role="county", region=regions["620503"])
    assert selectors.overdue_task_flags(county)["count"] == 1


def test_no_flags_without_overdue_or_shortfall(targets, regions, city_user):
    client = login(city_user)
    html = client.get("/reports/dashboard/", {"region": "620500", "year": 2014}).content.decode()
    assert "flag-overdue" not in html and 'id="flag-shortfall"' not in html
    assert client.get("/reports/dashboard/shortfalls/", {"region": "620500"}).content.decode().strip() == ""


@pytest.fixture
def programs(db):
    city = Program.objects.create(code="city_known_tm", name="市知名商标", object_kind="商标", level="市",
                                  validity_years=3, reward=2)
    prov = Program.objects.create(code="prov_famous_tm", name="省著名商标", object_kind="商标", level="省",
                                  validity_years=3, reward=5,
                                  rules=[{"type": "prerequisite", "program": "city_known_tm", "years": 3}])
    return {"city": city, "prov": prov}


def _known(programs, region, year):
    e = EntityFactory(region=region, established=dt.date(2000, 1, 1))
    tm = TrademarkFactory(holder=e)
    Recognition.objects.create(program=programs["city"], entity=e, trademark=tm, object_key=tm.number, year=year,
                               valid_until=dt.date(2016, 12, 31), region=region)


def test_shortfall_flag(programs, regions, city_user):
    qz, mj = regions["620502"], regions["620503"]
    _known(programs, qz, 2011)
    _known(programs, qz, 2012)   # both eligible for 省著名 by 2015-07-10 (3 years held)
    _known(programs, mj, 2013)   # not yet
    PipelineTarget.objects.create(program=programs["prov"], region=qz, year=2015, target=2)   # 2 ≥ 2: fine
    PipelineTarget.objects.create(program=programs["prov"], region=mj, year=2015, target=3)   # 0 < 3: 后备不足
    flags = selectors.shortfall_flags(city_user, regions["620500"])
    assert flags == [{"program": "省著名商标", "program_code": "prov_famous_tm", "region": mj.name,
                      "region_code": "620503", "eligible": 0, "target": 3}]
    client = login(city_user)
    page = client.get("/reports/dashboard/", {"region": "620500", "year": 2014}).content.decode()
    # the page asks for the warnings panel once it is shown (alerts: pipeline.shortage is 后备不足 there);
    # the flags themselves stay available at /indicators/shortfalls/
    assert 'hx-get="/alerts/panel/?region=620500"' in page and 'hx-trigger="load"' in page
    html = client.get("/reports/dashboard/shortfalls/", {"region": "620500"}).content.decode()
    flag = re.search(r'<div class="flag orange" id="flag-shortfall">.*?</ul>', html, re.S).group(0)
    assert "省著名商标" in flag and mj.name in flag and "后备 0，目标 3" in flag
    assert 'href="/cultivation/pipeline/?region=620500"' in flag
    assert qz.name not in flag


@pytest.mark.django_db(transaction=True)  # nothing is cached inside a transaction
def test_sections_are_cached_by_data_version(programs, targets, regions, city_user):
    from qualitybrand.core.changelog import bump_data_version

    PipelineTarget.objects.create(program=programs["prov"], region=regions["620503"], year=2015, target=1)
    client = login(city_user)
    client.get("/reports/dashboard/", {"region": "620500", "year": 2014})  # warm the caches
    client.get("/reports/dashboard/shortfalls/", {"region": "620500"})
    with CaptureQueriesContext(connection) as warm:
        assert selectors.shortfall_flags(city_user, regions["620500"])[0]["target"] == 1
        selectors.target_progress_rows(city_user, regions["620500"], 2014)
    calls = len(targets.calls)
    assert len(warm.captured_queries) <= 4  # data version and the visible sets, no recomputation
    assert len(targets.calls) == calls
    PipelineTarget.objects.filter(region=regions["620503"]).update(target=5)
    bump_data_version()
    assert selectors.shortfall_flags(city_user, regions["620500"])[0]["target"] == 5
    selectors.target_progress_rows(city_user, regions["620500"], 2014)
    assert len(targets.calls) == calls + 1


def test_shortfall_panel_scoped_like_the_dashboard(programs, regions, city_user):
    PipelineTarget.objects.create(program=programs["prov"], region=regions["620503"], year=2015, target=3)
    county = UserFactory(role="county", region=regions["620502"])
    assert login(county).get("/reports/dashboard/shortfalls/", {"region": "620503"}).status_code == 403
    assert "flag-shortfall" not in login(county).get("/reports/dashboard/shortfalls/").content.decode()
    enterprise = UserFactory(role="enterprise", region=regions["620502"])
    assert login(enterprise).get("/reports/dashboard/shortfalls/").status_code == 403
    assert "后备 0，目标 3" in login(city_user).get("/reports/dashboard/shortfalls/").content.decode()
