"""The figures cache every gunicorn worker shares (indicators/cache.py, core/cache.py), the precompute
after imports (indicators/tasks.py), one statement per family for the dashboard's periods
(indicators/batch.py) and the query budget of an uncached dashboard."""

import datetime as dt
import re

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from rest_framework.test import APIClient

from qualitybrand.core.cache import SharedDatabaseCache
from qualitybrand.core.changelog import bump_data_version
from qualitybrand.indicators import batch
from qualitybrand.indicators import cache as shared_cache
from qualitybrand.indicators.engine import FAMILIES, Tree
from qualitybrand.indicators.periods import Period
from qualitybrand.indicators.tasks import dashboard_regions, enqueue_precompute, precompute_dashboards
from qualitybrand.reports import dashboard as views
from tests.factories import UserFactory, region_tree
from tests.indicators import factories as f

TODAY = dt.date(2014, 7, 10)
pytestmark = pytest.mark.django_db(transaction=True)  # nothing is cached inside a transaction


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.QB_TODAY = TODAY


@pytest.fixture
def workers(monkeypatch):
    """Two gunicorn workers: each its own memory cache; the shared cache is the database table, read
    through a backend instance of its own (as another process would)."""
    local = {"a": LocMemCache("worker-a", {}), "b": LocMemCache("worker-b", {})}
    shared = {"a": SharedDatabaseCache("qb_cache", {}), "b": SharedDatabaseCache("qb_cache", {})}
    current = {"name": "a"}
    monkeypatch.setattr(shared_cache, "local", lambda: local[current["name"]])
    monkeypatch.setattr(shared_cache, "shared", lambda: shared[current["name"]])

    def switch(name):
        current["name"] = name
    yield switch
    for cache in (*local.values(), shared["a"]):
        cache.clear()


@pytest.fixture
def city():
    """A small city: a few records of each kind in two counties, over several years, and one program."""
    regions = region_tree()
    prog = f.program()
    for code, n in (("620502", 3), ("620503", 2)):
        for i in range(n):
            e = f.entity(regions[code], established=dt.date(2009 + i, 5, 1))
            f.trademark(e, registered=dt.date(2010 + i, 3, 1), applied=dt.date(2009 + i, 3, 1))
            f.patent(e, dt.date(2011 + i, 4, 1), granted=dt.date(2012 + i, 4, 1), legal_status="有效")
            f.inspection(e, dt.date(2012 + i, 6, 1), "合格" if i else "不合格")
            f.cert(e, dt.date(2011, 1, 1), dt.date(2016, 1, 1))
            f.standard(e, dt.date(2013, 2, 1 + i))
            f.pledge(e, dt.date(2013, 3, 1), dt.date(2015, 3, 1), 10 + i)
            f.recognition(prog, e, 2012 + i)
        f.case(regions[code], dt.date(2013, 5, 1), closed=dt.date(2013, 9, 1), fines=2)
        f.incident(regions[code], dt.date(2014, 2, 1))
    bump_data_version()
    return regions


def login(role="city_admin", region="620500"):
    user = UserFactory(role=role, region=region_tree()[region])
    user.save()
    client = Client()
    client.force_login(user)
    return client


def figures(client, region="620500", year=2014) -> str:
    response = client.get("/reports/dashboard/", {"region": region, "year": year})
    assert response.status_code == 200
    return response.content.decode()


def test_a_value_one_worker_computed_is_read_by_the_other_until_the_data_changes(workers):
    calls = []

    def build():
        calls.append(1)
        return {"n": len(calls)}

    workers("a")
    assert shared_cache.cached(("k",), build) == {"n": 1}
    workers("b")  # empty memory cache: the shared table answers
    assert shared_cache.cached(("k",), build) == {"n": 1}
    assert len(calls) == 1
    bump_data_version()  # any write: the entry of the old version is never read again
    assert shared_cache.cached(("k",), build) == {"n": 2}
    workers("a")
    assert shared_cache.cached(("k",), build) == {"n": 2}
    assert len(calls) == 2


def test_the_database_cache_backend_sets_adds_and_expires(workers):
    a, b = SharedDatabaseCache("qb_cache", {}), SharedDatabaseCache("qb_cache", {})
    a.set("x", [1, "二"], 60)
    assert b.get("x") == [1, "二"]
    a.set("x", "new", 60)  # an upsert: the same key written again
    assert b.get("x") == "new"
    assert not b.add("x", "other", 60) and a.get("x") == "new"
    a.set("gone", 1, -1)  # already expired: add may take its place
    assert b.add("gone", 2, 60) and a.get("gone") == 2
    b.delete("x")
    assert a.get("x") is None


def test_the_dashboard_one_worker_rendered_is_served_by_the_other(city, workers, monkeypatch):
    client = login()
    workers("a")
    page = figures(client)
    built = []
    original = views._figures_context
    monkeypatch.setattr(views, "_figures_context", lambda *args: built.append(args) or original(*args))
    workers("b")
    again = figures(client)
    assert not built  # the figures came from the shared table
    cards = re.search(r'<div class="cards">.*?</div>\s*</div>', page, re.S)
    assert cards and "市场主体总数" in cards.group(0) and cards.group(0) in again
    f.inspection(f.entity(city["620502"]), dt.date(2014, 3, 1), "不合格")
    bump_data_version()
    figures(client)
    assert len(built) == 1  # the data changed: rendered again


def test_precompute_fills_the_cache_for_the_city_and_every_county(city, workers, monkeypatch):
    workers("a")
    regions = dashboard_regions()
    assert [r.code for r in regions] == ["620500", "620502", "620503", "620521", "620522", "620523", "620524",
                                         "620525"]
    assert not shared_cache.is_cached(views.figures_key(city["620503"], 2014))
    assert precompute_dashboards.call() == len(regions) * 2  # this year and the previous one
    for region in regions:
        for year in (2014, 2013):
            assert shared_cache.is_cached(views.figures_key(region, year)), (region.code, year)
    assert precompute_dashboards.call() == 0  # the same data version: done already
    # a worker that never computed anything serves every county's dashboard from the shared cache
    monkeypatch.setattr(views, "_figures_context", lambda *args: pytest.fail("computed again"))
    workers("b")
    figures(login("county", "620503"), "620503", 2013)
    figures(login(), "620521", 2014)


def test_an_import_and_an_undo_queue_the_precompute(city, monkeypatch):
    from qualitybrand.indicators import tasks

    queued = []
    monkeypatch.setattr(tasks, "enqueue_precompute", lambda: queued.append(1))
    client = APIClient()
    client.force_authenticate(UserFactory(role="city_admin", region=city["620500"]))
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qualitybrand.core.codes import make_uscc

    body = f"统一社会信用代码,名称,主体类型,区划代码\n{make_uscc('91', '620502', '00000123')},甲,企业,620502\n"
    r = client.post("/api/v1/imports/", {"file": SimpleUploadedFile("e.csv", body.encode(), "text/csv"),
                                         "ledger": "entities"}, format="multipart")
    assert r.status_code == 200 and r.json()["created"] == 1
    assert len(queued) == 1
    assert client.post(f"/api/v1/imports/{r.json()['batch']}/undo/").status_code == 200
    assert len(queued) == 2


def test_the_precompute_is_queued_for_the_worker_not_run_in_the_import(settings):
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    enqueue_precompute()
    queued = task_backends["default"].results
    assert [r.task.name for r in queued] == ["precompute_dashboards"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    enqueue_precompute()  # the tests' immediate backend would run it inside the import: not queued


def test_one_statement_for_several_periods_gives_each_period_its_own_values(city):
    tree = Tree([city["620500"]])
    periods = [Period.year(2014), Period.as_of(dt.date(2013, 7, 10)), Period.year(2012), Period.year(2010)]
    for family in FAMILIES:
        together = batch.batched(family, periods, tree)
        alone = [FAMILIES[family](p, tree) for p in periods]
        assert together == alone, family


def test_an_uncached_dashboard_reads_the_catalog_and_tree_once_and_stays_under_25_queries(
        city, workers, settings, django_assert_max_num_queries):
    """The figures of the dashboard (seven engine calls: the year, the year before, five years of trends;
    106 queries before) with empty caches. The page around them (session, shell, the user's target
    sets, the pipeline's flags of cultivation, cached per region) is not counted here."""
    settings.QB_INDICATOR_THREADS = False  # every query on the counted connection
    workers("a")
    first = views.dashboard_figures(city["620500"], 2014)  # the page learns which periods it needs
    bump_data_version()
    workers("b")
    with django_assert_max_num_queries(24) as counted:
        again = views.dashboard_figures(city["620500"], 2014)
    assert again == first
    sql = [q["sql"] for q in counted.captured_queries]
    assert sum('FROM "core_dataversion"' in s for s in sql) == 1
    assert sum('FROM "indicators_indicatordefinition"' in s for s in sql) == 1
    assert sum('FROM "registry_program"' in s for s in sql) <= 2  # the catalog's and the page's own
    assert sum(" UNION ALL " in s for s in sql) >= 3  # trends and the year before in the same statements
    page = login().get("/reports/dashboard/", {"region": "620500", "year": 2014}).content.decode()
    assert first[0] in page and first[1] in page


def test_the_figures_are_the_same_with_or_without_the_request_scope(city, workers):
    """The scope's memo and the batched statements change how the figures are read, never what they are."""
    from django.db import transaction

    workers("a")
    views.dashboard_figures(city["620502"], 2013)  # learn
    bump_data_version()
    scoped = views.dashboard_figures(city["620502"], 2013)
    with transaction.atomic():  # no scope memo, no cache: every engine call on its own
        plain = views.dashboard_figures(city["620502"], 2013)
    assert scoped == plain


def test_the_figures_teach_the_engine_their_periods_and_the_page_around_them_does_not_undo_it(city, workers):
    from qualitybrand.indicators.engine import compute

    batch._learned.clear()
    with shared_cache.request_scope():  # the page's scope, as the dashboard view opens it
        views.dashboard_figures(city["620500"], 2014)
        compute(["tm.valid"], Period.year(2014), [city["620500"]])  # another section's read
    # 2014 is the current year (today 2014-07-10): counted up to today, the past years whole
    learned = batch._learned[((-4, -3, -2, -1, 0), (0, 1, 1, 0, 7, 10))]
    assert ("tm", (-1, 1, 1, -1, 12, 31)) in learned and ("tm", (-4, 1, 1, -4, 12, 31)) in learned
    assert ("entity", (-1, 1, 1, -1, 7, 10)) in learned  # the same span a year before, for the cards
    assert ("entity", (-2, 1, 1, -2, 12, 31)) not in learned  # not a trend: never read for other years
    with shared_cache.request_scope():
        views.dashboard_figures(city["620500"], 2012)  # a past year: learned apart
    assert ("entity", (-1, 1, 1, -1, 12, 31)) in batch._learned[((-4, -3, -2, -1, 0), (0, 1, 1, 0, 12, 31))]
    assert batch._learned[((-4, -3, -2, -1, 0), (0, 1, 1, 0, 7, 10))] == learned


def test_the_precompute_stops_when_the_data_changes_or_an_import_waits(city, workers, monkeypatch):
    from qualitybrand.indicators import tasks

    workers("a")
    original = views.dashboard_figures
    monkeypatch.setattr(views, "dashboard_figures", lambda *args: (original(*args), bump_data_version()))
    assert tasks.precompute() == 1  # the data changed after the first page: the rest is for the next run
    monkeypatch.setattr(views, "dashboard_figures", original)
    from django_tasks_db.models import DBTaskResult

    from qualitybrand.ledgers.tasks import run_import

    DBTaskResult.objects.create(task_path=run_import.module_path, args_kwargs={"args": [1], "kwargs": {}},
                                queue_name="default", backend_name="default", priority=0)
    assert tasks.precompute() == 0  # an import waits in the queue: it goes first
    DBTaskResult.objects.all().delete()
    assert tasks.precompute() == 16


def test_a_redis_url_is_checked_at_start(monkeypatch):
    from qualitybrand import config

    monkeypatch.setenv("QB_REDIS_URL", "http://cache:6379/0")
    with pytest.raises(config.ConfigError, match="redis://"):
        config._redis_url("QB_REDIS_URL")
    monkeypatch.setenv("QB_REDIS_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.setitem(__import__("sys").modules, "redis", None)  # the client is not installed
    with pytest.raises(config.ConfigError, match="pip install redis"):
        config._redis_url("QB_REDIS_URL")
    monkeypatch.delenv("QB_REDIS_URL")
    assert config._redis_url("QB_REDIS_URL") == ""


def test_a_migrate_or_a_flushed_test_database_forgets_the_shared_entries(workers):
    from django.core.management import call_command

    workers("a")
    assert shared_cache.cached(("k",), lambda: "before") == "before"
    call_command("migrate", verbosity=0)  # nothing to apply; post_migrate still runs
    workers("b")
    assert shared_cache.cached(("k",), lambda: "after") == "after"


def test_pages_take_family_reads_of_earlier_pages_without_changing_a_figure(city, workers, monkeypatch):
    """A county's page reuses the city page's reads (restricted to its regions) and a page of another
    year the periods it shares; every figure stays what the page computes on its own."""
    from django.db import transaction

    workers("a")
    pages = [(city["620500"], 2014), (city["620502"], 2014), (city["620503"], 2013), (city["620500"], 2013)]
    alone = {}
    for region, year in pages:
        with transaction.atomic():  # no memo, no cache, no reuse
            alone[(region.code, year)] = views.dashboard_figures(region, year)
    bump_data_version()
    batch._across.clear()
    reads = []
    real = batch.batched
    monkeypatch.setattr(batch, "batched", lambda family, periods, tree: reads.append(family) or real(
        family, periods, tree))
    reused = {}
    for region, year in pages:
        before = len(reads)
        reused[(region.code, year)] = views.dashboard_figures(region, year)
        reads_of_page = len(reads) - before
        if region.code == "620502":
            assert reads_of_page == 0, "the county's 2014 page reads nothing the city's 2014 page read"
        else:
            assert reads_of_page > 0
    assert reused == alone
    bump_data_version()
    views.dashboard_figures(city["620502"], 2014)
    assert batch._across_version[0] == shared_cache.data_version()  # only the current version is kept
