"""Background work of the indicators (django-tasks): after an import or an undo has changed the data,
the task worker renders the dashboard's figures for the city and every county, this year and last
year, into the cache every gunicorn worker shares (indicators/cache.py), so the first people to open
the dashboard after an import do not wait for it."""

from __future__ import annotations

from django_tasks import task

YEARS_BACK = 1  # this year and the previous one


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
    from qualitybrand.indicators.selectors import shortfall_flags
    from qualitybrand.indicators.views import dashboard_figures, figures_key

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
                    if not cache.is_cached(figures_key(region, year)):
                        dashboard_figures(region, year)
                        done += 1
                shortfall_flags(None, region)
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
