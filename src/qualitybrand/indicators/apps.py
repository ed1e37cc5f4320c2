from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _forget_cached_figures(**kwargs):
    """A migrate or flush may reset the data version: drop cached figures so none can be stale."""
    from django.core.cache import cache

    cache.clear()


class IndicatorsConfig(AppConfig):
    name = "qualitybrand.indicators"
    label = "indicators"

    def ready(self):
        post_migrate.connect(_forget_cached_figures, sender=self, dispatch_uid="qb_indicators_cache_clear")
