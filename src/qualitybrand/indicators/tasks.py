"""Background work of the indicators (django-tasks): after an import or an undo has changed the data,
the task worker renders what the apps above registered (the dashboard's figures, reports/apps.py) for
the city and every county, this year and last year, into the cache every gunicorn worker shares (indicators/cache.py), so the first people to open
the dashboard after an import do not wait for it."""

from __future__ import annotations

from django_tasks import task

YEARS_BACK = 1  # this year and the previous one

# What to render ahead, registered by the app that shows it (the dashboard lives above the engine, in
# reports, and registers itself in its AppConfig.ready): per (region, year) a pair (is_cached, build),
# and per region a builder of its year-independent sections.
YEAR_SECTIONS: list[tuple] = []
REGION_SECTIONS: list = []


def register_year_section(is_cached, build) -> None:
    YEAR_SECTIONS.append((is_cached, build))


def register_region_section(build) -> None:
    REGION_SECTIONS.append(build)


def dashboard_regions():
    """Every city and its counties (the regions a dashboard is opened for), by code."""
    from qualitybrand.core.models import Region, RegionKind

    cities = list(Region.objects.filter(kind=RegionKind.CITY).order_by("code"))
    counties = list(Region.objects.filter(parent__in=cities).exclude(kind=RegionKind.TOWNSHIP).order_by("code"))
    return cities + counties


def _yield_to_others(version: int) -> bool:
    """Stop early when the data changed meanwhile or other work waits in the queue (an import queued
    behind this task): that work queues a precompute of its own when it has changed the data."""
    from qualitybrand.core.changelog import data_version

    if data_version() != version:
        return True
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is installed with the project
        return False
    return DBTaskResult.objects.ready().exclude(task_path__endswith=".precompute_dashboards").exists()


def precompute() -> int:
    """Render what is missing for the current data version; returns how many sections were computed
    (0 when another run did this version already, or inside a transaction where nothing is cached)."""
    from django.db import connection

    from qualitybrand.core import clock
    from qualitybrand.indicators import cache
    if connection.in_atomic_block:
        return 0
    with cache.request_scope():
        marker = cache.key_for(("precomputed", clock.today().isoformat()))
        if not cache.shared().add(marker, 1, cache.SHARED_TIMEOUT):
            return 0
        this_year = clock.today().year
        done = 0
        version = cache.data_version()
        try:
            for region in dashboard_regions():
                for year in range(this_year, this_year - YEARS_BACK - 1, -1):
                    if _yield_to_others(version):
                        cache.shared().delete(marker)
                        return done
                    for is_cached, build in YEAR_SECTIONS:
                        if not is_cached(region, year):
                            build(region, year)
                            done += 1
                for build in REGION_SECTIONS:
                    build(region)
        except BaseException:
            cache.shared().delete(marker)  # let a later run try again
            raise
        return done


@task()
def precompute_dashboards() -> int:
    return precompute()


def enqueue_precompute() -> None:
    """Queue the precompute for the worker. Not with an immediate backend (the tests'): it would run in
    the import's own request or task and only delay it."""
    from django_tasks.backends.immediate import ImmediateBackend

    if isinstance(precompute_dashboards.get_backend(), ImmediateBackend):
        return
    precompute_dashboards.enqueue()
